/**
 * Figures of an older data version on the dashboard (issue 13): after a write the server answers at once with
 * the latest stored figures, marked stale, and computes the current ones in the background. The page shows them
 * with a notice, asks again with backoff until they are current, and blocks the client-side exports (CSV, XLSX,
 * SVG, PNG) meanwhile: a file someone takes away is never made of stale figures.
 */
import { createContext } from 'react';
import { currentLocale } from '../../i18n/index.ts';

/** true while the figures on screen are of an older data version: table and chart downloads wait. */
export const ExportsLocked = createContext(false);

/** Delay before the n-th (0-based) re-check of stale figures: 2 s, 4 s, 8 s, 16 s, then every 30 s. */
export function pollDelay(attempt: number): number {
  return Math.min(30_000, 2_000 * 2 ** Math.max(0, Math.min(attempt, 10)));
}

/** When figures were computed, in the user's language and time zone ("5 de diciembre de 2026, 3:27"). */
export function computedAtText(iso: string, locale = currentLocale()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(d);
}
