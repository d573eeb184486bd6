/**
 * String corruptions: the slips that people, keyboards, ears and scanners make when a name is written down.
 * Every function takes a string and a seeded `Rng`, returns a string, and never returns a blank string for a
 * non-blank input nor one longer than `MAX_NAME_LENGTH` (when no slip applies, the input comes back unchanged).
 * Written for this package; the rules are the author's own catalogue of Mexican data-entry errors.
 */

import { nicknamesOf } from './data/nicknames.ts';
import {
  ABBREVIATIONS,
  GIVEN_VARIANTS,
  SURNAME_VARIANTS,
  TITLES_FEMALE,
  TITLES_MALE,
} from './data/variants.ts';
import type { Rng } from './rng.ts';
import { givenParts, PARTICLE_WORDS, stripAccents, titleCase, withoutParticles } from './text.ts';

/** The exchange format's limit for given_names, surname_1 and surname_2. */
export const MAX_NAME_LENGTH = 200;

function guard(input: string, out: string): string {
  if (!out.trim() || out.length > MAX_NAME_LENGTH) return input;
  return out;
}

const isLetter = (c: string) => /\p{L}/u.test(c);

function sameCase(model: string, c: string): string {
  return model === model.toUpperCase() && model !== model.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

/** Letter positions of a string (indexes into the array of its characters). */
function letterPositions(chars: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) if (isLetter(chars[i]!)) out.push(i);
  return out;
}

// ---- keyboard ----------------------------------------------------------------------------------------------

/** Rows of the Spanish (Latin American) QWERTY layout, letters only, with the stagger of a real keyboard. */
const ROWS = ['qwertyuiop', 'asdfghjklñ', 'zxcvbnm'];
export const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = {};
  ROWS.forEach((row, r) => {
    for (let i = 0; i < row.length; i++) {
      const n = new Set<string>();
      if (i > 0) n.add(row[i - 1]!);
      if (i < row.length - 1) n.add(row[i + 1]!);
      const above = ROWS[r - 1];
      if (above) {
        if (above[i]) n.add(above[i]!);
        if (above[i + 1]) n.add(above[i + 1]!);
      }
      const below = ROWS[r + 1];
      if (below) {
        if (i > 0 && below[i - 1]) n.add(below[i - 1]!);
        if (below[i]) n.add(below[i]!);
      }
      out[row[i]!] = [...n].join('');
    }
  });
  return out;
})();

/** One key hit next to the right one: substituted (80 %) or inserted beside it (20 %). */
export function keyboardTypo(s: string, rng: Rng): string {
  const chars = [...s];
  const pos = letterPositions(chars).filter(
    (i) => KEYBOARD_NEIGHBOURS[stripAccents(chars[i]!).toLowerCase()],
  );
  if (!pos.length) return s;
  const i = rng.pick(pos);
  const c = chars[i]!;
  const next = sameCase(c, rng.pick([...KEYBOARD_NEIGHBOURS[stripAccents(c).toLowerCase()]!]));
  if (rng.bool(0.8)) chars[i] = next;
  else chars.splice(rng.bool(0.5) ? i : i + 1, 0, next);
  return guard(s, chars.join(''));
}

// ---- sound ---------------------------------------------------------------------------------------------------

/**
 * Respellings that sound the same in Mexican Spanish: [pattern, replacements]. Patterns are matched on the
 * lower-cased string; the replacement takes the case of the first matched letter.
 */
export const PHONETIC_RULES: readonly (readonly [RegExp, readonly string[]])[] = [
  [/b/g, ['v']],
  [/v/g, ['b']],
  [/z/g, ['s']],
  [/s(?=[aeiouáéíóú])/g, ['z', 'c']],
  [/c(?=[eiéí])/g, ['s', 'z']],
  [/qu(?=[eiéí])/g, ['k']],
  [/k/g, ['qu', 'c']],
  [/c(?=[aouáóú])/g, ['k']],
  [/ll/g, ['y']],
  [/y(?=[aeiouáéíóú])/g, ['ll']],
  [/y$/g, ['i']],
  [/i$/g, ['y']],
  [/^h/g, ['']],
  [/(?<=[aeiou])h/g, ['']],
  [/^(?=[aeiouáéíóú])/g, ['h']],
  [/x/g, ['j', 's']],
  [/j/g, ['x', 'g']],
  [/g(?=[eiéí])/g, ['j']],
  [/gua/g, ['wa']],
  [/hue/g, ['we', 'güe']],
  [/w/g, ['gu', 'u']],
  [/ñ/g, ['n', 'ni']],
  [/tz/g, ['ts', 'z']],
  [/ch/g, ['sh']],
  [/sh/g, ['ch']],
  [/rr/g, ['r']],
  [/(?<=[aeiou])r(?=[aeiou])/g, ['rr']],
  [/ph/g, ['f']],
  [/th/g, ['t']],
  [/(?<=[^aeiouáéíóú ])y(?=[^aeiouáéíóú ])/g, ['i']],
  [/(?<=[^aeiouáéíóú ])i(?=[^aeiouáéíóú ])/g, ['y']],
  [/ü/g, ['u']],
];

