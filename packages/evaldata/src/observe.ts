/**
 * What an agency writes down about a true person: the recording profile of the agency (which fields it keeps
 * and how) and the corruption process (what goes wrong, at what rates). `observe()` turns a `TruePerson` into
 * one record plus the list of corruptions applied to it (the tags end up in the truth files).
 */
import { isValidCurp, makeCurp } from '@enlace/core/curp';
import {
  abbreviateFirstGiven,
  addAccent,
  addTitle,
  dropOneGivenName,
  initialOfSecondGiven,
  isCompoundSurname,
  nickname,
  particleVariant,
  strayWhitespace,
  TYPO_WEIGHTS,
  type TypoKind,
  typo,
  variantSpelling,
} from './corrupt.ts';
import { ABBREVIATIONS } from './data/variants.ts';
import {
  ageAt,
  daysInMonth,
  drawState,
  drawSurname,
  isoDate,
  type PersonGenerator,
  pad,
  type TruePerson,
} from './person.ts';
import { pickWeighted, type Rng } from './rng.ts';
import { givenParts, stripAccents } from './text.ts';

export type BirthMode = 'full' | 'year_month' | 'year' | 'age' | 'age_jan1' | 'none';

/** How one kind of agency records people. Probabilities are per record. */
export interface RecordingProfile {
  kind: string;
  /** Records surname_2 when the person has one. */
  surname2: number;
  birth: Readonly<Partial<Record<BirthMode, number>>>;
  sex: number;
  nationality: number;
  /** Records the CURP when the person has one. */
  curp: number;
  phone: number;
  email: number;
  /** The whole record typed in capitals. */
  upper: number;
  /** The whole record without accents (systems that cannot store them). */
  noAccents: number;
  /** Extra chance of a nickname (people give shelters and hotlines the name they go by). */
  nickname: number;
  /** Multiplier on the typing-error rates. */
  typos: number;
}

/** Recording profiles by agency kind (the national folder maps each agency to one). */
export const PROFILES: Readonly<Record<string, RecordingProfile>> = {
  prosecutor: {
    kind: 'prosecutor',
    surname2: 0.95,
    birth: { full: 0.82, age_jan1: 0.04, year: 0.06, none: 0.08 },
    sex: 0.99,
    nationality: 0.9,
    curp: 0.7,
    phone: 0.6,
    email: 0.2,
    upper: 0.45,
    noAccents: 0.35,
    nickname: 0,
    typos: 1,
  },
  immigration: {
    kind: 'immigration',
    surname2: 0.75,
    birth: { full: 0.96, year: 0.02, none: 0.02 },
    sex: 1,
    nationality: 1,
    curp: 0.3,
    phone: 0.15,
    email: 0.05,
    upper: 0.9,
    noAccents: 0.85,
    nickname: 0,
    typos: 0.8,
  },
  child_protection: {
    kind: 'child_protection',
    surname2: 0.95,
    birth: { full: 0.93, year: 0.04, none: 0.03 },
    sex: 1,
    nationality: 0.8,
    curp: 0.8,
    phone: 0.3,
    email: 0.03,
    upper: 0.3,
    noAccents: 0.25,
    nickname: 0.02,
    typos: 1,
  },
  victims_commission: {
    kind: 'victims_commission',
    surname2: 0.95,
    birth: { full: 0.9, year_month: 0.02, year: 0.04, none: 0.04 },
    sex: 1,
    nationality: 0.9,
    curp: 0.85,
    phone: 0.7,
    email: 0.3,
    upper: 0.3,
    noAccents: 0.3,
    nickname: 0,
    typos: 0.8,
  },
  shelter: {
    kind: 'shelter',
    surname2: 0.35,
    birth: { full: 0.25, age: 0.6, year: 0.05, none: 0.1 },
    sex: 0.97,
    nationality: 0.5,
    curp: 0.1,
    phone: 0.3,
    email: 0.05,
    upper: 0.1,
    noAccents: 0.3,
    nickname: 0.15,
    typos: 1.4,
  },
  hotline: {
    kind: 'hotline',
    surname2: 0.1,
    birth: { age: 0.6, none: 0.4 },
    sex: 0.8,
    nationality: 0.2,
    curp: 0,
    phone: 0.7,
    email: 0.1,
    upper: 0.05,
    noAccents: 0.5,
    nickname: 0.2,
    typos: 1.6,
  },
  international: {
    kind: 'international',
    surname2: 0.6,
    birth: { full: 0.8, year: 0.1, age: 0.05, none: 0.05 },
    sex: 1,
    nationality: 1,
    curp: 0,
    phone: 0.3,
    email: 0.15,
    upper: 0.2,
    noAccents: 0.6,
    nickname: 0,
    typos: 1,
  },
  labor_inspection: {
    kind: 'labor_inspection',
    surname2: 0.8,
    birth: { full: 0.5, age: 0.3, none: 0.2 },
    sex: 0.95,
    nationality: 0.7,
    curp: 0.4,
    phone: 0.2,
    email: 0.02,
    upper: 0.5,
    noAccents: 0.5,
    nickname: 0.02,
    typos: 1.2,
  },
  consular: {
    kind: 'consular',
    surname2: 0.9,
    birth: { full: 0.95, none: 0.05 },
    sex: 1,
    nationality: 1,
    curp: 0.6,
    phone: 0.5,
    email: 0.3,
    upper: 0.6,
    noAccents: 0.7,
    nickname: 0,
    typos: 0.8,
  },
};

