/** Folds case, accents and surrounding spaces, as a reviewer reads names ("Ruíz" = "ruiz"). */
export function fold(v: string): string {
  return v.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/** Whether two cells agree (ignoring case, accents and spaces); null when either is missing. */
export function sameValue(a: string | undefined, b: string | undefined): boolean | null {
  if (!a?.trim() || !b?.trim()) return null;
  return fold(a) === fold(b);
}
