/** Folds case, accents and surrounding spaces, as a reviewer reads names ("Ruíz" = "ruiz"). */
export function fold(v: string): string {
  return v.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/** Whether two cells agree (ignoring case, accents and spaces); null when either is missing. */
export function sameValue(a: string | undefined, b: string | undefined): boolean | null {
  if (!a?.trim() || !b?.trim()) return null;
  return fold(a) === fold(b);
}

/**
 * A pair's probability as a whole percent, rounded down: a pair below the automatic link (0.95) never reads as
 * "95%", a pair below the counting threshold (0.5) never as "50%".
 */
export function probabilityPercent(probability: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    Math.floor(probability * 100 + 1e-9) / 100,
  );
}