/** One respelling by sound at one place (b/v, s/z/c, y/ll, h dropped, x/j/s, gu/w, qu/k, ñ/n, tz/ts ...). */
export function phoneticRespell(s: string, rng: Rng): string {
  const lower = s.toLowerCase();
  const options: { at: number; len: number; to: string }[] = [];
  for (const [re, reps] of PHONETIC_RULES) {
    for (const m of lower.matchAll(re)) {
      for (const to of reps) options.push({ at: m.index!, len: m[0].length, to });
    }
  }
  if (!options.length) return s;
  const o = rng.pick(options);
  const orig = s.slice(o.at, o.at + Math.max(1, o.len));
  let to = o.to;
  if (to && orig && orig[0] === orig[0]!.toUpperCase() && orig[0] !== orig[0]!.toLowerCase()) {
    to = s === s.toUpperCase() ? to.toUpperCase() : to[0]!.toUpperCase() + to.slice(1);
  } else if (to && s === s.toUpperCase() && s !== s.toLowerCase()) to = to.toUpperCase();
  let out = s.slice(0, o.at) + to + s.slice(o.at + o.len);
  // a dropped initial h leaves a lower-case initial: restore the capital
  if (o.at === 0 && s[0] && s[0] !== s[0].toLowerCase() && out[0]) out = out[0].toUpperCase() + out.slice(1);
  return guard(s, out);
}

// ---- scanning ------------------------------------------------------------------------------------------------

/** OCR confusions: [seen, read as]. */
export const OCR_SLIPS: readonly (readonly [string, string])[] = [
  ['rn', 'm'],
  ['m', 'rn'],
  ['cl', 'd'],
  ['d', 'cl'],
  ['l', '1'],
  ['I', '1'],
  ['i', 'l'],
  ['O', '0'],
  ['o', '0'],
  ['S', '5'],
  ['B', '8'],
  ['e', 'c'],
  ['c', 'e'],
  ['h', 'b'],
  ['u', 'v'],
  ['n', 'ri'],
  ['ri', 'n'],
  ['vv', 'w'],
  ['ñ', 'n'],
  ['í', 'i'],
  ['é', 'e'],
  ['G', 'C'],
  ['E', 'F'],
];

export function ocrSlip(s: string, rng: Rng): string {
  const options: { at: number; from: string; to: string }[] = [];
  for (const [from, to] of OCR_SLIPS) {
    let at = s.indexOf(from);
    while (at >= 0) {
      options.push({ at, from, to });
      at = s.indexOf(from, at + 1);
    }
  }
  if (!options.length) return s;
  const o = rng.pick(options);
  return guard(s, s.slice(0, o.at) + o.to + s.slice(o.at + o.from.length));
}

// ---- edits ---------------------------------------------------------------------------------------------------

/** A letter typed twice ("Martíín"). */
export function doubleLetter(s: string, rng: Rng): string {
  const chars = [...s];
  const pos = letterPositions(chars);
  if (!pos.length) return s;
  const i = rng.pick(pos);
  chars.splice(i, 0, chars[i]!);
  return guard(s, chars.join(''));
}

/** A letter left out (not from a word of one or two letters, which would then vanish or change entirely). */
export function dropLetter(s: string, rng: Rng): string {
  const chars = [...s];
  const pos = letterPositions(chars).filter((i) => {
    let a = i;
    let b = i;
    while (a > 0 && isLetter(chars[a - 1]!)) a--;
    while (b < chars.length - 1 && isLetter(chars[b + 1]!)) b++;
    return b - a + 1 >= 3;
  });
  if (!pos.length) return s;
  chars.splice(rng.pick(pos), 1);
  return guard(s, chars.join(''));
}

