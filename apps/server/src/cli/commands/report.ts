import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { badInput } from '../../errors.ts';
import type { DataSource } from '../../report/service.ts';
import { openRuntime } from '../../runtime.ts';

export function parseYear(v: string): number {
  const y = Number(v);
  if (!/^\d{4}$/.test(v) || y < 1900 || y > 2200)
    throw badInput(`--year must be a year like 2023, got "${v}"`);
  return y;
}

/** Opens the data source (an exchange folder with --from, else the database); closes it after `fn`. */
export async function withSource<T>(
  from: string | undefined,
  fn: (src: DataSource) => Promise<T>,
): Promise<T> {
  if (from) return fn({ kind: 'folder', dir: from });
  const rt = await openRuntime();
  try {
    return await fn({ kind: 'db', db: rt.db });
  } finally {
    await rt.db.close();
  }
}

export const progress = (msg: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${msg}`);
};
export const progressDone = () => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
};

export function register(program: Command) {
  program
    .command('report')
    .description('National figures for one year (annual-report.md): JSON on stdout, or HTML/PDF for people')
    .requiredOption('--year <YYYY>', 'calendar year')
    .option('--format <format>', 'json | html | pdf', 'json')
    .option('--out <file>', 'write to this file (required for pdf)')
    .option('--lang <lang>', 'language of the html/pdf report: es-MX | en-US', 'es-MX')
    .option('--from <dir>', 'compute from an exchange-format folder instead of the database')
    .action(async (opts: { year: string; format: string; out?: string; from?: string; lang: string }) => {
      const year = parseYear(opts.year);
      if (!['es-MX', 'en-US'].includes(opts.lang)) throw badInput('--lang must be es-MX or en-US');
      const lang = opts.lang as 'es-MX' | 'en-US';
      if (!['json', 'html', 'pdf'].includes(opts.format))
        throw badInput('--format must be json, html or pdf');
      if (opts.format === 'pdf' && !opts.out) throw badInput('--format pdf needs --out FILE');
      await withSource(opts.from, async (src) => {
        progress('counting…');
        let body: string | Buffer;
        // JSON from the database needs only the fast path: the rest (folder loading, linkage, HTML, PDF) is
        // imported when used, so that `enlace report --format json` starts light
        if (opts.format === 'json' && src.kind === 'db') {
          // per-person work in SQL, same rules (repository.test.ts checks equality)
          // the spec's figures, then how many of the year's identifications still wait on a linkage review
          // kept in the database per data version (figures-store.ts): computed once after a write
          const { storedAnnualReport, storedLinkageReview } = await import('../../report/figures-store.ts');
          const [report, review] = await Promise.all([
            storedAnnualReport(src.db, year),
            storedLinkageReview(src.db, year),
          ]);
          body = `${JSON.stringify({ ...report, linkage_review: review }, null, 2)}\n`;
        } else if (opts.format === 'json') {
          const { annualReport, loadData } = await import('../../report/service.ts');
          body = `${JSON.stringify(annualReport(await loadData(src, year, year), year), null, 2)}\n`;
        } else if (src.kind === 'db') {
          // the file kept in the database for this data version (render-store.ts), else rendered from the stored
          // figures (three years by the SQL fast path, by-state figures, completeness) and kept
          const { storedReportFile } = await import('../../report/render-store.ts');
          const { storedReportBundle, storedLinkageReview } = await import('../../report/figures-store.ts');
          const { justiceDurationFigures } = await import('../../report/justice-annex.ts');
          const format = opts.format as 'html' | 'pdf';
          const file = await storedReportFile(src.db, { year, lang, format }, async () => {
            progress(format === 'pdf' ? 'loading figures and printing PDF…' : 'loading figures…');
            const [bundle, linkageReview, justiceDurations] = await Promise.all([
              storedReportBundle(src.db, year),
              storedLinkageReview(src.db, year),
              justiceDurationFigures(src.db, year),
            ]);
            return { bundle, linkageReview, justiceDurations };
          });
          body = format === 'html' ? file.body.toString('utf8') : file.body;
        } else {
          progress('loading records…');
          const { renderReportHtml } = await import('../../report/render-report.ts');
          const { loadData, reportBundle } = await import('../../report/service.ts');
          const html = renderReportHtml(reportBundle(await loadData(src, year - 2, year), year), { lang });
          if (opts.format === 'html') body = html;
          else {
            progress('printing PDF…');
            const { htmlToPdf } = await import('../../report/render-pdf.ts');
            body = await htmlToPdf(html, { lang, year });
          }
        }
        progressDone();
        if (opts.out) {
          writeFileSync(opts.out, body);
          process.stderr.write(`wrote ${opts.out}\n`);
        } else process.stdout.write(body);
      });
    });
}
