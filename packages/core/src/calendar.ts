/**
 * The calendar day an instant belongs to in Mexico. Records count for the day (and so the year) in which they
 * happened where they happened, not for UTC's day: a referral made at 19:00 on 31 December in Mexico City is 01:00
 * on 1 January in UTC, and belongs to the old year's figures. Mexico City's zone is the national reference (no
 * daylight saving time since 2022).
 */
export const MEXICO_TIME_ZONE = 'America/Mexico_City';

const FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: MEXICO_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Mexico City's calendar day (YYYY-MM-DD) of an instant. */
export const mexicoDay = (at: Date | string): string =>
  FORMAT.format(typeof at === 'string' ? new Date(at) : at);
