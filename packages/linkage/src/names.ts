import { canonicalGivenName } from './nicknames.ts';
import { contentTokens, isTitle, normalizeText, PARTICLES } from './text.ts';

/**
 * Given names in canonical form: normalised, particles removed ("María de la Luz" -> "maria luz"),
 * each nickname replaced by its canonical name ("Lupe" -> "guadalupe", "Chema" -> "jose maria").
 * Idempotent.
 */
export function normalizeGivenNames(raw: string | undefined | null): string {
  const tokens = contentTokens(normalizeText(raw));
  return tokens.map(canonicalGivenName).join(' ');
}

/** A surname normalised, particles removed ("De la Cruz" -> "cruz", "Peña" -> "pena"). Idempotent. */
export function normalizeSurname(raw: string | undefined | null): string {
  return contentTokens(normalizeText(raw))
    .map((t) => t.replace(GLUED_PARTICLE, ''))
    .join(' ');
}

/**
 * "de la", "de los", "de las" glued to the surname they introduce ("Delacruz", "Delapeña", "Delosreyes"): what follows
 * must begin as a Spanish word does (a consonant before a vowel, or before r or l), so "Delángel" ("Del Ángel") keeps
 * its letters.
 */
const GLUED_PARTICLE = /^(?:delos|delas|dela)(?=(?:[bcdfgkpt][rl]|[b-df-hj-np-tv-z][aeiouy])[a-z])/;

export interface NameParts {
  readonly given: string;
  readonly surname1: string;
  readonly surname2: string;
}

/**
 * Splits a full Mexican name "given names paternal maternal" into its parts; particles stay with the
 * surname they introduce ("Juan de la Cruz López" -> juan / de la cruz / lopez).
 */
export function splitFullName(raw: string | undefined | null): NameParts {
  const words = normalizeText(raw)
    .split(' ')
    .filter((w) => w && !isTitle(w));
  const groups: string[] = [];
  let pending: string[] = [];
  for (const w of words) {
    if (PARTICLES.has(w)) {
      pending.push(w);
      continue;
    }
    groups.push([...pending, w].join(' '));
    pending = [];
  }
  if (pending.length > 0 && groups.length > 0) groups[groups.length - 1] += ` ${pending.join(' ')}`;
  if (groups.length === 0) return { given: '', surname1: '', surname2: '' };
  if (groups.length === 1) return { given: groups[0]!, surname1: '', surname2: '' };
  if (groups.length === 2) return { given: groups[0]!, surname1: groups[1]!, surname2: '' };
  return {
    given: groups.slice(0, -2).join(' '),
    surname1: groups[groups.length - 2]!,
    surname2: groups[groups.length - 1]!,
  };
}
