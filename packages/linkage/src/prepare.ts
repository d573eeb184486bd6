import { normalizeEmail, normalizePhone } from './contact.ts';
import { isValidCurp, normalizeCurp } from './curp.ts';
import { type DateFormat, parseDate, writtenDate, writtenOf } from './dates.ts';
import { normalizeGivenNames, normalizeSurname, splitFullName } from './names.ts';
import { spanishPhonetic } from './phonetic.ts';
import { normalizePostcode, normalizeText } from './text.ts';
import type { FieldType, LinkRecord } from './types.ts';

/**
 * Records in columnar, normalised form: one array per derived value, so that comparison and
 * blocking loops touch only what they need. Built once, never mutated afterwards.
 */
export interface PreparedSet {
  readonly size: number;
  readonly ids: readonly string[];
  readonly given: readonly string[];
  readonly givenRaw: readonly string[];
  readonly givenFirstPh: readonly string[];
  readonly surname1: readonly string[];
  readonly surname2: readonly string[];
  readonly surname1Ph: readonly string[];
  readonly surname2Ph: readonly string[];
  readonly year: Int16Array;
  readonly month: Uint8Array;
  readonly day: Uint8Array;
  readonly sex: readonly string[];
  readonly curp: readonly string[];
  readonly curpValid: Uint8Array;
  /** 1 where the birth date (or its day and month) was read from the record's own CURP, not written by the agency. */
  readonly dateFromCurp: Uint8Array;
  /**
   * A full birth date as written (writtenDate: year, month, day characters) where a part of it could not be read or
   * cannot be true ("29/1q/1983", "22/12/2972"), so that the parts above lack it; '' for every other record.
   */
  readonly dateWritten: readonly string[];
  readonly idNumber: readonly string[];
  readonly phone: readonly string[];
  readonly email: readonly string[];
  readonly street: readonly string[];
  readonly locality: readonly string[];
  readonly postcode: readonly string[];
  readonly region: readonly string[];
  readonly country: readonly string[];
  readonly nationality: readonly string[];
}

function memo(fn: (s: string) => string): (s: string | undefined) => string {
  const cache = new Map<string, string>();
  return (s) => {
    if (!s) return '';
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size < 2_000_000) cache.set(s, v);
    }
    return v;
  };
}

const normSex = (raw: string): string => {
  const s = normalizeText(raw);
  if (!s) return '';
  const c = s.charAt(0);
  if (c === 'm' && (s === 'm' || s.startsWith('muj'))) return 'f';
  if (c === 'h' || (c === 'm' && s.startsWith('mas')) || s === 'male') return 'm';
  if (c === 'f' || s.startsWith('fem')) return 'f';
  return s;
};

const GENERIC_FIRST = new Set(['maria', 'ma', 'jose', 'j', 'm']);

/**
 * The distinguishing given name, as RENAPO does for the CURP: in "maria guadalupe" or "jose luis" the
 * generic first name is skipped, so "María Guadalupe" and "Guadalupe" block together.
 */
export function mainGivenName(given: string): string {
  const tokens = given.split(' ').filter(Boolean);
  if (tokens.length > 1 && GENERIC_FIRST.has(tokens[0]!)) return tokens[1]!;
  return tokens[0] ?? '';
}

export interface PrepareOptions {
  /** Layout of birth_date values (default YYYY-MM-DD). */
  readonly dateFormat?: DateFormat;
}