/**
 * Base rates of the corruption process (per record, before the profile's `typos` multiplier and the
 * data set's `noise` multiplier, which scale every rate marked *). Documented in docs/evaluation-data.md.
 */
export const RATES = {
  given: {
    nickname: 0.04, // *
    dropOne: 0.18, // of compound names *
    abbreviate: 0.1, // of compound names starting María/José/Francisco/Guadalupe/Juan/Jesús *
    initialSecond: 0.02, // *
    variant: 0.15, // of names with a known variant spelling *
    typo: 0.08, // *
    secondTypo: 0.015, // *
    title: 0.012, // *
  },
  surname: {
    particle: 0.45, // of compound surnames (a writing convention, not scaled)
    variant: 0.1, // of surnames with a known variant spelling *
    typo: 0.06, // each surname *
    swap: 0.025, // *
    maternalOnly: 0.015, // maternal surname recorded as the first, paternal lost *
    missingSecond: 0.04, // on top of the profile's *
    marriedName: 0.012, // adult women: "de <husband's surname>" as surname_2 *
    fieldShift: 0.006, // a given name pushed into the surnames or a surname into the given names *
  },
  text: { enyeDropped: 0.1, addAccent: 0.015, lower: 0.03, whitespace: 0.015 },
  date: {
    dayMonthSwap: 0.02, // *
    yearOffByOne: 0.025, // *
    yearDigitSlip: 0.008, // ±10 or the last two digits transposed *
    dayTypo: 0.015, // *
    monthTypo: 0.008, // *
    ageRoundedTo5: 0.25, // of ages written instead of a date, for adults
    ageOffByOne: 0.25, // of ages written instead of a date
  },
  sex: { wrong: 0.004 }, // *
  curp: { oneWrongChar: 0.03, recomputed: 0.02 }, // *
  nationality: { claimsMexican: 0.08 }, // of foreigners, outside immigration
  phone: { changed: 0.15, reformatted: 0.5 },
  email: { changed: 0.1, upper: 0.3 },
  state: { other: 0.08 },
} as const;

/** A record as written, every field a string ('' = not recorded), named as in the exchange format. */
export interface ObservedPerson {
  given_names: string;
  surname_1: string;
  surname_2: string;
  birth_date: string;
  sex: string;
  nationality: string;
  curp: string;
  phone: string;
  email: string;
  state_code: string;
  indigenous: string;
  languages: string;
}

