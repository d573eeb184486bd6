/**
 * CSV/XLSX exports for people (publications, CTDC, lists) are opened in spreadsheet programs, which run a cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (CSV injection, OWASP).
 * `neutraliseCell` prefixes such text cells with an apostrophe so they display as text. Plain numbers
 * (`-12`, `+3.5`) are left alone. Use it on every text cell of a human-facing export; the exchange format
 * (a machine contract that must round-trip byte for byte) validates its values instead.
 */
const DANGEROUS_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function neutraliseCell(value: string): string {
  if (!DANGEROUS_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** Applies `neutraliseCell` to every string of a row. */
export function neutraliseRow<T extends readonly unknown[]>(row: T): T {
  return row.map((v) => (typeof v === 'string' ? neutraliseCell(v) : v)) as unknown as T;
}
