/** Small text helpers (accents, case) used by the generators and the corruptions. */

/** Removes acute accents and diaeresis; keeps ñ unless `keepEnye` is false. */
export function stripAccents(s: string, keepEnye = true): string {
  let out = '';
  for (const ch of s) {
    if (keepEnye && (ch === 'ñ' || ch === 'Ñ')) {
      out += ch;
      continue;
    }
    out += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  return out;
}

export function hasAccent(s: string): boolean {
  return /[áéíóúÁÉÍÓÚüÜ]/.test(s);
}

/** "maría DE LA cruz" → "María de la Cruz" (particles stay lower case). */
export function titleCase(s: string): string {
  const particles = new Set(['de', 'del', 'la', 'las', 'los', 'y']);
  return s
    .toLowerCase()
    .split(' ')
    .map((w, i) => (i > 0 && particles.has(w) ? w : w.replace(/^(\p{L})/u, (c) => c.toUpperCase())))
    .join(' ')
    .replace(/-(\p{L})/gu, (_, c: string) => `-${c.toUpperCase()}`);
}

/** Accent-free upper-case key for comparisons in tests and statistics (never used to decide a match). */
export function plainKey(s: string): string {
  return stripAccents(s, false).toUpperCase().replace(/\s+/g, ' ').trim();
}

export const PARTICLE_WORDS = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'y',
  'De',
  'Del',
  'La',
  'Las',
  'Los',
]);

/**
 * The parts of a compound given name, keeping particles with the name they introduce:
 * "María de los Ángeles" → ["María", "de los Ángeles"].
 */
export function givenParts(given: string): string[] {
  const words = given.split(/\s+/).filter(Boolean);
  const parts: string[] = [];
  let pending = '';
  for (const w of words) {
    if (PARTICLE_WORDS.has(w)) {
      pending = pending ? `${pending} ${w}` : w;
      continue;
    }
    parts.push(pending ? `${pending} ${w}` : w);
    pending = '';
  }
  if (pending) parts.push(pending);
  return parts;
}

/** "de los Ángeles" → "Ángeles". */
export function withoutParticles(part: string): string {
  return part
    .split(' ')
    .filter((w) => !PARTICLE_WORDS.has(w))
    .join(' ');
}
