/**
 * Hard negatives: different people who look alike. Each group is a set of distinct true persons (distinct
 * entities) whose records a matcher is tempted to merge:
 * - `siblings`: sisters/brothers with both surnames in common, born 1-8 years apart, same state (often the same
 *   household phone); a third of sister pairs share "María" as first given name.
 * - `twins`: same surnames, same birth date and state, different given names (often similar ones).
 * - `namesakes`: the same full name in the same state (drawn from the most common names and surnames),
 *   different birth dates (half of them in the same year; 3 % on the same day, told apart only by RENAPO's
 *   homonym differentiator in the CURP and by contact data).
 * - `parent_child`: mother and daughter sharing one given name, the daughter's maternal surname being the
 *   mother's paternal one (the pattern shifted); or father and son, the son named after his father.
 * - `cousins`: one surname in common, similar age, same state; a quarter share a given name (named after a
 *   grandparent).
 */
import {
  addDays,
  birthDateForAge,
  drawAge,
  drawGivenNames,
  type PersonGenerator,
  type PersonOverrides,
  type Sex,
  type TruePerson,
} from './person.ts';
import { pickWeighted, type Rng } from './rng.ts';
import { givenParts, withoutParticles } from './text.ts';

export type FamilyKind = 'siblings' | 'twins' | 'namesakes' | 'parent_child' | 'cousins';

export interface Family {
  familyId: string;
  kind: FamilyKind;
  entityIds: string[];
}

export const FAMILY_WEIGHTS: readonly (readonly [FamilyKind, number])[] = [
  ['siblings', 35],
  ['twins', 10],
  ['namesakes', 25],
  ['parent_child', 15],
  ['cousins', 15],
];

const COMMON_FEMALE = [
  'María Guadalupe',
  'Guadalupe',
  'María',
  'Juana',
  'Margarita',
  'Patricia',
  'Verónica',
  'Rosa María',
];
const COMMON_MALE = [
  'José Luis',
  'José',
  'Juan',
  'Jesús',
  'Miguel Ángel',
  'Juan Carlos',
  'Francisco',
  'Antonio',
];
const COMMON_SURNAMES = [
  'Hernández',
  'García',
  'Martínez',
  'López',
  'González',
  'Pérez',
  'Rodríguez',
  'Sánchez',
  'Ramírez',
  'Cruz',
  'Flores',
  'Gómez',
];