/** Two neighbouring letters swapped ("Mrata"). */
export function transposeLetters(s: string, rng: Rng): string {
  const chars = [...s];
  const pos: number[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    if (
      isLetter(chars[i]!) &&
      isLetter(chars[i + 1]!) &&
      chars[i]!.toLowerCase() !== chars[i + 1]!.toLowerCase()
    )
      pos.push(i);
  }
  if (!pos.length) return s;
  const i = rng.pick(pos);
  const a = chars[i]!;
  const b = chars[i + 1]!;
  chars[i] = i === 0 ? sameCase(a, b) : b;
  chars[i + 1] = i === 0 ? sameCase(b, a) : a;
  return guard(s, chars.join(''));
}

// ---- accents and case ----------------------------------------------------------------------------------------

export function dropAccents(s: string, dropEnye = false): string {
  return guard(s, stripAccents(s, !dropEnye));
}

const ACUTE: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  A: 'Á',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
};

/** An accent put on an unaccented vowel (right or wrong: "Ramirez" → "Ramírez", "Maria" → "Marìa"-like slips). */
export function addAccent(s: string, rng: Rng): string {
  const chars = [...s];
  const pos: number[] = [];
  for (let i = 0; i < chars.length; i++) if (ACUTE[chars[i]!]) pos.push(i);
  if (!pos.length) return s;
  const i = rng.pick(pos);
  chars[i] = ACUTE[chars[i]!]!;
  return guard(s, chars.join(''));
}

export type CaseStyle = 'upper' | 'lower' | 'title' | 'first_lower';

export function changeCase(s: string, style: CaseStyle): string {
  switch (style) {
    case 'upper':
      return s.toUpperCase();
    case 'lower':
      return s.toLowerCase();
    case 'title':
      return titleCase(s);
    case 'first_lower':
      return s ? s[0]!.toLowerCase() + s.slice(1) : s;
  }
}

/** Stray spaces: doubled inside, or left at either end. */
export function strayWhitespace(s: string, rng: Rng): string {
  const k = rng.int(3);
  if (k === 0 && s.includes(' ')) return guard(s, s.replace(' ', '  '));
  if (k === 1) return guard(s, ` ${s}`);
  return guard(s, `${s} `);
}

// ---- typos, in one ---------------------------------------------------------------------------------------------

export type TypoKind = 'keyboard' | 'phonetic' | 'ocr' | 'double' | 'drop' | 'transpose';
export const TYPO_WEIGHTS: readonly (readonly [TypoKind, number])[] = [
  ['phonetic', 35],
  ['keyboard', 25],
  ['drop', 12],
  ['double', 10],
  ['transpose', 10],
  ['ocr', 8],
];

export function typo(kind: TypoKind, s: string, rng: Rng): string {
  switch (kind) {
    case 'keyboard':
      return keyboardTypo(s, rng);
    case 'phonetic':
      return phoneticRespell(s, rng);
    case 'ocr':
      return ocrSlip(s, rng);
    case 'double':
      return doubleLetter(s, rng);
    case 'drop':
      return dropLetter(s, rng);
    case 'transpose':
      return transposeLetters(s, rng);
  }
}

// ---- given names ---------------------------------------------------------------------------------------------

/**
 * A nickname in place of the given name: the whole name's ("María Guadalupe" → "Lupita"), or one part's,
 * written alone (70 %) or with the other part (30 %: "Juan Paco"). null when no nickname is known.
 */
export function nickname(given: string, rng: Rng): string | null {
  const whole = nicknamesOf(given);
  if (whole.length && rng.bool(0.8)) return rng.pick(whole);
  const parts = givenParts(given);
  const withNick = parts.map((p, i) => [i, nicknamesOf(p)] as const).filter(([, n]) => n.length);
  if (!withNick.length) return whole.length ? rng.pick(whole) : null;
  const [i, nicks] = rng.pick(withNick);
  const nick = rng.pick(nicks);
  if (parts.length === 1 || rng.bool(0.7)) return nick;
  return parts.map((p, j) => (j === i ? nick : p)).join(' ');
}

