/**
 * Identifiers as the network knows them: the same phone number, account or e-mail written two ways is one
 * node. Each normaliser returns the canonical text, or null when the value cannot be a valid identifier of
 * its kind (it then makes no node: a typo must not join two strangers).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export const IDENTIFIER_KINDS = [
  'phone',
  'email',
  'address',
  'account',
  'vehicle',
  'company',
  'handle',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/**
 * A phone number as E.164 digits (`+525512345678`). Numbers written without a country code are read as
 * Mexican (the default region); the old `044`/`045` mobile prefixes and the `1` after +52 are dropped. Anything that is not a possible number gives null.
 */
export function normalisePhone(raw: string, region: 'MX' | 'US' = 'MX'): string | null {
  let text = raw.trim();
  if (!/\d/.test(text)) return null;
  // "00 52 ..." international prefix written out
  text = text.replace(/^00\s*/, '+');
  const digits = text.replace(/\D/g, '');
  // the old Mexican mobile prefixes: 044/045 before ten digits, and the 1 after +52
  if (region === 'MX' && !text.startsWith('+') && /^04[45]\d{10}$/.test(digits)) text = digits.slice(3);
  else if (text.startsWith('+') && /^521\d{10}$/.test(digits)) text = `+52${digits.slice(3)}`;
  const p = parsePhoneNumberFromString(text, region);
  if (!p?.isPossible()) return null;
  return p.number; // E.164
}

/** A bank account, card or CLABE: its digits only (8 to 20 digits), else null. */
export function normaliseAccount(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  return digits.length >= 8 && digits.length <= 20 ? digits : null;
}

/** An e-mail address lower-cased and trimmed; null without a single `@` between text. */
export function normaliseEmail(raw: string): string | null {
  const e = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');

/**
 * An address folded: accents, case, punctuation and common abbreviations (Calle/C., Colonia/Col., Número/No.)
 * made equal. Two ways of writing the same street, number and colonia give one node.
 */
export function normaliseAddress(raw: string): string | null {
  const words = fold(raw)
    .split(' ')
    .filter(Boolean)
    .map((w) => ADDRESS_WORDS[w] ?? w)
    .filter((w) => w !== '');
  return words.length >= 2 ? words.join(' ') : null;
}
const ADDRESS_WORDS: Record<string, string> = {
  C: 'CALLE',
  CLL: 'CALLE',
  COL: 'COLONIA',
  AV: 'AVENIDA',
  AVE: 'AVENIDA',
  NO: '',
  NUM: '',
  NUMERO: '',
  N: '',
  INT: 'INTERIOR',
  EXT: '',
  CP: 'CP',
};

/** A vehicle plate or VIN: letters and digits only, upper case (`ABC-12-34` = `abc 1234`). */
export function normaliseVehicle(raw: string): string | null {
  const v = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return v.length >= 5 && v.length <= 17 ? v : null;
}

const COMPANY_SUFFIXES = /\b(S ?A ?P ?I|S ?A|S ?DE ?R ?L|S ?C|DE ?C ?V|LLC|INC|CORP|LTD)\b/g;
/** A company name folded, its legal-form suffix (S.A. de C.V., S. de R.L., LLC) left out. */
export function normaliseCompany(raw: string): string | null {
  const n = fold(raw).replace(COMPANY_SUFFIXES, ' ').replace(/\s+/g, ' ').trim();
  return n.length >= 2 ? n : null;
}

/** An online handle: lower case, without a leading `@`; a profile URL keeps its host and first path part. */
export function normaliseHandle(raw: string): string | null {
  let h = raw.trim().toLowerCase();
  const url = /^(?:https?:\/\/)?(?:www\.|m\.)?([a-z0-9.-]+\.[a-z]{2,})\/@?([^/?#\s]+)/.exec(h);
  if (url) h = `${url[1]}/${url[2]}`;
  h = h.replace(/^@/, '');
  return /^[a-z0-9._/-]{2,80}$/.test(h) ? h : null;
}

export const NORMALISE: Record<IdentifierKind, (raw: string) => string | null> = {
  phone: (r) => normalisePhone(r),
  email: normaliseEmail,
  address: normaliseAddress,
  account: normaliseAccount,
  vehicle: normaliseVehicle,
  company: normaliseCompany,
  handle: normaliseHandle,
};
