/** Dates that may be partial (year only, year and month) or have day and month swapped. */

export type DateFormat = 'YYYY-MM-DD' | 'YYYYMMDD' | 'DD/MM/YYYY';
export const DATE_FORMATS: readonly DateFormat[] = ['YYYY-MM-DD', 'YYYYMMDD', 'DD/MM/YYYY'];

/** Components; 0 means unknown. Month and day may be out of range when a source has a typo. */
export interface PartialDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const num = (s: string | undefined): number => (s ? Number(s) : 0);

/**
 * Parses a date in the given layout. Partial dates ("1980", "1980-05", "198005", "05/1980") are
 * accepted. Returns null when the text does not fit the layout at all (empty text gives null too).
 */
export function parseDate(
  raw: string | undefined | null,
  format: DateFormat = 'YYYY-MM-DD',
): PartialDate | null {
  const s = (raw ?? '').trim();
  if (!s) return null;
  let m: RegExpExecArray | null;
  switch (format) {
    case 'YYYY-MM-DD':
      m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$/.exec(s);
      return m ? { year: num(m[1]), month: num(m[2]), day: num(m[3]) } : null;
    case 'YYYYMMDD':
      m = /^(\d{4})(\d{2})?(\d{2})?$/.exec(s);
      return m ? { year: num(m[1]), month: num(m[2]), day: num(m[3]) } : null;
    case 'DD/MM/YYYY':
      m = /^(?:(?:(\d{1,2})\/)?(\d{1,2})\/)?(\d{4})$/.exec(s);
      return m ? { year: num(m[3]), month: num(m[2]), day: num(m[1]) } : null;
  }
}

/**
 * How far a year known only roughly (a year alone, or 1 January) may be from the other record's and still not count
 * against the pair: the year of an estimated age ("about 16") is often off by up to three.
 */
export const AGE_ESTIMATE_YEARS = 3;

/** Comparison levels for dates (higher is closer). -1 means not comparable (a year is missing). */
export const DATE_LEVELS = 5;

const digitDistance1 = (a: number, b: number): boolean => digitsSlip(String(a), String(b));

/** A day or a month typed with a slip: one off, one digit changed or its two digits swapped ("03" / "08", "12" / "21"). */
const partSlip = (a: number, b: number): boolean =>
  Math.abs(a - b) === 1 || digitsSlip(String(a).padStart(2, '0'), String(b).padStart(2, '0'));

/** One digit changed, or two digits swapped. */
const digitsSlip = (x: string, y: string): boolean => {
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
  if (diff === 1) return true;
  return diff === 2 && x.length >= 2 && [...x].sort().join('') === [...y].sort().join('');
};

/**
 * 4: same full date; 3: day and month swapped, or all known parts equal in a partial date;
 * 2: same year and one of day or month, or same day and month with a one-digit slip or a year off by one;
 * 1: a partial date whose year is within AGE_ESTIMATE_YEARS (1 January counts as a year alone: a common placeholder):
 * a year written down from an age, estimated by sight or told at another time, is often two or three years off;
 * two full dates that differ otherwise are 0;
 * 0: different; -1: no year on one side.
 */
export function compareDates(ay: number, am: number, ad: number, by: number, bm: number, bd: number): number {
  if (ay === 0 || by === 0) return -1;
  if (am !== 0 && ad !== 0 && bm !== 0 && bd !== 0) {
    // two 1 January placeholders of the same year say the year only, not the same day
    if (ay === by && am === bm && ad === bd) return am === 1 && ad === 1 ? 3 : 4;
    if (ay === by && am === bd && ad === bm) return 3;
    // same year, a typo in the day or the month (one off, a digit changed or two swapped); another day of the same
    // month is another date (namesakes born weeks apart), unless one side is the 1 January placeholder
    if (ay === by && (am === bm || ad === bd)) {
      if ((am === 1 && ad === 1) || (bm === 1 && bd === 1)) return 2;
      return (am === bm && partSlip(ad, bd)) || (ad === bd && partSlip(am, bm)) ? 2 : 0;
    }
    // same day and month, a slip of one digit (or two swapped digits) in the year; a year far off is a different
    // date however alike the rest (01-01 is often a placeholder for an unknown day)
    if (am === bm && ad === bd && (digitDistance1(ay, by) || Math.abs(ay - by) === 1)) return 2;
    // 1 January is what many registries write when only the year (or an age) is known: such a date says the year
    // only, and a year worked out from an age is often one off
    if ((am === 1 && ad === 1) !== (bm === 1 && bd === 1))
      return ay === by ? 3 : Math.abs(ay - by) <= AGE_ESTIMATE_YEARS ? 1 : 0;
    // two full dates with both day and month different are two dates, even within a year
    return 0;
  }
  if (ay !== by) return Math.abs(ay - by) <= AGE_ESTIMATE_YEARS ? 1 : 0;
  if (am !== 0 && bm !== 0 && am !== bm) return am === bd || ad === bm ? 2 : 1;
  if (ad !== 0 && bd !== 0 && ad !== bd) return 1;
  return 3;
}

