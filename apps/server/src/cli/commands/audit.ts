import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  type AuditCheckpoint,
  checkAgainstCheckpoint,
  describeCheckpoint,
  parseCheckpoint,
  readCheckpointFile,
  writeCheckpoint,
} from '../../audit/checkpoint.ts';
import { verifyAuditChain } from '../../audit/service.ts';
import { openRuntime } from '../../runtime.ts';

export function register(program: Command) {
  const a = program.command('audit').description('The hash-chained audit log');
  a.command('verify')
    .description(
      'Walk the chain; name the first entry that was altered or follows a removed one, and check the signed ' +
        'checkpoint of the head (removal of the newest entries). Exit code 3 when broken',
    )
    .option(
      '--checkpoint <file>',
      'checkpoint file to check against (default ENLACE_AUDIT_CHECKPOINT_FILE or DATA_DIR/audit-checkpoint.json)',
    )
    .option(
      '--anchor <json|file>',
      'also check a checkpoint kept elsewhere (a line printed by `enlace audit checkpoint` or by the server)',
    )
    .action(async (opts: { checkpoint?: string; anchor?: string }) => {
      const rt = await openRuntime({ checkpoint: 'never' });
      try {
        const tty = process.stderr.isTTY;
        const r = await verifyAuditChain(
          rt.db,
          (n) => tty && process.stderr.write(`\r  checked ${n} entries`),
        );
        if (tty) process.stderr.write('\n');
        if (!r.ok) {
          process.stdout.write(
            `audit log BROKEN at entry ${r.firstBadId} (${r.reason}); ${r.checked} entries before it are intact\n`,
          );
          process.exitCode = 3;
          return;
        }
        const checkpoints: { label: string; cp: AuditCheckpoint }[] = [];
        const problems: string[] = [];
        const notes: string[] = [];
        const file = opts.checkpoint ?? rt.checkpointFile;
        const fromFile = readCheckpointFile(file);
        if (fromFile.ok) checkpoints.push({ label: file, cp: fromFile.checkpoint });
        else if (fromFile.problem === 'missing')
          notes.push(
            `no checkpoint at ${file}: removal of the newest entries cannot be detected (\`enlace serve\` writes one)`,
          );
        else problems.push(`${file}: ${fromFile.message}`);
        if (opts.anchor) {
          const text = existsSync(opts.anchor) ? readFileSync(opts.anchor, 'utf8') : opts.anchor;
          const anchored = parseCheckpoint(text.replace(/^audit checkpoint\s+/, ''));
          if (anchored.ok) checkpoints.push({ label: 'anchor', cp: anchored.checkpoint });
          else problems.push(`anchor: ${anchored.message}`);
        }
        for (const { label, cp } of checkpoints) {
          const c = await checkAgainstCheckpoint(rt.db, cp);
          if (!c.ok) problems.push(c.message);
          else notes.push(`${describeCheckpoint(cp)} from ${label} matches`);
        }
        if (problems.length > 0) {
          for (const p of problems) process.stdout.write(`audit log BROKEN: ${p}\n`);
          process.stdout.write(`(the ${r.checked} entries present form an intact chain)\n`);
          for (const n of notes) process.stdout.write(`${n}\n`);
          process.exitCode = 3;
          return;
        }
        process.stdout.write(`audit log intact: ${r.checked} entries; head hash ${r.headHash}\n`);
        for (const n of notes) process.stdout.write(`${n}\n`);
      } finally {
        await rt.db.close();
      }
    });
  a.command('checkpoint')
    .description(
      'Sign a checkpoint of the log head now, store it in the checkpoint file and print it (keep a copy elsewhere to anchor it)',
    )
    .action(async () => {
      const rt = await openRuntime({ checkpoint: 'never' });
      try {
        const w = await writeCheckpoint(rt.db, rt.checkpointFile);
        if (w.status === 'refused') {
          process.stdout.write(`audit log BROKEN: ${w.message}; the checkpoint was not advanced\n`);
          process.exitCode = 3;
          return;
        }
        if (!w.checkpoint) {
          process.stdout.write('the audit log is empty: nothing to checkpoint\n');
          return;
        }
        process.stderr.write(
          `${w.status === 'written' ? 'wrote' : 'unchanged:'} ${describeCheckpoint(w.checkpoint)} in ${rt.checkpointFile}\n`,
        );
        process.stdout.write(`${JSON.stringify(w.checkpoint)}\n`);
      } finally {
        await rt.db.close();
      }
    });
}
