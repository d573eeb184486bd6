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