const FIRST_DROPPED_OFTEN = new Set(['María', 'José', 'Juan', 'Ma.', 'Ana', 'Luis', 'Jesús']);

/**
 * One of two (or more) given names left out. People named "María X" or "José X" go by X, so the first part is
 * dropped 75 % of the time for them and 40 % otherwise. A part's particles go with it ("María de Jesús" →
 * "Jesús" or "María"). Unchanged when there is only one part.
 */
export function dropOneGivenName(given: string, rng: Rng): string {
  const parts = givenParts(given);
  if (parts.length < 2) return given;
  const dropFirst = rng.bool(FIRST_DROPPED_OFTEN.has(parts[0]!) ? 0.75 : 0.4);
  const kept = dropFirst ? parts.slice(1) : parts.slice(0, -1);
  return guard(given, kept.map((p, i) => (i === 0 ? withoutParticles(p) || p : p)).join(' '));
}

/** "María Guadalupe" → "Ma. Guadalupe", "José Luis" → "J. Luis", "Francisco Javier" → "Fco. Javier". */
export function abbreviateFirstGiven(given: string, rng: Rng): string {
  const parts = givenParts(given);
  const abbr = ABBREVIATIONS[parts[0]!];
  if (parts.length < 2 || !abbr) return given;
  return guard(given, [rng.pick(abbr), ...parts.slice(1)].join(' '));
}

/** "Juan Carlos" → "Juan C." */
export function initialOfSecondGiven(given: string): string {
  const parts = givenParts(given);
  if (parts.length < 2) return given;
  const last = withoutParticles(parts[parts.length - 1]!);
  return guard(given, [...parts.slice(0, -1), `${[...last][0] ?? ''}.`].join(' '));
}

/** "Sra. María López", "Lic. Juan" ... */
export function addTitle(given: string, sex: 'female' | 'male', rng: Rng): string {
  return guard(given, `${rng.pick(sex === 'female' ? TITLES_FEMALE : TITLES_MALE)} ${given}`);
}

/** Another spelling of the same name (Yesenia/Yesinia/Llesenia), part by part; unchanged when none is known. */
export function variantSpelling(name: string, rng: Rng, kind: 'given' | 'surname'): string {
  const groups = kind === 'given' ? GIVEN_VARIANTS : SURNAME_VARIANTS;
  const words = name.split(' ');
  const idx = words.map((w, i) => [i, groups.find((g) => g.includes(w))] as const).filter(([, g]) => g);
  if (!idx.length) return name;
  const [i, g] = rng.pick(idx);
  const others = g!.filter((v) => v !== words[i]);
  if (!others.length) return name;
  words[i] = rng.pick(others);
  return guard(name, words.join(' '));
}

// ---- surnames ------------------------------------------------------------------------------------------------

/** Whether a surname has a particle or is compound ("de la Cruz", "Del Ángel", "Montes de Oca", "Ruiz Esparza"). */
export function isCompoundSurname(s: string): boolean {
  return s.trim().includes(' ') || /-/.test(s);
}

/**
 * A compound surname written another way: particles dropped ("de la Cruz" → "Cruz"), capitalised
 * ("De La Cruz"), run together ("Delacruz", "Montesdeoca"), hyphenated ("Ruiz-Esparza"), or only its first
 * word ("Ponce de León" → "Ponce"). Unchanged for simple surnames.
 */
export function particleVariant(s: string, rng: Rng): string {
  if (!isCompoundSurname(s)) return s;
  const words = s.split(/[ -]/).filter(Boolean);
  const leading = PARTICLE_WORDS.has(words[0]!);
  const core = words.filter((w) => !PARTICLE_WORDS.has(w));
  const options: string[] = [];
  if (leading) {
    options.push(core.join(' '));
    options.push(words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '));
    options.push(titleCase(words.join('')));
    options.push(
      `${words
        .slice(0, -1)
        .join('')
        .replace(/^./, (c) => c.toUpperCase())} ${words[words.length - 1]}`,
    );
  } else {
    options.push(words[0]!);
    options.push(words.join('-'));
    options.push(titleCase(words.join('')));
    if (words.length > 2) options.push(words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '));
  }
  const distinct = options.filter((o) => o && o !== s);
  return distinct.length ? guard(s, rng.pick(distinct)) : s;
}
