/**
 * The national report as a file (HTML, and the PDF printed by Chromium) kept in the database per (year, language,
 * format) for the data version it shows (`report_renders`, migration 165), so that a repeated download of the
 * same data reads the file instead of printing it again (Chromium's start and printing: 3–7 s at 1,000,000
 * persons on a loaded machine, against one indexed read).
 *
 * A stored file is served only while `report_data_version` still has the version it was rendered at (the same
 * rule as the stored figures, figures-store.ts) and while the renderer is the one that made it (a hash of the
 * rendering code and of the Chromium binary: a deployment that changes the report's layout or texts renders
 * again). A render is stored only when the data version was read while no write was uncommitted and has not
 * moved by the end of the render; storing it deletes the renders of older data versions, so at most one file per
 * (year, language, format), all of the latest data version, is kept.
 *
 * The PDF's creation and modification dates are those of the figures (`generatedAt`), not of the print, so a
 * render of the same data version is byte for byte the same file whether it was read from the store or printed
 * again (render-store.test.ts). Aggregates only: no personal data.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/index.ts';
import { dataVersionIfQuiet, type StoreOptions } from './figures-store.ts';
import type { JusticeDurationFigures } from './justice-annex.ts';
import type { ReportBundle } from './render-html.ts';
import { CHROMIUM_PATH, startChromium } from './render-pdf.ts';
import { hasTable } from './repository.ts';
import type { LinkageReview } from './review.ts';

export type ReportLang = 'es-MX' | 'en-US';
export type ReportFormat = 'html' | 'pdf';

/** What the report page is made of: the stored figures of the data version (figures-store.ts). */
export interface ReportInputs {
  bundle: ReportBundle;
  linkageReview?: LinkageReview;
  justiceDurations?: JusticeDurationFigures;
}

export interface RenderStoreOptions extends StoreOptions {
  /** keep Chromium warm this long after printing (server: 60 s; CLI: 0, closed at once) */
  keepWarmMs?: number;
}

export interface StoredDocument {
  body: Buffer;
  /** true when read from the store, false when rendered by this call */
  stored: boolean;
}

let rendererHash: string | undefined;
/**
 * A hash of the code that makes the report file (this folder's rendering modules, the core's report and justice
 * texts) and of the Chromium binary's size and date (a package upgrade prints a different file).
 */
export function rendererFingerprint(): string {
  if (rendererHash) return rendererHash;
  const h = createHash('sha256');
  const add = (url: URL, filter: (name: string) => boolean) => {
    try {
      const dir = fileURLToPath(url);
      for (const name of readdirSync(dir).sort()) {
        if (!filter(name) || name.includes('.test')) continue;
        h.update(name);
        h.update(readFileSync(`${dir}/${name}`));
      }
    } catch {
      h.update(`missing ${url.pathname}`);
    }
  };
  add(new URL('./', import.meta.url), (n) => /^(render-[a-z]+|justice-annex|geo-build)\.ts$/.test(n));
  add(new URL('../../assets/geo/', import.meta.url), () => true);
  add(new URL('../../../../packages/core/src/report/', import.meta.url), (n) => n.endsWith('.ts'));
  add(new URL('../../../../packages/core/src/', import.meta.url), (n) => n === 'justice.ts');
  try {
    const s = statSync(CHROMIUM_PATH);
    h.update(`${CHROMIUM_PATH} ${s.size} ${s.mtimeMs}`);
  } catch {
    h.update('no chromium');
  }
  rendererHash = h.digest('hex').slice(0, 32);
  return rendererHash;
}

