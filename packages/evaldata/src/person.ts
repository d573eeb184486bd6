/**
 * True persons: who they really are (names, birth, CURP), before any agency writes them down. Every field
 * here is the ground truth that the recorded (corrupted) observations in `observe.ts` are drawn from.
 */
import { INEGI_STATES } from '@enlace/core/codes';
import { makeCurp } from '@enlace/core/curp';
import {
  CAM_FEMALE,
  CAM_MALE,
  CUB_FEMALE,
  CUB_MALE,
  type Era,
  HTI_FEMALE,
  HTI_MALE,
  MEX_FEMALE,
  MEX_MALE,
  type NameEntry,
  SAM_FEMALE,
  SAM_MALE,
} from './data/given-names.ts';
import {
  AREA_CODES,
  EMAIL_DOMAINS,
  FOREIGN_LANGUAGES,
  FOREIGN_NATIONALITIES,
  INDIGENOUS_LANGUAGES,
  type Origin,
  STATE_POPULATION,
} from './data/places.ts';
import {
  CAM_SURNAMES,
  CUB_SURNAMES,
  HTI_SURNAMES,
  MAYA,
  MEX_SURNAMES,
  NAHUA,
  OUT_OF_REGION_FACTOR,
  REGIONAL,
  SAM_SURNAMES,
  zipfWeights,
} from './data/surnames.ts';
import { pickWeighted, type Rng, WeightedTable } from './rng.ts';
import { stripAccents } from './text.ts';

export type Sex = 'female' | 'male';

export interface TruePerson {
  entityId: string;
  origin: Origin;
  sex: Sex;
  givenNames: string;
  surname1: string;
  /** null when the person has one surname only (Haitians; some others). */
  surname2: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  /** INEGI code of the birth state; null when born abroad. */
  birthState: string | null;
  /** ISO 3166-1 alpha-3. */
  nationality: string;
  /** INEGI code of the state where the person lives or was found. */
  state: string;
  /** The person's registered CURP, or null when they have none. */
  curp: string | null;
  phone: string | null;
  email: string | null;
  indigenous: boolean;
  languages: string[];
  /** Set for members of a look-alike group (hard negatives). */
  familyId?: string;
  relation?: string;
}

export const STATE_CODES = INEGI_STATES.map((s) => s.code);
const STATE_TABLE = new WeightedTable(
  STATE_CODES,
  STATE_CODES.map((c) => STATE_POPULATION[c] ?? 1),
);

export function drawState(rng: Rng): string {
  return STATE_TABLE.draw(rng);
}

function eraOf(year: number): Exclude<Era, ''> {
  return year < 1970 ? 'o' : year <= 1995 ? 'm' : 'y';
}
const ERA_FACTOR: Record<Era, Record<Exclude<Era, ''>, number>> = {
  o: { o: 1, m: 0.25, y: 0.04 },
  m: { o: 0.35, m: 1, y: 0.35 },
  y: { o: 0.02, m: 0.2, y: 1 },
  '': { o: 1, m: 1, y: 1 },
};

function nameTable(list: readonly NameEntry[], era: Exclude<Era, ''>): WeightedTable<string> {
  return new WeightedTable(
    list.map((n) => n.name),
    list.map((n) => n.weight * ERA_FACTOR[n.era][era]),
  );
}

const GIVEN_LISTS: Record<Origin, Record<Sex, readonly NameEntry[]>> = {
  mex: { female: MEX_FEMALE, male: MEX_MALE },
  cam: { female: CAM_FEMALE, male: CAM_MALE },
  sam: { female: SAM_FEMALE, male: SAM_MALE },
  cub: { female: CUB_FEMALE, male: CUB_MALE },
  hti: { female: HTI_FEMALE, male: HTI_MALE },
};
/** Share of a foreign origin's people who carry a name of the Mexican list (shared Spanish names). */
const SHARED_WITH_MEX: Record<Origin, number> = { mex: 1, cam: 0.55, sam: 0.4, cub: 0.35, hti: 0 };

