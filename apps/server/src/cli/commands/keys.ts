import type { Command } from 'commander';
import { audit } from '../../audit/service.ts';
import { openRuntime } from '../../runtime.ts';
import { rotateKeys } from '../../security/crypto.ts';

export function register(program: Command) {
  const keys = program.command('keys').description('Field-encryption keys');
  keys
    .command('rotate')
    .description('Add a new data key and re-encrypt every encrypted field with it, in one transaction')
    .action(async () => {
      const rt = await openRuntime();
      try {
        const r = await rotateKeys(rt.db, (n, col) =>
          process.stderr.write(`  ${col}: ${n} values re-encrypted so far\n`),
        );
        await audit(
          { db: rt.db, actor: { userId: null, agencyId: null } },
          { action: 'keys_rotate', resource: 'encryption_keys', resourceId: r.newKeyId },
        );
        process.stdout.write(
          `new active key ${r.newKeyId}; re-encrypted ${r.reencrypted} values in ${r.columns.length} column(s)\n`,
        );
      } finally {
        await rt.db.close();
      }
    });
}
