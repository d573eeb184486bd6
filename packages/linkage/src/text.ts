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
  // "de la", "de los", "de las" written as one word before the name ("Dela Cruz", "Delos Reyes")
  'dela',
  'delas',
  'delos',
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

/**
 * Titles, honorifics and generational suffixes written in name fields, in Spanish and English ("Lic.", "Dra.",
 * "Don", "Sir", "1st Bt."): never part of the name.
 */
export const TITLES: ReadonlySet<string> = new Set([
  'sr',
  'sra',
  'srta',
  'senor',
  'senora',
  'senorita',
  'don',
  'dona',
  'lic',
  'licda',
  'licenciado',
  'licenciada',
  'dr',
  'dra',
  'doctor',
  'doctora',
  'ing',
  'ingeniero',
  'ingeniera',
  'arq',
  'mtro',
  'mtra',
  'maestro',
  'maestra',
  'prof',
  'profa',
  'profesor',
  'profesora',
  'cp',
  'gral',
  'cap',
  'tte',
  'sgto',
  'pbro',
  'fray',
  'sor',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'sir',
  'dame',
  'lady',
  'lord',
  'rev',
  'revd',
  'reverend',
  'hon',
  'honourable',
  'bt',
  'bart',
  'baronet',
  'baron',
  'baroness',
  'earl',
  'count',
  'countess',
  'viscount',
  'duke',
  'duchess',
  'marquess',
  'marquis',
  'captain',
  'capt',
  'col',
  'colonel',
  'gen',
  'general',
  'major',
  'maj',
  'lt',
  'admiral',
  'jr',
  'jnr',
  'snr',
  'junior',
  'senior',
  'esq',
  'ii',
  'iii',
  'iv',
  '1st',
  '2nd',
  '3rd',
  '4th',
  '5th',
  '6th',
  '7th',
  '8th',
  '9th',
  '10th',
  'kg',
  'kb',
  'kt',
  'mp',
  'qc',
  'kc',
  'frs',
  'phd',
  'md',
  'lieutenant',
  'lieut',
  'rt',
  'sergeant',
  'serjeant',
  'professor',
  'viscountess',
  'marchioness',
  'obe',
  'mbe',
  'cbe',
  'kbe',
  'kcb',
  'gcb',
  'kcmg',
  'gcmg',
  'kcvo',
  'gcvo',
]);

/** Ordinals written with a name ("1st Bt.", "13th Duke", "21st Baron"): a place in a line of title-holders. */
const ORDINAL = /^\d+(st|nd|rd|th)$/;

/** A token that is a title, an honorific, a generational suffix or an ordinal, never part of a name. */
export const isTitle = (token: string): boolean => TITLES.has(token) || ORDINAL.test(token);

/** Normalised tokens without particles and titles: "de la Cruz" -> ["cruz"], "Lic. Ana" -> ["ana"], "Sir" -> []. */
export function contentTokens(normalized: string): string[] {
  if (!normalized) return [];
  const all = normalized.split(' ');
  const named = all.filter((t) => !isTitle(t));
  // a field that holds only a title ("Sir", "Col.", "Mrs.") names no one: missing, not a name to compare
  if (named.length === 0) return [];
  const tokens = named.filter((t) => !PARTICLES.has(t));
  return tokens.length > 0 ? tokens : named;
}

/** Normalised text without particles, e.g. "De La Cruz" -> "cruz". Idempotent. */
export function normalizeName(raw: string | undefined | null): string {
  return contentTokens(normalizeText(raw)).join(' ');
}

/**
 * A postcode as a key: all-digit codes (Mexico's "C.P. 06600", US ZIP "78520-1234") keep their digits; codes with
 * letters and digits (UK "TQ13 8DF", Canada "K1A 0B1") keep both, without spaces: their letters are half the code
 * (digits alone would make "TQ13 8DF" and "TS1 3DF" one key). A leading label ("C.P.", "CP", "ZIP") is dropped.
 * Idempotent.
 */
export function normalizePostcode(raw: string | undefined | null): string {
  const t = normalizeText(raw).replace(POSTCODE_LABEL, '');
  const compact = t.replace(/ /g, '');
  if (/[a-z]/.test(compact) && /\d/.test(compact)) return compact;
  return digitsOnly(t) || compact;
}
const POSTCODE_LABEL = /^(c ?p|codigo postal|zip|zip code|postcode|post code) ?(?=\d)/;

/** Only the digits of a string. */
export const digitsOnly = (raw: string | undefined | null): string => (raw ? raw.replace(/\D+/g, '') : '');