const tableCache = new Map<string, WeightedTable<string>>();
function givenTable(origin: Origin, sex: Sex, era: Exclude<Era, ''>): WeightedTable<string> {
  const key = `${origin}/${sex}/${era}`;
  let t = tableCache.get(key);
  if (!t) {
    t = nameTable(GIVEN_LISTS[origin][sex], era);
    tableCache.set(key, t);
  }
  return t;
}

const COMPOUND_PREFIX: Record<Sex, readonly (readonly [string, number])[]> = {
  female: [
    ['María', 6],
    ['Ana', 3],
    ['Diana', 1],
    ['Rosa', 1],
    ['Luz', 1],
  ],
  male: [
    ['José', 5],
    ['Juan', 4],
    ['Luis', 2],
    ['Jesús', 1],
    ['Miguel', 1],
  ],
};

/** A given name (possibly compound) for a person of this origin, sex and birth year. */
export function drawGivenNames(rng: Rng, origin: Origin, sex: Sex, birthYear: number): string {
  const era = eraOf(birthYear);
  const useMex = origin === 'mex' || rng.bool(SHARED_WITH_MEX[origin]);
  const name = givenTable(useMex ? 'mex' : origin, sex, era).draw(rng);
  // Now and then two single names are joined ("Ana Itzel", "Juan Diego").
  if ((origin === 'mex' || origin === 'cam') && !name.includes(' ') && rng.bool(0.1)) {
    const prefix = pickWeighted(rng, COMPOUND_PREFIX[sex]);
    if (prefix !== name) return `${prefix} ${name}`;
  }
  return name;
}

const surnameTableCache = new Map<string, WeightedTable<string>>();
function mexSurnameTable(state: string | null): WeightedTable<string> {
  const key = state ?? '--';
  let t = surnameTableCache.get(key);
  if (!t) {
    const base = zipfWeights(MEX_SURNAMES.length);
    const regional = state ? (REGIONAL[state] ?? []) : [];
    t = new WeightedTable(
      MEX_SURNAMES,
      MEX_SURNAMES.map((s, i) => {
        for (const r of regional) if (r.names.includes(s)) return base[i]! * r.factor * 0.25;
        return base[i]! * (OUT_OF_REGION_FACTOR.get(s) ?? 1);
      }),
    );
    surnameTableCache.set(key, t);
  }
  return t;
}
const FOREIGN_SURNAMES: Record<Exclude<Origin, 'mex'>, WeightedTable<string>> = {
  cam: new WeightedTable(CAM_SURNAMES, zipfWeights(CAM_SURNAMES.length, 4)),
  sam: new WeightedTable(SAM_SURNAMES, zipfWeights(SAM_SURNAMES.length, 4)),
  cub: new WeightedTable(CUB_SURNAMES, zipfWeights(CUB_SURNAMES.length, 4)),
  hti: new WeightedTable(HTI_SURNAMES, zipfWeights(HTI_SURNAMES.length, 4)),
};

export function drawSurname(rng: Rng, origin: Origin, state: string | null): string {
  return origin === 'mex' ? mexSurnameTable(state).draw(rng) : FOREIGN_SURNAMES[origin].draw(rng);
}

export type AgeProfile = 'victims' | 'general';

/** Age in whole years at the reference date. */
export function drawAge(rng: Rng, profile: AgeProfile): number {
  if (profile === 'victims') {
    const band = pickWeighted(rng, [
      [[3, 11], 4],
      [[12, 17], 24],
      [[18, 25], 35],
      [[26, 35], 22],
      [[36, 50], 11],
      [[51, 72], 4],
    ] as const);
    return rng.range(band[0], band[1]);
  }
  const band = pickWeighted(rng, [
    [[0, 14], 25],
    [[15, 29], 26],
    [[30, 44], 22],
    [[45, 59], 16],
    [[60, 90], 11],
  ] as const);
  return rng.range(band[0], band[1]);
}