function otherGiven(
  rng: Rng,
  origin: TruePerson['origin'],
  sex: Sex,
  year: number,
  avoid: readonly string[],
): string {
  for (let i = 0; i < 50; i++) {
    const g = drawGivenNames(rng, origin, sex, year);
    if (!avoid.includes(g)) return g;
  }
  return sex === 'female' ? 'Itzel' : 'Tonatiuh';
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function shift(date: string, years: number, rng: Rng): string {
  return addDays(date, Math.round(years * 365.25) + rng.range(-60, 60));
}

/**
 * A look-alike group of `kind`, built with `gen` (which keeps CURPs unique). `base` fixes a few fields of the
 * first member (e.g. the victim's nationality or state in the national folder).
 */
export function makeFamily(
  kind: FamilyKind,
  familyId: string,
  gen: PersonGenerator,
  rng: Rng,
  base: PersonOverrides = {},
): { family: Family; members: TruePerson[] } {
  const members: TruePerson[] = [];
  const tag = (p: TruePerson, relation: string) => {
    p.familyId = familyId;
    p.relation = relation;
    members.push(p);
    return p;
  };
  const ref = gen.opts.refDate;
  switch (kind) {
    case 'siblings': {
      const sexes: Sex[] = pickWeighted(rng, [
        [['female', 'female'], 50],
        [['male', 'male'], 25],
        [['female', 'male'], 25],
      ] as const).slice();
      if (rng.bool(0.3)) sexes.push(rng.bool(0.6) ? 'female' : 'male');
      const first = tag(gen.person({ ...base, sex: base.sex ?? sexes[0]! }), 'sibling');
      const givens = [first.givenNames];
      const mariaPrefix = first.sex === 'female' && rng.bool(0.33);
      // distinct whole-year gaps from the first sibling (so no two siblings are born within ~8 months)
      const gaps = rng.sample([-8, -7, -6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6, 7, 8], sexes.length - 1);
      for (let i = 1; i < sexes.length; i++) {
        const sex = sexes[i]!;
        const gap = gaps[i - 1]!;
        let birthDate = shift(first.birthDate, gap, rng);
        if (birthDate > ref) {
          // not born yet at the reference date: an older sibling instead, with a gap nobody else has
          const free = [-1, -2, -3, -4, -5, -6, -7, -8].find((g) => !gaps.includes(g)) ?? -8;
          gaps[i - 1] = free;
          birthDate = shift(first.birthDate, free, rng);
        }
        const year = yearOf(birthDate);
        let g = otherGiven(rng, first.origin, sex, year, givens);
        if (mariaPrefix && sex === 'female') {
          const second = givenParts(g).at(-1)!;
          g = `María ${withoutParticles(second)}`;
          if (givens.includes(g)) g = otherGiven(rng, first.origin, sex, year, givens);
        }
        givens.push(g);
        tag(
          gen.person({
            sex,
            nationality: first.nationality,
            origin: first.origin,
            givenNames: g,
            surname1: first.surname1,
            surname2: first.surname2,
            birthDate,
            state: first.state,
            birthState: first.birthState,
            phone: rng.bool(0.3) ? first.phone : undefined,
          }),
          'sibling',
        );
      }
      break;
    }
    case 'twins': {
      const sameSex = rng.bool(0.7);
      const first = tag(gen.person({ ...base }), 'twin');
      const sex: Sex = sameSex ? first.sex : first.sex === 'female' ? 'male' : 'female';
      let g = otherGiven(rng, first.origin, sex, yearOf(first.birthDate), [first.givenNames]);
      const parts = givenParts(first.givenNames);
      if (sameSex && parts.length > 1 && rng.bool(0.5)) {
        // "José Ángel" / "José Manuel": the same first name, another second one
        const other = givenParts(g).at(-1)!;
        const candidate = `${parts[0]} ${withoutParticles(other)}`;
        if (candidate !== first.givenNames) g = candidate;
      }
      tag(
        gen.person({
          sex,
          nationality: first.nationality,
          origin: first.origin,
          givenNames: g,
          surname1: first.surname1,
          surname2: first.surname2,
          birthDate: first.birthDate,
          state: first.state,
          birthState: first.birthState,
          phone: rng.bool(0.4) ? first.phone : undefined,
        }),
        'twin',
      );
      break;
    }
    case 'namesakes': {
      const sex: Sex = base.sex ?? (rng.bool(0.55) ? 'female' : 'male');
      const givenNames = rng.pick(sex === 'female' ? COMMON_FEMALE : COMMON_MALE);
      const surname1 = rng.pick(COMMON_SURNAMES);
      const surname2 = rng.pick(COMMON_SURNAMES);
      const first = tag(
        gen.person({ ...base, sex, givenNames, surname1, surname2, origin: 'mex', nationality: 'MEX' }),
        'namesake',
      );
      const n = rng.bool(0.2) ? 3 : 2;
      for (let i = 1; i < n; i++) {
        let birthDate: string;
        const r = rng.next();
        if (r < 0.03) birthDate = first.birthDate;
        else if (r < 0.5) {
          const y = yearOf(first.birthDate);
          birthDate = birthDateForAge(rng, 0, `${y}-12-31`);
          if (birthDate === first.birthDate || birthDate > ref)
            birthDate = addDays(first.birthDate, -rng.range(1, 300));
        } else birthDate = birthDateForAge(rng, drawAge(rng, gen.opts.ageProfile), ref);
        tag(
          gen.person({
            sex,
            givenNames,
            surname1,
            surname2,
            birthDate,
            state: first.state,
            origin: 'mex',
            nationality: 'MEX',
          }),
          'namesake',
        );
      }
      break;
    }
    case 'parent_child': {
      const mother = rng.bool(0.7);
      const sex: Sex = mother ? 'female' : 'male';
      const childAge = rng.range(3, 30);
      const gap = rng.range(mother ? 16 : 18, mother ? 38 : 42);
      const parent = tag(
        gen.person({ ...base, sex, age: Math.min(85, childAge + gap) }),
        mother ? 'mother' : 'father',
      );
      const childBirth = birthDateForAge(rng, childAge, ref);
      const parts = givenParts(parent.givenNames);
      let childGiven: string;
      let surname1: string;
      let surname2: string | null;
      if (mother) {
        // daughter: one given name in common; her maternal surname is her mother's paternal one
        const shared = withoutParticles(rng.pick(parts)) || parts[0]!;
        let extra = shared;
        for (let i = 0; i < 20 && extra === shared; i++) {
          const other = otherGiven(rng, parent.origin, 'female', yearOf(childBirth), [parent.givenNames]);
          extra = withoutParticles(givenParts(other).at(-1)!);
        }
        childGiven = parts.length > 1 && rng.bool(0.5) ? shared : `${shared} ${extra}`;
        if (childGiven === parent.givenNames) childGiven = `${shared} ${extra}`;
        surname1 = drawSurnameLike(gen, rng, parent);
        surname2 = parent.surname1;
      } else {
        // son named after his father (half of them exactly), same paternal surname
        childGiven = rng.bool(0.5)
          ? parent.givenNames
          : `${parts[0]} ${withoutParticles(givenParts(otherGiven(rng, parent.origin, 'male', yearOf(childBirth), [parent.givenNames])).at(-1)!)}`;
        surname1 = parent.surname1;
        surname2 = drawSurnameLike(gen, rng, parent);
      }
      tag(
        gen.person({
          sex,
          nationality: parent.nationality,
          origin: parent.origin,
          givenNames: childGiven,
          surname1,
          surname2,
          birthDate: childBirth,
          state: parent.state,
          phone: rng.bool(0.4) ? parent.phone : undefined,
        }),
        mother ? 'daughter' : 'son',
      );
      break;
    }
    case 'cousins': {
      const first = tag(gen.person({ ...base }), 'cousin');
      const sex: Sex = rng.bool(0.5) ? first.sex : first.sex === 'female' ? 'male' : 'female';
      let birthDate = shift(first.birthDate, rng.range(-5, 5), rng);
      if (birthDate > ref) birthDate = shift(first.birthDate, -rng.range(0, 5), rng);
      const givenNames =
        sex === first.sex && rng.bool(0.25)
          ? first.givenNames
          : otherGiven(rng, first.origin, sex, yearOf(birthDate), [first.givenNames]);
      const paternal = rng.bool(0.7);
      tag(
        gen.person({
          sex,
          nationality: first.nationality,
          origin: first.origin,
          givenNames,
          surname1: paternal ? first.surname1 : drawSurnameLike(gen, rng, first),
          surname2: paternal ? drawSurnameLike(gen, rng, first) : first.surname2,
          birthDate,
          state: first.state,
        }),
        'cousin',
      );
      break;
    }
  }
  return { family: { familyId, kind, entityIds: members.map((m) => m.entityId) }, members };
}

/** A surname of the person's origin and state that differs from both of theirs. */
function drawSurnameLike(gen: PersonGenerator, _rng: Rng, p: TruePerson): string {
  for (let i = 0; i < 50; i++) {
    const s = gen.surname(p.origin, p.state);
    if (s !== p.surname1 && s !== p.surname2) return s;
  }
  return 'Tzintzun';
}
