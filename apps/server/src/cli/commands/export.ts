import type { Command } from 'commander';
import { badInput } from '../../errors.ts';
import { exportFolder } from '../../import/engine.ts';
import { openRuntime } from '../../runtime.ts';
import { exportCtdc } from './ctdc.ts';

export function register(program: Command) {
  program
    .command('export')
    .description('Write the data (or one agency / one year of it) as an exchange-format folder')
    .argument('[dir]', 'folder to write (created if missing; files are overwritten)')
    .option(
      '--format <format>',
      'exchange (default) or ctdc (victims in CTDC columns, k-anonymised)',
      'exchange',
    )
    .option('--out <file>', 'with --format ctdc: the CSV file to write')
    .option('--k <k>', 'with --format ctdc: k-anonymity threshold', '11')
    .option('--agency <id>', "only this agency's records (and the records they reference)")
    .option('--year <YYYY>', 'only records dated in this year (and the records they reference)')
    .action(
      async (
        dir: string | undefined,
        opts: { agency?: string; year?: string; format: string; out?: string; k: string },
      ) => {
        if (opts.format === 'ctdc') {
          if (!opts.out) throw badInput('--format ctdc needs --out FILE');
          process.stdout.write(`${await exportCtdc({ out: opts.out, k: Number(opts.k) || 11 })}\n`);
          return;
        }
        if (opts.format !== 'exchange')
          throw badInput(`--format must be exchange or ctdc, got "${opts.format}"`);
        if (!dir) throw badInput('give the folder to write: enlace export DIR');
        let year: number | undefined;
        if (opts.year !== undefined) {
          if (!/^\d{4}$/.test(opts.year))
            throw badInput(`--year must be a year like 2023, got "${opts.year}"`);
          year = Number(opts.year);
        }
        const rt = await openRuntime();
        try {
          if (opts.agency) {
            const r = await rt.db.query('SELECT 1 FROM agencies WHERE id = $1', [opts.agency]);
            if (!r.rows.length) throw badInput(`unknown agency: ${opts.agency}`);
          }
          const counts = await exportFolder({ db: rt.db, actor: { userId: null, agencyId: null } }, dir, {
            agencies: opts.agency ? [opts.agency] : undefined,
            year,
          });
          for (const [file, n] of Object.entries(counts))
            process.stdout.write(`${file.padEnd(26)} ${String(n).padStart(9)}\n`);
        } finally {
          await rt.db.close();
        }
      },
    );
}
