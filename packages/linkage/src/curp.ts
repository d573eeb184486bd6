/** CURP (Clave Única de Registro de Población) structure and check digit. */

const CURP_PATTERN =
  /^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX](AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$/;
const ALPHABET = '0123456789ABCDEFGHIJKLMN\u00d1OPQRSTUVWXYZ';

/** Upper case, no spaces or hyphens. */
export const normalizeCurp = (raw: string | undefined | null): string =>
  raw ? raw.toUpperCase().replace(/[\s-]+/g, '') : '';

/** The check digit (18th character) for the first 17 characters of a CURP. */
export function curpCheckDigit(first17: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) return -1;
    sum += v * (18 - i);
  }
  return (10 - (sum % 10)) % 10;
}

/** True for a well-formed CURP whose check digit is right. */
export function isValidCurp(raw: string): boolean {
  const c = normalizeCurp(raw);
  if (!CURP_PATTERN.test(c)) return false;
  return curpCheckDigit(c.slice(0, 17)) === Number(c.charAt(17));
}