/** `D:YYYYMMDDHHmmSS+00'00'` of an ISO date (UTC), the PDF's date format. */
function pdfDate(iso: string): string {
  const d = new Date(iso);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/**
 * Sets the PDF's /CreationDate and /ModDate (Chromium writes the time of printing) to `iso`, in place and with
 * the same length (the cross-reference offsets stay valid). Dates of another form are left as they are.
 */
export function stampPdfDates(pdf: Buffer, iso: string): Buffer {
  const text = pdf.toString('latin1');
  const date = pdfDate(iso);
  const out = Buffer.from(pdf);
  for (const m of text.matchAll(/\/(?:CreationDate|ModDate) ?\((D:\d{14}(?:Z|[+-]\d\d'\d\d'?)?)\)/g)) {
    const old = m[1]!;
    const start = m.index! + m[0].length - 1 - old.length;
    // the same length or shorter-by-nothing: only forms as long as the new date are replaced
    if (old.length === date.length) out.write(date, start, 'latin1');
  }
  return out;
}

/** Renders the report file from its inputs (no store). */
export async function renderReportFile(
  inputs: ReportInputs,
  q: { year: number; lang: ReportLang; format: ReportFormat },
  keepWarmMs = 0,
): Promise<Buffer> {
  const { renderReportHtml } = await import('./render-report.ts');
  const html = renderReportHtml(inputs.bundle, {
    lang: q.lang,
    ...(inputs.linkageReview ? { linkageReview: inputs.linkageReview } : {}),
    ...(inputs.justiceDurations ? { justiceDurations: inputs.justiceDurations } : {}),
  });
  if (q.format === 'html') return Buffer.from(html, 'utf8');
  const { htmlToPdf } = await import('./render-pdf.ts');
  const pdf = await htmlToPdf(html, { lang: q.lang, year: q.year, keepWarmMs });
  return inputs.bundle.generatedAt ? stampPdfDates(pdf, inputs.bundle.generatedAt) : pdf;
}

/**
 * The report file of a year in a language and format at the current data version: read from the store when
 * rendered before for this version and renderer, else rendered from `inputs()` (the stored figures) and stored
 * if the data version was quiet and did not move meanwhile. `store: false` (a read replica) neither reads nor
 * writes stored files.
 */
export async function storedReportFile(
  db: Db,
  q: { year: number; lang: ReportLang; format: ReportFormat },
  inputs: () => Promise<ReportInputs>,
  opts: RenderStoreOptions = {},
): Promise<StoredDocument> {
  const useStore = opts.store !== false && (await hasTable(db, 'report_renders'));
  const renderer = rendererFingerprint();
  const before = useStore ? await dataVersionIfQuiet(db) : { version: '0', quiet: false };
  if (before.quiet) {
    const { rows } = await db.query<{ body: Buffer | Uint8Array }>(
      `SELECT body FROM report_renders
        WHERE year = $1 AND lang = $2 AND format = $3 AND data_version = $4::bigint AND renderer = $5`,
      [q.year, q.lang, q.format, before.version, renderer],
    );
    if (rows[0]) return { body: Buffer.from(rows[0].body), stored: true };
  }
  const started = performance.now();
  // a PDF: Chromium starts while the figures are read or computed
  const letGo = q.format === 'pdf' ? startChromium() : undefined;
  let body: Buffer;
  try {
    body = await renderReportFile(await inputs(), q, opts.keepWarmMs ?? 0);
  } finally {
    letGo?.(opts.keepWarmMs ?? 0);
  }
  if (before.quiet) {
    const after = await dataVersionIfQuiet(db);
    // a write committed or begun during the render: the file may show newer data than its version; not stored
    if (after.quiet && after.version === before.version) {
      await db
        .transaction(async (tx) => {
          await tx.query(
            `INSERT INTO report_renders (year, lang, format, data_version, renderer, body, render_ms)
             VALUES ($1, $2, $3, $4::bigint, $5, $6, $7)
             ON CONFLICT (year, lang, format) DO UPDATE SET data_version = EXCLUDED.data_version,
               renderer = EXCLUDED.renderer, body = EXCLUDED.body, rendered_at = now(), render_ms = EXCLUDED.render_ms
             WHERE report_renders.data_version <= EXCLUDED.data_version`,
            [
              q.year,
              q.lang,
              q.format,
              before.version,
              renderer,
              body,
              Math.round(performance.now() - started),
            ],
          );
          // bounded: only the latest data version's files are kept
          await tx.query('DELETE FROM report_renders WHERE data_version < $1::bigint', [before.version]);
        })
        // a failed write (read-only database) only means the next request renders again
        .catch(() => undefined);
    }
  }
  return { body, stored: false };
}
