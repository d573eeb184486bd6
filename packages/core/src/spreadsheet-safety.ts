/**
 * CSV injection (OWASP): spreadsheet programs run a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `@SUM(…)`). Every CSV Enlace writes
 * passes its text cells through `neutraliseCell`, and every reader of those files passes them through
 * `restoreCell`, so the escape is invisible to a program that reads the file back:
 *
 * - write: a text cell that starts with zero or more `'` followed by one of `= + - @ TAB CR` gets one more `'`
 *   in front (`=1+1` → `'=1+1`, `'=1+1` → `''=1+1`); every other text cell is written as it is;
 * - read: a text cell that starts with one or more `'` followed by one of those characters loses its first `'`;
 *   every other text cell is read as it is.
 *
 * The two are exact inverses (`restoreCell(neutraliseCell(s)) === s` for every string, and
 * `neutraliseCell(restoreCell(r)) === r` for every cell a writer produced), and no written cell starts with a
 * formula character. Text cells only: typed cells (numbers such as `-5`, dates, codes, enumerations) are never
 * touched; callers decide which cells are text (the exchange format: `id` and `text` columns).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** The text as written into a CSV cell: `'` prepended when it (after any leading `'`s) starts a formula. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text of a CSV cell written by `neutraliseCell`: one leading `'` removed where that added one. */
export function restoreCell(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/** Applies `neutraliseCell` to every string of a row (numbers, booleans and nulls are left alone). */
export function neutraliseRow<T extends readonly unknown[]>(row: T): T {
  return row.map((v) => (typeof v === 'string' ? neutraliseCell(v) : v)) as unknown as T;
}

/**
 * One CSV field of a human-facing export (CTDC, the public release, linkage results): a string is neutralised
 * and quoted (RFC 4180) where needed; a number is written as it is (`-99` stays the number -99).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const s = neutraliseCell(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