/**
 * A full date as written, its characters in the order year, month, day (8 characters: "19831229"), whatever they are:
 * "29/1q/1983" gives "19831q29", "22/12/2972" gives "29721222". A day or month written with one character is padded
 * with "0". Null when the text does not have the layout's three parts (a partial date, another layout, nothing).
 */
export function writtenDate(
  raw: string | undefined | null,
  format: DateFormat = 'YYYY-MM-DD',
): string | null {
  const s = (raw ?? '').trim();
  let m: RegExpExecArray | null;
  let y: string;
  let mo: string;
  let d: string;
  switch (format) {
    case 'YYYY-MM-DD':
      m = /^([^-\s]{4})-([^-\s]{1,2})-([^-\sT]{1,2})(?:[T ].*)?$/.exec(s);
      if (!m) return null;
      [y, mo, d] = [m[1]!, m[2]!, m[3]!];
      break;
    case 'YYYYMMDD':
      if (s.length !== 8 || /\s/.test(s)) return null;
      [y, mo, d] = [s.slice(0, 4), s.slice(4, 6), s.slice(6, 8)];
      break;
    case 'DD/MM/YYYY':
      m = /^([^/\s]{1,2})\/([^/\s]{1,2})\/([^/\s]{4})$/.exec(s);
      if (!m) return null;
      [d, mo, y] = [m[1]!, m[2]!, m[3]!];
      break;
  }
  return `${y}${mo.padStart(2, '0')}${d.padStart(2, '0')}`;
}

/** The written form (see writtenDate) of a full date's parts, or '' when a part is unknown. */
export function writtenOf(year: number, month: number, day: number): string {
  if (!year || !month || !day || year > 9999) return '';
  return `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/**
 * The level of two full dates as written (see writtenDate), for when one of them could not be read as a date (a letter
 * for a digit: "1q", "19p5") or cannot be true (a year after next year: "2972" for "1972"; month 13): the same
 * characters are the same date (4); one character changed, or two neighbours swapped, is a one-character slip (2, as
 * a one-digit slip between two readable dates); two characters changed are two slips (1, weak: see twoSlips);
 * otherwise the written forms say nothing (-1: what the readable parts say stands).
 */
export function writtenDateLevel(x: string, y: string): number {
  if (x.length !== 8 || y.length !== 8) return -1;
  let first = -1;
  let diff = 0;
  for (let k = 0; k < 8; k++) {
    if (x.charCodeAt(k) === y.charCodeAt(k)) continue;
    if (diff === 0) first = k;
    diff++;
    if (diff > 2) return -1;
  }
  if (diff === 0) return 4;
  if (diff === 1) return 2;
  // two neighbours swapped ("1939" / "1993")
  return x[first + 1] === y[first] && x[first] === y[first + 1] ? 2 : 1;
}

/**
 * Two full dates, neither of them 1 January (a placeholder for an unknown day), with one digit changed in each of two
 * of their parts ("09/07/1984" / "09/06/1974", "22/06/1900" / "22/96/1900" is one part: not this): two slips in one
 * written date. compareDates calls such dates different (level 0, which caps a pair at 1 %); between two files the
 * comparison makes them level 1 instead (comparisons.ts, dateComparer), weak evidence whose weight the model learns,
 * and which still leaves a pair with different given names at the siblings' cap. Two digits changed in one part stay
 * another date, as compareDates says: another day of the same month (namesakes born weeks apart), a year far off. A
 * parent and a child (a year decades off and another day) differ in more digits.
 */
export function twoSlips(ay: number, am: number, ad: number, by: number, bm: number, bd: number): boolean {
  if (!ay || !am || !ad || !by || !bm || !bd) return false;
  if ((am === 1 && ad === 1) || (bm === 1 && bd === 1)) return false;
  let parts = 0;
  for (const [x0, y0, digits] of [
    [ay, by, 4],
    [am, bm, 2],
    [ad, bd, 2],
  ] as const) {
    let x = x0;
    let y = y0;
    let diff = 0;
    for (let k = 0; k < digits; k++) {
      if (x % 10 !== y % 10) diff++;
      x = Math.floor(x / 10);
      y = Math.floor(y / 10);
    }
    if (diff > 1) return false;
    parts += diff;
  }
  return parts === 2;
}
