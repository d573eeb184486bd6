import type { Command } from 'commander';
import { progressPrinter } from './backup.ts';

export function register(program: Command) {
  program
    .command('restore')
    .description(
      'Restore a backup written by `enlace backup`: into an empty database (DATABASE_URL) or an embedded folder ' +
        "without a database. The master key must be the backup's (checked before anything is written)",
    )
    .argument('<in>', 'the backup file')
    .option(
      '--force',
      'embedded: set an existing database aside (renamed, never deleted) and restore in its place',
    )
    .action(async (input: string, opts: { force?: boolean }) => {
      const { restoreDatabase } = await import('../../db/backup.ts');
      const progress = progressPrinter();
      const r = await restoreDatabase(input, { force: opts.force === true, onProgress: progress }).finally(
        () => progress.end(),
      );
      const m = r.manifest;
      process.stdout.write(
        `restored the ${m.database} database backed up at ${m.createdAt}: audit log verified (${r.auditEntries} entries, the last one records this restore)\n`,
      );
      for (const a of r.setAside) process.stdout.write(`set aside: ${a}\n`);
    });
}