export function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
export function isoDate(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
export function randomDateInYear(rng: Rng, year: number): string {
  const m = rng.range(1, 12);
  return isoDate(year, m, rng.range(1, daysInMonth(year, m)));
}
/** A birth date such that the person is `age` at `ref` (YYYY-MM-DD). */
export function birthDateForAge(rng: Rng, age: number, ref: string): string {
  const refT = Date.parse(`${ref}T00:00:00Z`);
  const [ry, rm, rd] = ref.split('-').map(Number) as [number, number, number];
  // the last birth date giving this age is ref minus `age` years; the first is one year (less a day) before
  const latest = Date.UTC(ry - age, rm - 1, rd);
  const earliest = Date.UTC(ry - age - 1, rm - 1, rd) + 86_400_000;
  const t = Math.min(
    refT,
    earliest + Math.floor((rng.next() * (latest - earliest + 86_400_000)) / 86_400_000) * 86_400_000,
  );
  return new Date(t).toISOString().slice(0, 10);
}
/** Age in whole years at `ref` of someone born on `birth` (both YYYY-MM-DD). */
export function ageAt(birth: string, ref: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ry, rm, rd] = ref.split('-').map(Number) as [number, number, number];
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
}

export interface PersonOverrides {
  sex?: Sex;
  origin?: Origin;
  nationality?: string;
  givenNames?: string;
  surname1?: string;
  surname2?: string | null;
  birthDate?: string;
  state?: string;
  birthState?: string | null;
  phone?: string | null;
  age?: number;
}

export interface PersonGeneratorOptions {
  /** Share of foreign-born people (default 0.06). */
  foreignShare?: number;
  ageProfile?: AgeProfile;
  /** Ages are taken at this date (default 2023-06-30). */
  refDate?: string;
  /** Share of women among people drawn without a fixed sex (default 0.5). */
  femaleShare?: number;
}

/**
 * Draws true persons. Keeps the set of CURPs handed out so that no two persons share one (RENAPO's
 * homonym differentiator is raised on a clash, as RENAPO does).
 */
export class PersonGenerator {
  private readonly curps = new Set<string>();
  private readonly phones = new Set<string>();
  private next = 0;
  readonly opts: Required<PersonGeneratorOptions>;

  constructor(
    private readonly rng: Rng,
    opts: PersonGeneratorOptions = {},
    private readonly idPrefix = 'E',
  ) {
    this.opts = {
      foreignShare: opts.foreignShare ?? 0.06,
      ageProfile: opts.ageProfile ?? 'general',
      refDate: opts.refDate ?? '2023-06-30',
      femaleShare: opts.femaleShare ?? 0.5,
    };
  }

  /** A surname of this origin, weighted for this state. */
  surname(origin: Origin, state: string | null): string {
    return drawSurname(this.rng, origin, state);
  }

  get count(): number {
    return this.next;
  }

