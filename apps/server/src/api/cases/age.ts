/**
 * A person's age in whole years at `now`: from the birth date when it is known (a year alone counts as its
 * 1 July, so the answer is never off by more than one), else from the age the person gave and the day they
 * gave it (the years since then added), else null.
 */
export function personAge(
  p: {
    birthDate?: string | undefined;
    approximateAge?: number | undefined;
    approximateAgeOn?: string | undefined;
  },
  now: Date = new Date(),
): number | null {
  if (p.birthDate) {
    const [y, m, d] = p.birthDate.split('-').map(Number);
    if (!y) return null;
    const month = m ?? 7;
    const day = d ?? (m ? 15 : 1);
    let age = now.getUTCFullYear() - y;
    const cm = now.getUTCMonth() + 1;
    if (cm < month || (cm === month && now.getUTCDate() < day)) age--;
    return Math.max(0, age);
  }
  if (p.approximateAge === undefined) return null;
  if (!p.approximateAgeOn) return p.approximateAge;
  const [y, m, d] = p.approximateAgeOn.split('-').map(Number);
  let years = now.getUTCFullYear() - y!;
  const cm = now.getUTCMonth() + 1;
  if (cm < m! || (cm === m! && now.getUTCDate() < d!)) years--;
  return p.approximateAge + Math.max(0, years);
}