export interface ObserveContext {
  /** Date of the record (ages are taken then). */
  refDate: string;
  /** Multiplier on the error rates (default 1). */
  noise?: number;
  /** State where the record was made (default: the person's). */
  state?: string;
  /** For new phone numbers and married surnames. */
  gen?: PersonGenerator;
}

/** A valid CURP that differs from `curp` in exactly one of its first 17 characters and keeps its check digit. */
export function curpOneWrongChar(curp: string, rng: Rng): string {
  const DICT = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
  const options: string[] = [];
  for (let i = 0; i < 17; i++) {
    for (const c of DICT) {
      if (c === curp[i]) continue;
      const cand = curp.slice(0, i) + c + curp.slice(i + 1);
      if (isValidCurp(cand)) options.push(cand);
    }
  }
  return options.length ? rng.pick(options) : curp;
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** A full birth date with at most one slip; returns the date and the slip's tag (or null). */
export function slipBirthDate(date: string, ref: string, rng: Rng, noise: number): [string, string | null] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const r = RATES.date;
  const tries: [number, () => [number, number, number], string][] = [
    [r.dayMonthSwap, () => [y, d, m], 'birth:day_month_swap'],
    [r.yearOffByOne, () => [y + (rng.bool(0.5) ? 1 : -1), m, d], 'birth:year_off_by_one'],
    [
      r.yearDigitSlip,
      () => {
        if (rng.bool(0.5)) return [y + (rng.bool(0.5) ? 10 : -10), m, d];
        const s = String(y);
        return [Number(s.slice(0, 2) + s[3] + s[2]), m, d];
      },
      'birth:year_digit_slip',
    ],
    [
      r.dayTypo,
      () => [y, m, rng.bool(0.5) ? d + (rng.bool(0.5) ? 1 : -1) : Number(`${pad(d)[0]}${rng.int(10)}`)],
      'birth:day_typo',
    ],
    [r.monthTypo, () => [y, m + (rng.bool(0.5) ? 1 : -1), d], 'birth:month_typo'],
  ];
  for (const [p, f, tag] of tries) {
    if (!rng.bool(p * noise)) continue;
    const [ny, nm, nd] = f();
    if (!validDate(ny, nm, nd)) continue;
    const out = isoDate(ny, nm, nd);
    if (out === date || out > ref) continue;
    return [out, tag];
  }
  return [date, null];
}

const PHONE_FORMATS: readonly ((p: string) => string)[] = [
  (p) => p,
  (p) => `${p.slice(0, p.length - 8)} ${p.slice(-8, -4)} ${p.slice(-4)}`,
  (p) => `(${p.slice(0, p.length - 8)}) ${p.slice(-8, -4)}-${p.slice(-4)}`,
  (p) => `+52 ${p.slice(0, p.length - 8)} ${p.slice(-8)}`,
  (p) => `044 ${p}`,
  (p) => `+52 1 ${p}`,
  (p) => `${p.slice(0, 3)}-${p.slice(3, 6)}-${p.slice(6)}`,
];

function pickTypo(rng: Rng): TypoKind {
  return pickWeighted(rng, TYPO_WEIGHTS);
}

/** What every step of `observe` shares: the person, how the agency writes, the random stream, the tags so far. */
interface Observation {
  p: TruePerson;
  profile: RecordingProfile;
  rng: Rng;
  ctx: ObserveContext;
  tags: string[];
  noise: number;
  /** Typo rate: the noise times the profile's typos. */
  tn: number;
}