  person(o: PersonOverrides = {}): TruePerson {
    const rng = this.rng;
    const entityId = `${this.idPrefix}${pad(++this.next, 7)}`;
    let nationality = o.nationality;
    let origin: Origin = o.origin ?? 'mex';
    if (!nationality) {
      if (!o.origin && rng.bool(this.opts.foreignShare)) {
        const [code, , org] = pickWeighted(
          rng,
          FOREIGN_NATIONALITIES.map((f) => [f, f[1]] as const),
        );
        nationality = code;
        origin = org;
      } else nationality = origin === 'mex' ? 'MEX' : 'GTM';
    } else if (!o.origin) {
      origin =
        nationality === 'MEX'
          ? 'mex'
          : (FOREIGN_NATIONALITIES.find((f) => f[0] === nationality)?.[2] ?? 'sam');
    }
    const sex: Sex = o.sex ?? (rng.bool(this.opts.femaleShare) ? 'female' : 'male');
    const state = o.state ?? drawState(rng);
    const birthDate =
      o.birthDate ?? birthDateForAge(rng, o.age ?? drawAge(rng, this.opts.ageProfile), this.opts.refDate);
    const birthYear = Number(birthDate.slice(0, 4));
    const birthState =
      o.birthState !== undefined
        ? o.birthState
        : origin !== 'mex'
          ? null
          : rng.bool(0.8)
            ? state
            : drawState(rng);
    const givenNames = o.givenNames ?? drawGivenNames(rng, origin, sex, birthYear);
    const surname1 = o.surname1 ?? drawSurname(rng, origin, birthState ?? state);
    const surname2 =
      o.surname2 !== undefined
        ? o.surname2
        : origin === 'hti' || (origin !== 'mex' && rng.bool(0.04))
          ? null
          : drawSurname(rng, origin, birthState ?? state);
    const hasCurp = origin === 'mex' ? rng.bool(0.97) : rng.bool(0.1);
    const curp = hasCurp
      ? this.uniqueCurp({ givenNames, surname1, surname2, birthDate, sex, birthState })
      : null;
    const phone = o.phone !== undefined ? o.phone : rng.bool(0.75) ? this.newPhone(state) : null;
    const email = rng.bool(birthYear > 1975 ? 0.45 : 0.2)
      ? makeEmail(rng, givenNames, surname1, birthYear)
      : null;
    const langs = INDIGENOUS_LANGUAGES[birthState ?? ''];
    const indigenousByName = [surname1, surname2].some((s) => s && (MAYA.includes(s) || NAHUA.includes(s)));
    const indigenous =
      origin === 'mex'
        ? rng.bool(indigenousByName ? 0.7 : langs ? 0.18 : 0.04)
        : nationality === 'GTM' && rng.bool(0.35);
    const languages = ['spa'];
    if (indigenous && rng.bool(0.6)) {
      const pool = origin === 'mex' ? (langs ?? ['nah']) : (FOREIGN_LANGUAGES[nationality] ?? []);
      if (pool.length) languages.push(rng.pick(pool));
    }
    if (nationality === 'HTI') languages.splice(0, 1, 'hat');
    return {
      entityId,
      origin,
      sex,
      givenNames,
      surname1,
      surname2,
      birthDate,
      birthState,
      nationality,
      state,
      curp,
      phone,
      email,
      indigenous,
      languages,
    };
  }

  uniqueCurp(p: {
    givenNames: string;
    surname1: string;
    surname2: string | null;
    birthDate: string;
    sex: Sex;
    birthState: string | null;
  }): string {
    for (let k = 0; k < 10; k++) {
      const curp = makeCurp({
        givenNames: p.givenNames,
        surname1: p.surname1,
        surname2: p.surname2 ?? undefined,
        birthDate: p.birthDate,
        sex: p.sex,
        birthState: p.birthState ?? undefined,
        differentiator: k,
      });
      if (!this.curps.has(curp)) {
        this.curps.add(curp);
        return curp;
      }
    }
    throw new Error('ten homonyms born the same day');
  }

  newPhone(state: string): string {
    for (;;) {
      const codes = AREA_CODES[state] ?? ['55'];
      const area = this.rng.pick(codes);
      let rest = '';
      for (let i = area.length; i < 10; i++)
        rest += String(i === area.length ? this.rng.range(2, 9) : this.rng.int(10));
      const phone = area + rest;
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }
}

function makeEmail(rng: Rng, given: string, surname: string, birthYear: number): string {
  const g = stripAccents(given.split(' ')[0]!)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  const s = stripAccents(surname.split(' ').pop()!)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  const style = rng.int(4);
  const local =
    style === 0
      ? `${g}.${s}`
      : style === 1
        ? `${g}${s}${String(birthYear).slice(2)}`
        : style === 2
          ? `${g[0] ?? 'x'}${s}${rng.range(1, 999)}`
          : `${g}_${rng.range(10, 99)}`;
  return `${local}@${rng.pick(EMAIL_DOMAINS)}`;
}
