/**
 * Today's date (YYYY-MM-DD) where the user is, for date fields' defaults and limits. Not `toISOString()`, which is
 * UTC's day: after 18:00 in Mexico City that is already tomorrow.
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