/** Normalises records into a PreparedSet (names, nicknames, phonetic keys, dates, CURP, contacts). */
export function prepareRecords(records: readonly LinkRecord[], opts: PrepareOptions = {}): PreparedSet {
  const n = records.length;
  const fmt = opts.dateFormat ?? 'YYYY-MM-DD';
  const given = memo(normalizeGivenNames);
  const givenRaw = memo(normalizeText);
  const surname = memo(normalizeSurname);
  const phon = memo(spanishPhonetic);
  const text = memo(normalizeText);
  const sexOf = memo(normSex);
  const postcodeOf = memo(normalizePostcode);
  const out = {
    ids: new Array<string>(n),
    given: new Array<string>(n),
    givenRaw: new Array<string>(n),
    givenFirstPh: new Array<string>(n),
    surname1: new Array<string>(n),
    surname2: new Array<string>(n),
    surname1Ph: new Array<string>(n),
    surname2Ph: new Array<string>(n),
    year: new Int16Array(n),
    month: new Uint8Array(n),
    day: new Uint8Array(n),
    sex: new Array<string>(n),
    curp: new Array<string>(n),
    curpValid: new Uint8Array(n),
    dateFromCurp: new Uint8Array(n),
    dateWritten: new Array<string>(n),
    idNumber: new Array<string>(n),
    phone: new Array<string>(n),
    email: new Array<string>(n),
    street: new Array<string>(n),
    locality: new Array<string>(n),
    postcode: new Array<string>(n),
    region: new Array<string>(n),
    country: new Array<string>(n),
    nationality: new Array<string>(n),
  };
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const f = r.fields;
    out.ids[i] = r.id;
    let g = f.given_names;
    let s1 = f.surname_1;
    let s2 = f.surname_2;
    if (f.full_name && !g && !s1) {
      const parts = splitFullName(f.full_name);
      g = parts.given;
      s1 = parts.surname1;
      s2 = s2 || parts.surname2;
    }
    const gn = given(g);
    out.given[i] = gn;
    out.givenRaw[i] = givenRaw(g);
    out.givenFirstPh[i] = phon(mainGivenName(gn));
    const n1 = surname(s1);
    const n2 = surname(s2);
    out.surname1[i] = n1;
    out.surname2[i] = n2;
    out.surname1Ph[i] = phon(n1);
    out.surname2Ph[i] = phon(n2);
    const d = f.birth_date ? possibleParts(parseDate(f.birth_date, fmt)) : null;
    out.year[i] = d ? d.year : 0;
    out.month[i] = d ? d.month : 0;
    out.day[i] = d ? d.day : 0;
    out.sex[i] = sexOf(f.sex);
    const c = normalizeCurp(f.curp);
    out.curp[i] = c;
    out.curpValid[i] = c && isValidCurp(c) ? 1 : 0;
    if (out.curpValid[i]) fillFromCurp(out, i, c);
    // a full date with a part unreadable or impossible: kept as written, to be compared character by character
    const written = f.birth_date && !out.dateFromCurp[i] ? writtenDate(f.birth_date, fmt) : null;
    out.dateWritten[i] =
      written && written !== writtenOf(out.year[i]!, out.month[i]!, out.day[i]!) ? written : '';
    out.idNumber[i] = f.id_number ? normalizeText(f.id_number).replace(/ /g, '') : '';
    out.phone[i] = normalizePhone(f.phone);
    out.email[i] = normalizeEmail(f.email);
    out.street[i] = text(f.street);
    out.locality[i] = text(f.locality);
    out.postcode[i] = postcodeOf(f.postcode);
    out.region[i] = text(f.region);
    out.country[i] = text(f.country);
    out.nationality[i] = text(f.nationality);
  }
  const counts = nameCounts(out);
  loneSurnames(out, counts, surname, phon);
  return { size: n, ...out };
}

/** How often the input writes each name as a surname and each token as part of a given name (its own counts). */
interface NameCounts {
  readonly asSurname: ReadonlyMap<string, number>;
  readonly asGiven: ReadonlyMap<string, number>;
}

function nameCounts(out: { givenRaw: string[]; surname1: string[]; surname2: string[] }): NameCounts {
  const asSurname = new Map<string, number>();
  const asGiven = new Map<string, number>();
  const n = out.givenRaw.length;
  for (let i = 0; i < n; i++) {
    for (const s of [out.surname1[i]!, out.surname2[i]!])
      if (s) asSurname.set(s, (asSurname.get(s) ?? 0) + 1);
    const raw = out.givenRaw[i]!;
    if (raw) for (const t of new Set(raw.split(' '))) asGiven.set(t, (asGiven.get(t) ?? 0) + 1);
  }
  return { asSurname, asGiven };
}