/** The given names as written: a nickname, one of two dropped or abbreviated, a variant spelling, typos. */
function observeGiven(o: Observation): string {
  const { p, rng, tags, noise, tn } = o;
  const g = RATES.given;
  let given = p.givenNames;
  const compound = givenParts(given).length > 1;
  if (rng.bool(g.nickname * noise + o.profile.nickname)) {
    const n = nickname(given, rng);
    if (n) {
      given = n;
      tags.push('given:nickname');
    }
  }
  if (given === p.givenNames && compound) {
    if (rng.bool(g.dropOne * noise)) {
      given = dropOneGivenName(given, rng);
      tags.push('given:dropped_one');
    } else if (ABBREVIATIONS[givenParts(given)[0]!] && rng.bool(g.abbreviate * noise)) {
      given = abbreviateFirstGiven(given, rng);
      tags.push('given:abbreviated');
    } else if (rng.bool(g.initialSecond * noise)) {
      given = initialOfSecondGiven(given);
      tags.push('given:initial');
    }
  }
  if (rng.bool(g.variant * noise)) {
    const v = variantSpelling(given, rng, 'given');
    if (v !== given) {
      given = v;
      tags.push('given:variant_spelling');
    }
  }
  if (rng.bool(g.typo * tn)) {
    const k = pickTypo(rng);
    const v = typo(k, given, rng);
    if (v !== given) {
      given = v;
      tags.push(`given:typo_${k}`);
    }
    if (rng.bool(g.secondTypo * tn * 10)) {
      const k2 = pickTypo(rng);
      const v2 = typo(k2, given, rng);
      if (v2 !== given) {
        given = v2;
        tags.push(`given:typo_${k2}`);
      }
    }
  }
  return given;
}

/**
 * The surnames as written (particles, variants, typos, swapped, the second missing or a married name), then
 * fields shifted between given names and surnames, and a title before the given names.
 */
function observeSurnames(o: Observation, givenIn: string): { given: string; s1: string; s2: string } {
  const { p, profile, rng, tags, noise, tn } = o;
  const g = RATES.given;
  const sr = RATES.surname;
  const age = ageAt(p.birthDate, o.ctx.refDate);
  let given = givenIn;
  let s1 = p.surname1;
  let s2 = p.surname2 ?? '';
  const sur = (s: string, which: string): string => {
    let out = s;
    if (isCompoundSurname(out) && rng.bool(sr.particle)) {
      const v = particleVariant(out, rng);
      if (v !== out) {
        out = v;
        tags.push(`${which}:particle`);
      }
    }
    if (rng.bool(sr.variant * noise)) {
      const v = variantSpelling(out, rng, 'surname');
      if (v !== out) {
        out = v;
        tags.push(`${which}:variant_spelling`);
      }
    }
    if (rng.bool(sr.typo * tn)) {
      const k = pickTypo(rng);
      const v = typo(k, out, rng);
      if (v !== out) {
        out = v;
        tags.push(`${which}:typo_${k}`);
      }
    }
    return out;
  };
  s1 = sur(s1, 'surname_1');
  if (s2) s2 = sur(s2, 'surname_2');
  if (s2 && rng.bool(sr.swap * noise)) {
    [s1, s2] = [s2, s1];
    tags.push('surnames:swapped');
  } else if (s2 && rng.bool(sr.maternalOnly * noise)) {
    s1 = s2;
    s2 = '';
    tags.push('surnames:maternal_as_first');
  }
  if (s2 && rng.bool(1 - profile.surname2 + sr.missingSecond * noise)) {
    s2 = '';
    tags.push('surname_2:missing');
  }
  if (p.sex === 'female' && age >= 22 && p.origin === 'mex' && rng.bool(sr.marriedName * noise)) {
    s2 = `de ${drawSurname(rng, 'mex', p.state)}`;
    tags.push('surname_2:married_name');
  }
  if (rng.bool(sr.fieldShift * noise)) {
    const parts = givenParts(given);
    if (parts.length > 1 && rng.bool(0.5)) {
      // "María | Guadalupe Hernández | López": the second given name taken for the paternal surname
      s2 = s1;
      s1 = parts[parts.length - 1]!;
      given = parts.slice(0, -1).join(' ');
      tags.push('fields:given_into_surname');
    } else if (s2) {
      // "María Guadalupe Hernández | López |": the paternal surname written with the given names
      given = `${given} ${s1}`;
      s1 = s2;
      s2 = '';
      tags.push('fields:surname_into_given');
    }
  }
  if (rng.bool(g.title * noise)) {
    given = addTitle(given, p.sex, rng);
    tags.push('given:title');
  }
  return { given, s1, s2 };
}

