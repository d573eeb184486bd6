/** Text normalisation shared by every field: case, accents, punctuation, whitespace. */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;

/** Lower case, accents removed (José = Jose, Peña = Pena), punctuation to spaces, single spaces. */
export function normalizeText(raw: string | undefined | null): string {
  if (!raw) return '';
  return raw.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().replace(NON_ALNUM, ' ').trim();
}

/** Particles that join Spanish surnames and compound given names (de, del, de la, de los, y, ...). */
export const PARTICLES: ReadonlySet<string> = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'y',
  'e',
  'da',
  'di',
  'van',
  'von',
  'san',
]);

/** Normalised tokens without particles: "de la Cruz" -> ["cruz"]. */
export function contentTokens(normalized: string): string[] {
  if (!normalized) return [];
  const tokens = normalized.split(' ').filter((t) => !PARTICLES.has(t));
  return tokens.length > 0 ? tokens : normalized.split(' ');
}

/** Normalised text without particles, e.g. "De La Cruz" -> "cruz". Idempotent. */
export function normalizeName(raw: string | undefined | null): string {
  return contentTokens(normalizeText(raw)).join(' ');
}

/** Only the digits of a string. */
export const digitsOnly = (raw: string | undefined | null): string => (raw ? raw.replace(/\D+/g, '') : '');
