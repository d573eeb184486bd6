import type { Command } from 'commander';
import { badInput } from '../../errors.ts';
import { loadData, writeCtdc } from '../../report/service.ts';
import { progress, progressDone, withSource } from './report.ts';

/**
 * `enlace export --format ctdc --out FILE`: victims in the columns of CTDC's global dataset, k-anonymised.
 * The exchange engineer's `export` command should call this for --format ctdc; until then it is also
 * available as `enlace ctdc --out FILE`.
 */
export async function exportCtdc(opts: {
  out: string;
  k?: number;
  from?: string | undefined;
}): Promise<string> {
  const k = opts.k ?? 11;
  return withSource(opts.from, async (src) => {
    progress('loading records…');
    const loaded = await loadData(src, 1900, new Date().getUTCFullYear() + 1);
    const exp = writeCtdc(loaded, opts.out, k);
    progressDone();
    return `wrote ${opts.out}: ${exp.rows.length} victims in CTDC columns, k = ${k}; ${exp.suppressed} rows suppressed (quasi-identifiers could not be generalised into a group of ${k}); rows per generalisation step: ${exp.generalised.join('/')}\n`;
  });
}

export function register(program: Command) {
  program
    .command('ctdc')
    .description(
      'Victims in the columns of CTDC’s global dataset, k-anonymised (same as export --format ctdc)',
    )
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--k <k>', 'k-anonymity over the quasi-identifiers', '11')
    .option('--from <dir>', 'read an exchange-format folder instead of the database')
    .action(async (opts: { out: string; k: string; from?: string }) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 2) throw badInput('--k must be an integer >= 2');
      process.stdout.write(await exportCtdc({ out: opts.out, k, from: opts.from }));
    });
}
