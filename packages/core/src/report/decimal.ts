/** Exact decimal sums for money: values are held as bigint units of 10^-SCALE. */
const SCALE = 6;
const FACTOR = 10n ** BigInt(SCALE);

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a base-10 decimal string ('.' separator) exactly; throws on anything else or on > 6 decimals. */
export function parseDecimal(value: string): bigint {
  const m = DECIMAL_RE.exec(value.trim());
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > SCALE) throw new Error(`more than ${SCALE} decimals: ${value}`);
  const units = BigInt(m[2]!) * FACTOR + BigInt(frac.padEnd(SCALE, '0') || '0');
  return m[1] === '-' ? -units : units;
}

/** Canonical decimal string: no trailing zeros, integers without a point. */
export function formatDecimal(units: bigint): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const int = abs / FACTOR;
  const frac = (abs % FACTOR).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A JSON number for the report: an integer when whole, else the shortest exact decimal. */
export function decimalToNumber(units: bigint): number {
  return Number(formatDecimal(units));
}
