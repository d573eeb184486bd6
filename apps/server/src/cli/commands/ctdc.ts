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

/** `enlace import-htcds FILE --agency ID`: a CTDC / HTCDS victim file into the database (import/htcds.ts). */
async function importHtcdsCommand(
  file: string,
  opts: { agency: string; dryRun?: boolean; json?: boolean; maxErrors: string; lang: string },
) {
  const lang = opts.lang === 'en-US' ? 'en-US' : 'es-MX';
  const { openRuntime } = await import('../../runtime.ts');
  const { importHtcds } = await import('../../import/htcds.ts');
  const rt = await openRuntime();
  try {
    progress('checking the file…');
    const r = await importHtcds({ db: rt.db, actor: { userId: null, agencyId: null } }, file, {
      agencyId: opts.agency,
      dryRun: !!opts.dryRun,
      maxErrors: Number(opts.maxErrors) || 1000,
    });
    progressDone();
    if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      const out: string[] = [];
      for (const e of r.errors)
        out.push(`${e.file}:${e.line}${e.column ? `: ${e.column}` : ''}: ${e.message[lang]}`);
      if (r.errorCount > r.errors.length) out.push(`… ${r.errorCount - r.errors.length} more`);
      if (!r.ok) out.push(`${r.file}: ${r.errorCount} error(s); nothing was imported`);
      else if (r.dryRun) out.push(`${r.file}: ${r.rows} victims, no errors (dry run: nothing was imported)`);
      else {
        const counts = r.files.map(
          (f) => `${f.file} ${f.inserted} new, ${f.updated} changed, ${f.unchanged} unchanged`,
        );
        out.push(`${r.file}: ${r.rows} victims imported for ${opts.agency}: ${counts.join('; ')}`);
      }
      const approx = Object.entries(r.approximated);
      if (approx.length)
        out.push(
          `values without an exact code in Enlace, taken to the nearest one: ${approx.map(([c, n]) => `${c} ${n}`).join(', ')}`,
        );
      process.stdout.write(`${out.join('\n')}\n`);
    }
    if (!r.ok) process.exitCode = 2;
  } finally {
    await rt.db.close();
  }
}

export function register(program: Command) {
  program
    .command('import-htcds')
    .description(
      'Import a CTDC / HTCDS victim file (the columns enlace ctdc writes) as persons and identifications of an agency; all or nothing',
    )
    .argument('<file>', 'CSV file in CTDC columns')
    .requiredOption('--agency <id>', 'the agency the records belong to (must exist)')
    .option('--dry-run', 'check only; change nothing')
    .option('--json', 'print the result as JSON')
    .option('--max-errors <n>', 'list at most this many errors', '1000')
    .option('--lang <lang>', 'language of the error messages: es-MX | en-US', 'es-MX')
    .action(importHtcdsCommand);
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