/** The birth date as the profile writes it: full (perhaps slipped), year and month, year, from an age, none. */
function observeBirth(o: Observation): string {
  const { p, profile, rng, ctx, tags, noise } = o;
  const age = ageAt(p.birthDate, ctx.refDate);
  let birth = '';
  const mode = pickWeighted(
    rng,
    Object.entries(profile.birth).map(([k, v]) => [k as BirthMode, v ?? 0] as const),
  );
  const refYear = Number(ctx.refDate.slice(0, 4));
  const estimatedAge = (): number => {
    let a = age;
    if (rng.bool(RATES.date.ageOffByOne)) a += rng.bool(0.5) ? 1 : -1;
    if (a >= 20 && rng.bool(RATES.date.ageRoundedTo5)) a = Math.round(a / 5) * 5;
    return Math.max(0, a);
  };
  switch (mode) {
    case 'full': {
      const [d, tag] = slipBirthDate(p.birthDate, ctx.refDate, rng, noise);
      birth = d;
      if (tag) tags.push(tag);
      break;
    }
    case 'year_month':
      birth = p.birthDate.slice(0, 7);
      tags.push('birth:year_month_only');
      break;
    case 'year':
      birth = p.birthDate.slice(0, 4);
      tags.push('birth:year_only');
      break;
    case 'age': {
      const a = estimatedAge();
      birth = String(refYear - a);
      tags.push(a === age ? 'birth:from_age' : 'birth:from_age_estimate');
      break;
    }
    case 'age_jan1': {
      const a = estimatedAge();
      birth = `${refYear - a}-01-01`;
      if (birth > ctx.refDate) birth = `${refYear - a - 1}-01-01`;
      tags.push('birth:age_as_jan_1');
      break;
    }
    case 'none':
      tags.push('birth:missing');
      break;
  }
  return birth;
}

/** Sex (missing or wrong), nationality (a foreigner claiming to be Mexican) and CURP (a wrong character, recomputed). */
function observeIdentity(
  o: Observation,
  names: readonly [string, string, string],
  birth: string,
): { sex: string; nationality: string; curp: string } {
  const { p, profile, rng, tags, noise } = o;
  const [given, s1, s2] = names;
  let sex = rng.bool(profile.sex) ? p.sex : '';
  if (!sex) tags.push('sex:missing');
  else if (rng.bool(RATES.sex.wrong * noise)) {
    sex = p.sex === 'female' ? 'male' : 'female';
    tags.push('sex:wrong');
  }
  let nationality = rng.bool(profile.nationality) ? p.nationality : '';
  if (
    nationality &&
    nationality !== 'MEX' &&
    profile.kind !== 'immigration' &&
    rng.bool(RATES.nationality.claimsMexican)
  ) {
    nationality = 'MEX';
    tags.push('nationality:claims_mexican');
  }
  let curp = p.curp && rng.bool(profile.curp) ? p.curp : '';
  if (curp && rng.bool(RATES.curp.oneWrongChar * noise)) {
    const c = curpOneWrongChar(curp, rng);
    if (c !== curp) {
      curp = c;
      tags.push('curp:one_wrong_char');
    }
  } else if (curp && birth.length === 10 && sex && rng.bool(RATES.curp.recomputed * noise)) {
    // the agency computed the CURP itself from what it wrote down
    const c = makeCurp({
      givenNames: stripAccents(given, false),
      surname1: stripAccents(s1, false) || 'X',
      surname2: s2 ? stripAccents(s2, false) : undefined,
      birthDate: birth,
      sex: sex as 'female' | 'male',
      birthState: p.birthState ?? undefined,
    });
    if (c !== curp && isValidCurp(c)) {
      curp = c;
      tags.push('curp:recomputed_from_record');
    }
  }
  return { sex, nationality, curp };
}

