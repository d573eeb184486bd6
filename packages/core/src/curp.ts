/**
 * CURP (Clave Única de Registro de Población): form and check-digit validation, and a generator
 * of valid synthetic CURPs (RENAPO's instructivo normativo, simplified where noted).
 */
import { INEGI_STATES } from './states.ts';

const CURP_STATES = new Set([...INEGI_STATES.map((s) => s.curp), 'NE']);
const DICT = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
const FORM =
  /^[A-Z][AEIOUX][A-Z]{2}(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX]([A-Z]{2})[B-DF-HJ-NP-TV-Z]{3}([0-9A-Z])(\d)$/;

export type CurpProblem = 'length' | 'form' | 'date' | 'state' | 'check_digit';

/** The check digit (last character) of the first 17 characters of a CURP. */
export function curpCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = DICT.indexOf(first17[i] ?? '');
    if (v < 0) return '?';
    sum += v * (18 - i);
  }
  return String((10 - (sum % 10)) % 10);
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** null when valid, else the first problem found. */
export function curpProblem(curp: string): CurpProblem | null {
  if (curp.length !== 18) return 'length';
  const m = FORM.exec(curp);
  if (!m) return 'form';
  const [, yy, mm, dd, state, diff] = m;
  const century = /\d/.test(diff!) ? 1900 : 2000;
  if (!isRealDate(century + Number(yy), Number(mm), Number(dd))) return 'date';
  if (!CURP_STATES.has(state!)) return 'state';
  if (curpCheckDigit(curp.slice(0, 17)) !== curp[17]) return 'check_digit';
  return null;
}

export function isValidCurp(curp: string): boolean {
  return curpProblem(curp) === null;
}

/** Birth date (YYYY-MM-DD) and sex encoded in a valid CURP. */
export function curpParts(
  curp: string,
): { birthDate: string; sex: 'male' | 'female' | 'intersex'; state: string } | null {
  if (!isValidCurp(curp)) return null;
  const century = /\d/.test(curp[16]!) ? '19' : '20';
  const s = curp[10];
  return {
    birthDate: `${century}${curp.slice(4, 6)}-${curp.slice(6, 8)}-${curp.slice(8, 10)}`,
    sex: s === 'H' ? 'male' : s === 'M' ? 'female' : 'intersex',
    state: curp.slice(11, 13),
  };
}

// ---- generator -------------------------------------------------------------------------------

const PARTICLES = new Set([
  'DA',
  'DAS',
  'DE',
  'DEL',
  'DER',
  'DI',
  'DIE',
  'DD',
  'EL',
  'LA',
  'LAS',
  'LE',
  'LES',
  'LOS',
  'MAC',
  'MC',
  'VAN',
  'VON',
  'Y',
]);
const SKIPPED_FIRST_NAMES = new Set(['MARIA', 'MA', 'MA.', 'M', 'JOSE', 'J', 'J.']);
const INCONVENIENT = new Set(
  'BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO COLA CULO FALO FETO GETA GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA KOJE KOJI KOJO KOLA KULO LILO LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS MEON MIAR MION MOCO MOKO MULA MULO NACA NACO PEDA PEDO PENE PIPI PITO POPO PUTA PUTO QULO RATA ROBA ROBE ROBO RUIN SENO TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI WUEY'.split(
    ' ',
  ),
);

/** Upper case, accents removed, Ñ → X, letters and spaces only. */
function normalizeName(s: string): string {
  return s
    .toUpperCase()
    .replace(/Ñ/g, 'X')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function significantWords(s: string): string[] {
  const words = normalizeName(s).split(' ').filter(Boolean);
  const kept = words.filter((w) => !PARTICLES.has(w));
  return kept.length ? kept : words;
}

function firstInternal(word: string, vowels: boolean): string {
  for (let i = 1; i < word.length; i++) {
    const c = word[i]!;
    const isVowel = 'AEIOU'.includes(c);
    if (vowels ? isVowel : !isVowel) return c;
  }
  return 'X';
}

export interface CurpInput {
  givenNames: string;
  surname1: string;
  surname2?: string | undefined;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'female' | 'male' | 'intersex';
  /** INEGI state code of birth, or undefined for born abroad (NE). */
  birthState?: string | undefined;
  /** Homonym differentiator 0-9 (the real one is assigned by RENAPO); default 0. */
  differentiator?: number;
}

/** Builds a CURP with a valid form and check digit from a person's data (synthetic data only). */
export function makeCurp(p: CurpInput): string {
  const s1 = significantWords(p.surname1)[0] ?? 'X';
  const s2 = p.surname2 ? (significantWords(p.surname2)[0] ?? 'X') : 'X';
  const names = significantWords(p.givenNames);
  const given = (names.length > 1 && SKIPPED_FIRST_NAMES.has(names[0]!) ? names[1] : names[0]) ?? 'X';
  let first4 = `${s1[0] ?? 'X'}${firstInternal(s1, true)}${s2[0] ?? 'X'}${given[0] ?? 'X'}`;
  if (INCONVENIENT.has(first4)) first4 = `${first4[0]}X${first4.slice(2)}`;
  const [y, m, d] = p.birthDate.split('-');
  const sex = p.sex === 'male' ? 'H' : p.sex === 'female' ? 'M' : 'X';
  const state = p.birthState ? (INEGI_STATES.find((s) => s.code === p.birthState)?.curp ?? 'NE') : 'NE';
  const cons = `${firstInternal(s1, false)}${s2 === 'X' ? 'X' : firstInternal(s2, false)}${firstInternal(given, false)}`;
  const year = Number(y);
  const k = p.differentiator ?? 0;
  const diff = year < 2000 ? String(k % 10) : 'ABCDEFGHIJ'[k % 10]!;
  const first17 = `${first4}${y!.slice(2)}${m}${d}${sex}${state}${cons}${diff}`;
  return first17 + curpCheckDigit(first17);
}