/**
 * A lone name written in the given-name field of a record without surnames is read as the surname when the input uses
 * it more often as a surname than as a given name ("Sugg" / "Frank Sugg", "López" alone): otherwise it would count as
 * a different given name (the twins' cap) and never meet the person's records on a surname. Needs the input's own
 * surnames; a file without a surname column keeps its given names.
 */
function loneSurnames(
  out: {
    given: string[];
    givenRaw: string[];
    givenFirstPh: string[];
    surname1: string[];
    surname2: string[];
    surname1Ph: string[];
  },
  counts: NameCounts,
  surname: (s: string) => string,
  phon: (s: string) => string,
): void {
  const { asSurname, asGiven } = counts;
  const n = out.given.length;
  if (asSurname.size === 0) return;
  for (let i = 0; i < n; i++) {
    const raw = out.givenRaw[i]!;
    if (!raw || raw.includes(' ') || out.surname1[i] || out.surname2[i]) continue;
    const s = surname(raw);
    if (!s || (asSurname.get(s) ?? 0) <= (asGiven.get(raw) ?? 0)) continue;
    out.surname1[i] = s;
    out.surname1Ph[i] = phon(s);
    out.given[i] = '';
    out.givenRaw[i] = '';
    out.givenFirstPh[i] = '';
  }
}

/** Latest birth year taken as possible (a later one is a typo: "2954" for "1954"). */
const LAST_YEAR = new Date().getUTCFullYear() + 1;

/**
 * The parts of a date that can be true: a year after next year, a month above 12 or a day above 31 is a slip whose
 * digit nobody can recover, so that part is unknown (compared as a partial date) rather than evidence of another
 * date; a day without its month says nothing either.
 */
function possibleParts(d: { year: number; month: number; day: number } | null) {
  if (!d) return null;
  const year = d.year > LAST_YEAR ? 0 : d.year;
  const month = d.month >= 1 && d.month <= 12 ? d.month : 0;
  const day = month && d.day >= 1 && d.day <= 31 ? d.day : 0;
  return year || month ? { year, month, day } : null;
}

/**
 * A valid CURP carries the birth date (positions 5-10, the century in the homoclave: a digit before 2000, a letter
 * from 2000) and the sex (position 11): a record with a CURP but no birth date, or only its year, or no sex, is
 * compared with what its CURP says ("Rosalba Villaseñor Silva" + CURP against "Rosalba Villaseñor, 1987-06-01").
 * A recorded value is never overwritten, except 1 January near the CURP's year (a registry's placeholder).
 */
function fillFromCurp(
  out: { year: Int16Array; month: Uint8Array; day: Uint8Array; sex: string[]; dateFromCurp: Uint8Array },
  i: number,
  curp: string,
): void {
  const yy = Number(curp.slice(4, 6));
  const year = (/\d/.test(curp.charAt(16)) ? 1900 : 2000) + yy;
  const month = Number(curp.slice(6, 8));
  const y = out.year[i]!;
  const partial = y === year && out.day[i] === 0 && (out.month[i] === 0 || out.month[i] === month);
  // 1 January with a CURP of a year near it: the registry's placeholder, the CURP knows the day
  const placeholder = out.month[i] === 1 && out.day[i] === 1 && Math.abs(y - year) <= 1;
  if (y === 0 || partial || placeholder) {
    out.year[i] = year;
    out.month[i] = month;
    out.day[i] = Number(curp.slice(8, 10));
    out.dateFromCurp[i] = 1;
  }
  if (out.sex[i] === '') {
    const s = curp.charAt(10);
    if (s === 'H') out.sex[i] = 'm';
    else if (s === 'M') out.sex[i] = 'f';
  }
}

/** Which source field types feed each derived column (used to decide which comparisons apply). */
export const FIELD_SOURCES: Readonly<Record<string, readonly FieldType[]>> = {
  given: ['given_names', 'full_name'],
  surname1: ['surname_1', 'full_name'],
  surname2: ['surname_2', 'full_name'],
};

/** True when at least one record has a non-empty value in the column. */
export function hasValues(col: readonly string[] | ArrayLike<number>): boolean {
  for (let i = 0; i < col.length; i++) if (col[i]) return true;
  return false;
}
