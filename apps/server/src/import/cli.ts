/** Terminal helpers of the import/export commands: a progress bar (rows, rate, ETA) and result tables. */

import { type ExchangeError, formatExchangeError, type Progress } from '@enlace/core';
import cliProgress from 'cli-progress';
import type { ImportResult } from './engine.ts';

/**
 * A progress bar for TTYs (no-op otherwise), drawn by cli-progress as `enlace link`'s: phase, share of the bytes
 * read, file, rows, rows/s and ETA; one bar per phase (validate, then load), then `link` for the linkage of the
 * new persons that `enlace import` runs after the import.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: Progress) => void;
  link: (done: number, total: number) => void;
  done: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, link: () => {}, done: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {percentage}% {file} {rows} rows {rate} rows/s ETA {eta}s',
      stream,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const linkBar = new cliProgress.SingleBar(
    {
      format: 'vinculando/linking [{bar}] {percentage}% {value}/{total} persons ETA {eta}s',
      stream,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const label = (p: Progress) => (p.phase === 'validate' ? 'validando/validating' : 'cargando/loading');
  let phase = '';
  let phaseStart = 0;
  let rowsBefore = 0;
  let lastFile = '';
  let lastRows = 0;
  return {
    update(p) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        phaseStart = performance.now();
        rowsBefore = 0;
        lastFile = '';
        lastRows = 0;
        bar.start(Math.max(1, p.totalBytes), 0, { phase: label(p), file: p.file, rows: '0', rate: '0' });
      }
      if (p.file !== lastFile) {
        rowsBefore += lastRows;
        lastFile = p.file;
      }
      lastRows = p.rows;
      const rows = rowsBefore + p.rows;
      const secs = Math.max(0.001, (performance.now() - phaseStart) / 1000);
      bar.update(Math.min(p.bytes, Math.max(1, p.totalBytes)), {
        phase: label(p),
        file: p.file,
        rows: rows.toLocaleString('en'),
        rate: Math.round(rows / secs).toLocaleString('en'),
      });
    },
    link(done, total) {
      if (phase !== 'link') {
        if (phase) bar.stop();
        phase = 'link';
        linkBar.start(Math.max(1, total), 0);
      }
      linkBar.setTotal(Math.max(1, total));
      linkBar.update(done);
    },
    done() {
      if (phase === 'link') linkBar.stop();
      else if (phase) bar.stop();
      phase = '';
    },
  };
}

/** Both languages on one line: `file:line [column]: es — en (code)`. */
export function errorLine(e: ExchangeError): string {
  return `${formatExchangeError(e, 'es').replace(/ \([a-z_]+\)$/, '')} — ${e.message.en} (${e.code})`;
}

export function formatImportResult(r: ImportResult): string {
  const lines: string[] = [];
  if (!r.ok) {
    lines.push(
      `Importación rechazada, la base de datos no cambió / Import rejected, the database is unchanged: ${r.errorCount} error(es)`,
    );
    for (const e of r.errors) lines.push(`  ${errorLine(e)}`);
    if (r.errorCount > r.errors.length)
      lines.push(
        `  … y ${r.errorCount - r.errors.length} errores más / and ${r.errorCount - r.errors.length} more errors`,
      );
    return `${lines.join('\n')}\n`;
  }
  const head = r.dryRun
    ? 'Validación correcta (sin cambios) / Valid (dry run, nothing changed)'
    : 'Importación completa / Import complete';
  lines.push(head);
  const w = Math.max(...r.files.map((f) => f.file.length), 4);
  lines.push(
    `  ${'file'.padEnd(w)}  ${'rows'.padStart(9)}${r.dryRun ? '' : `  ${'inserted'.padStart(9)}  ${'updated'.padStart(9)}  ${'unchanged'.padStart(9)}`}`,
  );
  for (const f of r.files) {
    lines.push(
      `  ${f.file.padEnd(w)}  ${String(f.rows).padStart(9)}${r.dryRun ? '' : `  ${String(f.inserted).padStart(9)}  ${String(f.updated).padStart(9)}  ${String(f.unchanged).padStart(9)}`}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
