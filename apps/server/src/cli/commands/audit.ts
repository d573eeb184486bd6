import type { Command } from 'commander';
import { verifyAuditChain } from '../../audit/service.ts';
import { openRuntime } from '../../runtime.ts';

export function register(program: Command) {
  const a = program.command('audit').description('The hash-chained audit log');
  a.command('verify')
    .description('Walk the chain; name the first entry that was altered or follows a removed one')
    .action(async () => {
      const rt = await openRuntime();
      try {
        const tty = process.stderr.isTTY;
        const r = await verifyAuditChain(
          rt.db,
          (n) => tty && process.stderr.write(`\r  checked ${n} entries`),
        );
        if (tty) process.stderr.write('\n');
        if (r.ok) {
          process.stdout.write(`audit log intact: ${r.checked} entries; head hash ${r.headHash}\n`);
        } else {
          process.stdout.write(
            `audit log BROKEN at entry ${r.firstBadId} (${r.reason}); ${r.checked} entries before it are intact\n`,
          );
          process.exitCode = 3;
        }
      } finally {
        await rt.db.close();
      }
    });
}