/** Phone (changed, reformatted), e-mail (changed, upper case) and state (another one). */
function observeContact(o: Observation): { phone: string; email: string; state: string } {
  const { p, profile, rng, ctx, tags } = o;
  let phone = '';
  if (p.phone && rng.bool(profile.phone)) {
    phone = p.phone;
    if (ctx.gen && rng.bool(RATES.phone.changed)) {
      phone = ctx.gen.newPhone(p.state);
      tags.push('phone:changed');
    }
    if (rng.bool(RATES.phone.reformatted)) phone = rng.pick(PHONE_FORMATS)(phone);
  }
  let email = '';
  if (p.email && rng.bool(profile.email)) {
    email = p.email;
    if (rng.bool(RATES.email.changed)) {
      email = email.replace(/@/, `${rng.range(1, 99)}@`);
      tags.push('email:changed');
    } else if (rng.bool(RATES.email.upper)) email = email.toUpperCase();
  }
  let state = ctx.state ?? p.state;
  if (!ctx.state && rng.bool(RATES.state.other)) {
    state = drawState(rng);
    if (state !== p.state) tags.push('state:other');
  }
  return { phone, email, state };
}

/** Whole-record conventions on [given, surname 1, surname 2]: no accents (or ñ), an added accent, case, whitespace. */
function writingConventions(o: Observation, written: readonly [string, string, string]): string[] {
  const { profile, rng, tags, noise } = o;
  let names = [...written];
  if (rng.bool(profile.noAccents)) {
    const dropEnye = rng.bool(RATES.text.enyeDropped * 3);
    const v = names.map((s) => stripAccents(s, !dropEnye));
    if (v.some((x, i) => x !== names[i])) tags.push(dropEnye ? 'text:no_accents_no_enye' : 'text:no_accents');
    names = v;
  } else if (rng.bool(RATES.text.addAccent * noise)) {
    const i = rng.int(names[2] ? 3 : 2);
    const v = addAccent(names[i]!, rng);
    if (v !== names[i]) {
      names[i] = v;
      tags.push('text:accent_added');
    }
  }
  if (rng.bool(profile.upper)) {
    names = names.map((s) => s.toUpperCase());
    tags.push('text:upper');
  } else if (rng.bool(RATES.text.lower)) {
    names = names.map((s) => s.toLowerCase());
    tags.push('text:lower');
  }
  if (rng.bool(RATES.text.whitespace * noise)) {
    names[0] = strayWhitespace(names[0]!, rng);
    tags.push('text:whitespace');
  }
  return names;
}

/** One record of `p` as an agency with `profile` writes it down. The steps draw from `rng` in this order. */
export function observe(
  p: TruePerson,
  profile: RecordingProfile,
  rng: Rng,
  ctx: ObserveContext,
): { fields: ObservedPerson; tags: string[] } {
  const noise = ctx.noise ?? 1;
  const o: Observation = { p, profile, rng, ctx, tags: [], noise, tn: noise * profile.typos };
  const tags = o.tags;
  const { given, s1, s2 } = observeSurnames(o, observeGiven(o));
  const birth = observeBirth(o);
  const { sex, nationality, curp } = observeIdentity(o, [given, s1, s2], birth);
  const { phone, email, state } = observeContact(o);
  const names = writingConventions(o, [given, s1, s2]);

  let languages = p.languages.join(';');
  if (languages && rng.bool(0.4)) languages = '';
  return {
    fields: {
      given_names: names[0]!,
      surname_1: names[1]!,
      surname_2: names[2]!,
      birth_date: birth,
      sex,
      nationality,
      curp,
      phone,
      email,
      state_code: state,
      indigenous: rng.bool(0.6) ? String(p.indigenous) : '',
      languages,
    },
    tags,
  };
}
