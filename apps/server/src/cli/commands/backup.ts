import type { Command } from 'commander';
import type { Progress } from '../../db/backup.ts';

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/**
 * Progress on standard error: one rewritten line on a terminal; otherwise a line per phase and every 10 %
 * (or every 64 MiB when the total is unknown), so logs of scheduled backups show it too.
 */
export function progressPrinter(out: NodeJS.WriteStream = process.stderr): Progress & { end(): void } {
  let phase = '';
  let lastStep = -1;
  let shown = false;
  const print: Progress & { end(): void } = Object.assign(
    (p: { phase: string; done: number; total?: number | undefined }) => {
      const pct = p.total ? Math.min(100, Math.floor((p.done / p.total) * 100)) : undefined;
      const line = `  ${p.phase}: ${mib(p.done)}${p.total ? ` of ${mib(p.total)} (${pct} %)` : ''}`;
      if (out.isTTY) {
        out.write(`\r\x1b[K${line}`);
        shown = true;
        if (p.phase !== phase) phase = p.phase;
        return;
      }
      const step = pct !== undefined ? Math.floor(pct / 10) : Math.floor(p.done / (64 * 2 ** 20));
      if (p.phase !== phase || step !== lastStep) {
        phase = p.phase;
        lastStep = step;
        out.write(`${line}\n`);
      }
    },
    {
      end() {
        if (shown) out.write('\n');
        shown = false;
      },
    },
  );
  return print;
}

export function register(program: Command) {
  program
    .command('backup')
    .description(
      'Write a backup of the database (DATABASE_URL: pg_dump in one snapshot; else a consistent copy of the ' +
        'embedded folder, which must not be in use) to one file. It never contains the master key: back that up apart',
    )
    .argument('<out>', 'the backup file to write (must not exist)')
    .action(async (out: string) => {
      const { backupDatabase } = await import('../../db/backup.ts');
      const progress = progressPrinter();
      const r = await backupDatabase(out, { onProgress: progress }).finally(() => progress.end());
      const m = r.manifest;
      process.stdout.write(
        `backup written: ${r.file} (${m.database} database, ${mib(m.content.bytes)} of data, ${
          m.audit ? `audit log up to entry ${m.audit.seq}` : 'empty audit log'
        }, data keys ${m.encryptionKeys.map((k) => k.id).join(', ')})\n`,
      );
      process.stderr.write(
        'The backup does not contain the master key. Without that key the backup cannot be restored: keep a copy of it apart from the backups.\n',
      );
    });
}
