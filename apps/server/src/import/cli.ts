/** Terminal helpers of the import/export commands: a progress bar (rows, rate, ETA) and result tables. */
import { type ExchangeError, formatExchangeError, type Progress } from '@enlace/core';
import type { ImportResult } from './engine.ts';

/** A progress reporter for TTYs (no-op otherwise): phase, file, rows, rows/s, percentage of bytes, ETA. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: Progress) => void;
  done: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const start = Date.now();
  let phaseStart = start;
  let phase = '';
  let rowsBefore = 0;
  let lastFile = '';
  let lastRows = 0;
  let last = 0;
  return {
    update(p) {
      if (p.phase !== phase) {
        phase = p.phase;
        phaseStart = Date.now();
        rowsBefore = 0;
        lastFile = '';
        lastRows = 0;
      }
      if (p.file !== lastFile) {
        rowsBefore += lastRows;
        lastFile = p.file;
      }
      lastRows = p.rows;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const secs = Math.max(0.001, (now - phaseStart) / 1000);
      const rows = rowsBefore + p.rows;
      const rate = Math.round(rows / secs);
      const frac = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 0;
      const eta = frac > 0 ? Math.round((secs / frac) * (1 - frac)) : 0;
      const width = 24;
      const filled = Math.round(frac * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const label = p.phase === 'validate' ? 'validando/validating' : 'cargando/loading';
      stream.write(
        `\r\x1b[K${label} ${bar} ${(frac * 100).toFixed(0)}% ${p.file} ${rows.toLocaleString('en')} rows ${rate.toLocaleString('en')} rows/s ETA ${eta}s`,
      );
    },
    done() {
      stream.write('\r\x1b[K');
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
