/**
 * A national exchange folder with Mexico's magnitudes (TIP report 2023 for 2020-2022) and its ground truth:
 * every file of the exchange format, about sixty agencies, hundreds of victims a year identified by
 * prosecutors, immigration, DIF, shelters, the victims' commissions and an international organization, a few
 * percent of them identified again by another agency (a second, corrupted person record), look-alike groups
 * of victims (sisters, twins, namesakes, mothers and daughters, cousins), defendants (some related to their
 * victims), referrals, services, investigations, prosecutions, convictions, restitution, hotline contacts and
 * financial-intelligence reports. `truth` gives the entity of every person record and the annual figures
 * computed from the truth (figures.ts).
 */
import { type Agency, nationalAgencies, stateProsecutorId } from './agencies.ts';
import { toCsv } from './csv.ts';
import { STATE_POPULATION } from './data/places.ts';
import { FAMILY_WEIGHTS, type Family, makeFamily } from './families.ts';
import { type AnnualFigures, computeFigures, INTERPRETATIONS } from './figures.ts';
import { observe, PROFILES } from './observe.ts';
import {
  addDays,
  ageAt,
  PersonGenerator,
  type PersonOverrides,
  pad,
  randomDateInYear,
  STATE_CODES,
  type TruePerson,
} from './person.ts';
import { pickWeighted, type Rng, Rng as RngClass } from './rng.ts';

export type Row = Record<string, string>;

/** Columns of each file, in the order written. */
export const FILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'agencies.csv': ['agency_id', 'name', 'level', 'kind', 'state_code', 'country'],
  'persons.csv': [
    'person_id',
    'agency_id',
    'given_names',
    'surname_1',
    'surname_2',
    'birth_date',
    'sex',
    'nationality',
    'curp',
    'indigenous',
    'languages',
    'lgbtqi',
    'disability',
    'phone',
    'email',
    'address',
  ],
  'identifications.csv': [
    'identification_id',
    'person_id',
    'agency_id',
    'date',
    'state_code',
    'country_of_exploitation',
    'primary_form',
    'other_forms',
    'sector',
    'means_of_control',
    'recruitment',
    'recruiter_relation',
  ],
  'referrals.csv': [
    'referral_id',
    'person_id',
    'from_agency_id',
    'to_agency_id',
    'date',
    'services',
    'status',
    'status_date',
  ],
  'services.csv': [
    'service_id',
    'person_id',
    'provider_agency_id',
    'service',
    'start_date',
    'end_date',
    'government_funded',
  ],
  'investigations.csv': [
    'investigation_id',
    'agency_id',
    'opened_date',
    'closed_date',
    'primary_form',
    'state_code',
    'official_complicity',
  ],
  'prosecutions.csv': [
    'prosecution_id',
    'agency_id',
    'investigation_id',
    'defendant_person_id',
    'initiated_date',
    'closed_date',
    'primary_form',
    'state_code',
    'official_complicity',
  ],
  'convictions.csv': [
    'conviction_id',
    'agency_id',
    'prosecution_id',
    'date',
    'primary_form',
    'state_code',
    'sentence_months',
    'fine_mxn',
    'restitution_ordered_mxn',
  ],
  'restitution_payments.csv': [
    'payment_id',
    'conviction_id',
    'victim_person_id',
    'date',
    'amount_mxn',
    'source',
  ],
  'hotline_contacts.csv': [
    'contact_id',
    'agency_id',
    'date',
    'channel',
    'language',
    'trafficking_related',
    'referred_to_agency_id',
  ],
  'financial_reports.csv': ['report_id', 'agency_id', 'date', 'amount_usd', 'investigation_id'],
};

/** Yearly magnitudes: the TIP report 2023 (2020-2022) and a middle value for other years. */
export interface Magnitudes {
  victims: number;
  fedInvestigations: number;
  stateInvestigations: number;
  fedProsecutionsNew: number;
  stateProsecutionsNew: number;
  fedConvictions: number;
  stateConvictions: number;
  hotlineTrafficking: number;
  hotlineToProsecutors: number;
  financialReports: number;
  financialUsd: number;
  served: number;
  referred: number;
}
export const MAGNITUDES: Readonly<Record<number, Magnitudes>> = {
  2020: {
    victims: 673,
    fedInvestigations: 55,
    stateInvestigations: 550,
    fedProsecutionsNew: 40,
    stateProsecutionsNew: 40,
    fedConvictions: 10,
    stateConvictions: 39,
    hotlineTrafficking: 2300,
    hotlineToProsecutors: 40,
    financialReports: 150,
    financialUsd: 3_000_000,
    served: 90,
    referred: 60,
  },
  2021: {
    victims: 744,
    fedInvestigations: 35,
    stateInvestigations: 621,
    fedProsecutionsNew: 31,
    stateProsecutionsNew: 70,
    fedConvictions: 0,
    stateConvictions: 75,
    hotlineTrafficking: 2450,
    hotlineToProsecutors: 45,
    financialReports: 201,
    financialUsd: 4_000_000,
    served: 85,
    referred: 55,
  },
  2022: {
    victims: 440,
    fedInvestigations: 33,
    stateInvestigations: 798,
    fedProsecutionsNew: 8,
    stateProsecutionsNew: 45,
    fedConvictions: 5,
    stateConvictions: 111,
    hotlineTrafficking: 2549,
    hotlineToProsecutors: 43,
    financialReports: 403,
    financialUsd: 7_500_000,
    served: 79,
    referred: 50,
  },
};
const DEFAULT_MAGNITUDES: Magnitudes = {
  victims: 600,
  fedInvestigations: 40,
  stateInvestigations: 650,
  fedProsecutionsNew: 25,
  stateProsecutionsNew: 55,
  fedConvictions: 6,
  stateConvictions: 85,
  hotlineTrafficking: 2400,
  hotlineToProsecutors: 42,
  financialReports: 250,
  financialUsd: 5_000_000,
  served: 85,
  referred: 55,
};

export interface NationalOptions {
  seed: number;
  /** First and last year of identifications (default 2020-2022). */
  fromYear?: number;
  toYear?: number;
  /** Multiplier on every magnitude (default 1; tests use less). */
  scale?: number;
  /** Share of victims identified again by another agency (default 0.05). */
  duplicateShare?: number;
  /** Share of victims who belong to a look-alike group of victims (default 0.04). */
  hardNegativeShare?: number;
  /** Multiplier on the corruption rates (default 1). */
  noise?: number;
}

export interface PersonTruth {
  person_id: string;
  entity_id: string;
  agency_id: string;
  role: 'victim' | 'defendant';
  family_id: string;
  family_kind: string;
  relation: string;
  corruptions: string;
}

export interface NationalTruth {
  generator: '@enlace/evaldata nationalFolder';
  options: Required<NationalOptions>;
  /** person_id → entity_id, every person record. */
  entities: Record<string, string>;
  persons: PersonTruth[];
  families: Family[];
  /** Annual figures computed from the truth, by year. */
  reports: Record<string, AnnualFigures>;
  /** victims.by_form_sex_age under the other reading of the partial-birth-date rule (see INTERPRETATIONS). */
  alternatives: Record<
    string,
    { age_rule: 'exact'; by_form_sex_age: AnnualFigures['victims']['by_form_sex_age'] }
  >;
  interpretations: readonly string[];
  stats: {
    personRecords: number;
    entities: number;
    victimEntities: number;
    victimsWithSeveralRecords: number;
    identificationRecords: number;
    hardNegativeGroups: Record<string, number>;
    rows: Record<string, number>;
  };
}

export interface NationalFolder {
  /** File name → rows (every value a string, '' = empty). */
  rows: Record<string, Row[]>;
  agencies: Agency[];
  truth: NationalTruth;
}

const SEX_FORMS: readonly (readonly [string, number])[] = [['sexual', 1]];
const LABOR_FORMS: readonly (readonly [string, number])[] = [
  ['forced_labor', 60],
  ['servitude', 8],
  ['forced_begging', 10],
  ['forced_criminality', 18],
  ['slavery', 4],
];
const OTHER_FORMS: readonly (readonly [string, number])[] = [
  ['forced_marriage', 45],
  ['illegal_adoption', 25],
  ['other', 25],
  ['organ_removal', 5],
];

function drawForm(rng: Rng): string {
  const group = pickWeighted(rng, [
    ['sex', 70],
    ['labor', 22],
    ['other', 3],
    ['unspecified', 5],
  ] as const);
  if (group === 'sex') return pickWeighted(rng, SEX_FORMS);
  if (group === 'labor') return pickWeighted(rng, LABOR_FORMS);
  if (group === 'other') return pickWeighted(rng, OTHER_FORMS);
  return 'unspecified';
}

function sectorFor(rng: Rng, form: string): string {
  if (form === 'sexual')
    return pickWeighted(rng, [
      ['residential_brothel', 15],
      ['escort_service', 10],
      ['bar_cantina', 18],
      ['hotel', 14],
      ['street', 12],
      ['online', 16],
      ['massage_parlor', 8],
      ['tourism', 4],
      ['other', 3],
    ] as const);
  if (form === 'forced_begging') return 'begging_street_vending';
  if (form === 'forced_criminality') return 'criminal_activity';
  if (form === 'forced_labor' || form === 'servitude' || form === 'slavery')
    return pickWeighted(rng, [
      ['agriculture', 35],
      ['domestic_work', 18],
      ['construction', 8],
      ['manufacturing', 8],
      ['food_processing', 6],
      ['mining', 3],
      ['tourism', 4],
      ['begging_street_vending', 6],
      ['medical_professional', 2],
      ['other', 10],
    ] as const);
  return 'other';
}

const MEANS = [
  'debt_bondage',
  'takes_earnings',
  'threats',
  'threats_to_family',
  'physical_abuse',
  'sexual_abuse',
  'psychological_abuse',
  'false_promises',
  'romantic_deception',
  'psychoactive_substances',
  'restricts_movement',
  'withholds_documents',
  'withholds_wages',
  'withholds_necessities',
  'excessive_hours',
  'threat_of_law_enforcement',
];
const RECRUITMENT: readonly (readonly [string, number])[] = [
  ['social_media', 35],
  ['job_offer', 25],
  ['intimate_partner', 15],
  ['family', 8],
  ['acquaintance', 10],
  ['labor_recruiter', 5],
  ['video_game', 2],
  ['abduction', 2],
];
const RELATION_OF: Record<string, string> = {
  intimate_partner: 'intimate_partner',
  family: 'family',
  acquaintance: 'acquaintance',
  job_offer: 'employer',
  labor_recruiter: 'employer',
  social_media: 'stranger',
  video_game: 'stranger',
  abduction: 'stranger',
};

/** States where victims are identified: population, with the States of Mexico and Mexico City well ahead. */
const VICTIM_STATE_WEIGHT: Readonly<Record<string, number>> = Object.fromEntries(
  STATE_CODES.map((c) => {
    const base = STATE_POPULATION[c] ?? 1;
    const bonus: Record<string, number> = {
      '15': 3,
      '09': 4,
      '29': 3,
      '07': 1.6,
      '02': 1.6,
      '23': 1.8,
      '21': 1.2,
      '12': 1.3,
      '30': 1.1,
    };
    return [c, base * (bonus[c] ?? 1)];
  }),
);
/** State investigations: the State of Mexico and Mexico City together more than half. */
const INVESTIGATION_STATE_WEIGHT: Readonly<Record<string, number>> = Object.fromEntries(
  STATE_CODES.map((c) => [c, c === '15' ? 130 : c === '09' ? 110 : (STATE_POPULATION[c] ?? 1) * 3.2]),
);

const STREETS = [
  'Hidalgo',
  'Morelos',
  'Juárez',
  '5 de Mayo',
  'Zaragoza',
  'Allende',
  'Guerrero',
  'Independencia',
  'Reforma',
  'Madero',
  'Aldama',
  'Matamoros',
];
const COLONIAS = [
  'Centro',
  'San Miguel',
  'La Joya',
  'Las Flores',
  'El Carmen',
  'Santa Cruz',
  'Guadalupe',
  'Emiliano Zapata',
  'Lomas del Valle',
  'La Esperanza',
];

interface VictimInfo {
  person: TruePerson;
  /** Person records of this victim: [person_id, agency_id]. */
  records: { personId: string; agencyId: string }[];
  firstIdDate: string;
  form: string;
}

class Builder {
  readonly rows: Record<string, Row[]> = Object.fromEntries(Object.keys(FILE_COLUMNS).map((f) => [f, []]));
  readonly personTruth: PersonTruth[] = [];
  readonly families: Family[] = [];
  private readonly seq = new Map<string, number>();
  readonly byId: Map<string, Agency>;

  constructor(
    readonly agencies: Agency[],
    readonly gen: PersonGenerator,
    readonly noise: number,
  ) {
    this.byId = new Map(agencies.map((a) => [a.agency_id, a]));
  }

  id(agencyId: string, kind: string, year?: number): string {
    const key = `${agencyId}/${kind}/${year ?? ''}`;
    const n = (this.seq.get(key) ?? 0) + 1;
    this.seq.set(key, n);
    return year ? `${agencyId}/${kind}-${year}-${pad(n, 5)}` : `${agencyId}/${kind}-${pad(n, 6)}`;
  }

  /** Writes one corrupted person record of `p` at `agency`. */
  personRecord(p: TruePerson, agency: Agency, date: string, rng: Rng, role: 'victim' | 'defendant'): string {
    const personId = this.id(agency.agency_id, 'P');
    const { fields, tags } = observe(p, PROFILES[agency.profile]!, rng, {
      refDate: date,
      noise: this.noise,
      gen: this.gen,
    });
    const address =
      agency.kind === 'prosecutor' && rng.bool(0.35)
        ? `Calle ${rng.pick(STREETS)} ${rng.range(1, 480)}, Col. ${rng.pick(COLONIAS)}`
        : '';
    this.rows['persons.csv']!.push({
      person_id: personId,
      agency_id: agency.agency_id,
      given_names: fields.given_names,
      surname_1: fields.surname_1,
      surname_2: fields.surname_2,
      birth_date: fields.birth_date,
      sex: fields.sex,
      nationality: fields.nationality,
      curp: fields.curp,
      indigenous: fields.indigenous,
      languages: fields.languages,
      lgbtqi: rng.bool(0.5) ? String(rng.bool(0.04)) : '',
      disability: rng.bool(0.5) ? String(rng.bool(0.03)) : '',
      phone: fields.phone,
      email: fields.email,
      address,
    });
    this.personTruth.push({
      person_id: personId,
      entity_id: p.entityId,
      agency_id: agency.agency_id,
      role,
      family_id: p.familyId ?? '',
      family_kind: p.familyId
        ? (this.families.find((f) => f.familyId === p.familyId)?.kind ?? 'relative_of_victim')
        : '',
      relation: p.relation ?? '',
      corruptions: tags.join(';'),
    });
    return personId;
  }
}

function clampYear(date: string, year: number): string {
  if (date < `${year}-01-01`) return `${year}-01-01`;
  if (date > `${year}-12-31`) return `${year}-12-31`;
  return date;
}

function money(rng: Rng, lo: number, hi: number, cents: boolean): string {
  const v = rng.range(lo, hi);
  if (!cents) return String(v);
  return `${v}.${pad(rng.int(100))}`;
}

/** What the steps of `nationalFolder` share: the options, the rows being built, the agencies, the victims so far. */
type National = ReturnType<typeof nationalContext>;

/** The options with their defaults, the generators, the agencies (and agencies.csv) and lookups by state. */
function nationalContext(opts: NationalOptions) {
  const o: Required<NationalOptions> = {
    seed: opts.seed,
    fromYear: opts.fromYear ?? 2020,
    toYear: opts.toYear ?? 2022,
    scale: opts.scale ?? 1,
    duplicateShare: opts.duplicateShare ?? 0.05,
    hardNegativeShare: opts.hardNegativeShare ?? 0.04,
    noise: opts.noise ?? 1,
  };
  if (o.toYear < o.fromYear) throw new Error('toYear before fromYear');
  const root = new RngClass(o.seed);
  const agencies = nationalAgencies();
  const gen = new PersonGenerator(root.fork('persons'), {
    foreignShare: 0.07,
    ageProfile: 'victims',
    refDate: `${o.toYear}-12-31`,
    femaleShare: 0.8,
  });
  const b = new Builder(agencies, gen, o.noise);
  const A = (id: string) => b.byId.get(id)!;
  const n = (x: number) => (x <= 0 ? 0 : Math.max(1, Math.round(x * o.scale)));
  const mags = (y: number) => MAGNITUDES[y] ?? DEFAULT_MAGNITUDES;
  const shelters = agencies.filter((a) => a.profile === 'shelter');
  const prosecutorsByState = new Map(STATE_CODES.map((c) => [c, A(stateProsecutorId(c))]));
  const stateDifs = new Map(
    agencies
      .filter((a) => a.kind === 'child_protection' && a.level === 'state')
      .map((a) => [a.state_code, a]),
  );
  const stateCommissions = new Map(
    agencies
      .filter((a) => a.profile === 'victims_commission' && a.level === 'state')
      .map((a) => [a.state_code, a]),
  );
  const victimStates = STATE_CODES.map((c) => [c, VICTIM_STATE_WEIGHT[c]!] as const);
  const victims: VictimInfo[] = [];
  const victimsByAgency = new Map<string, VictimInfo[]>();

  b.rows['agencies.csv'] = agencies.map((a) => ({
    agency_id: a.agency_id,
    name: a.name,
    level: a.level,
    kind: a.kind,
    state_code: a.state_code,
    country: a.country,
  }));
  return {
    o,
    root,
    agencies,
    gen,
    b,
    A,
    n,
    mags,
    shelters,
    prosecutorsByState,
    stateDifs,
    stateCommissions,
    victimStates,
    victims,
    victimsByAgency,
  };
}

/** Victims and their identifications, year by year: look-alike groups, then the others; some identified again by another agency or the same one. */
function identifyVictims(c: National): void {
  const {
    o,
    root,
    gen,
    b,
    A,
    n,
    mags,
    shelters,
    prosecutorsByState,
    stateDifs,
    stateCommissions,
    victimStates,
    victims,
    victimsByAgency,
  } = c;
  const identify = (
    v: VictimInfo,
    agency: Agency,
    date: string,
    rng: Rng,
    form: string,
    personId?: string,
  ) => {
    const pid = personId ?? b.personRecord(v.person, agency, date, rng, 'victim');
    if (!personId) v.records.push({ personId: pid, agencyId: agency.agency_id });
    const list = victimsByAgency.get(agency.agency_id) ?? [];
    if (!list.includes(v)) list.push(v);
    victimsByAgency.set(agency.agency_id, list);
    const recruitment = rng.sample(
      RECRUITMENT.map(([r]) => r),
      rng.bool(0.8) ? 1 : 2,
    );
    const year = Number(date.slice(0, 4));
    b.rows['identifications.csv']!.push({
      identification_id: b.id(agency.agency_id, 'I', year),
      person_id: pid,
      agency_id: agency.agency_id,
      date,
      state_code: agency.state_code || v.person.state,
      country_of_exploitation: agency.kind === 'consular' ? 'USA' : 'MEX',
      primary_form: form,
      other_forms:
        form === 'sexual' && rng.bool(0.06)
          ? 'forced_labor'
          : form === 'forced_labor' && rng.bool(0.06)
            ? 'servitude'
            : '',
      sector: rng.bool(0.85) ? sectorFor(rng, form) : '',
      means_of_control: rng.bool(0.8) ? rng.sample(MEANS, rng.range(1, 3)).join(';') : '',
      recruitment: rng.bool(0.7) ? recruitment.join(';') : '',
      recruiter_relation: rng.bool(0.6) ? (RELATION_OF[recruitment[0]!] ?? 'other') : '',
    });
  };

  /** The agency that first identifies a victim, given who they are. */
  const firstAgency = (rng: Rng, p: TruePerson, form: string, date: string): Agency => {
    const minor = ageAt(p.birthDate, date) < 18;
    const foreign = p.nationality !== 'MEX';
    const labor = ['forced_labor', 'servitude', 'slavery'].includes(form);
    const choice = pickWeighted(rng, [
      ['state', 80],
      ['fgr', 6],
      ['inm', foreign ? 40 : 0],
      ['oim', foreign ? 12 : 0],
      ['dif', minor ? 10 : 0],
      ['shelter', 3],
      ['stps', labor ? 6 : 0],
      ['sre', !foreign && labor ? 3 : 0.3],
      ['ceav', 1],
      ['hotline', 0.5],
    ] as const);
    switch (choice) {
      case 'state':
        return prosecutorsByState.get(p.state)!;
      case 'fgr':
        return A('fgr');
      case 'inm':
        return A('inm');
      case 'oim':
        return A('oim-mex');
      case 'dif':
        return stateDifs.get(p.state) ?? A('dif-nacional');
      case 'shelter':
        return rng.pick(shelters);
      case 'stps':
        return A('stps');
      case 'sre':
        return A('sre');
      case 'ceav':
        return stateCommissions.get(p.state) ?? A('ceav');
      case 'hotline':
        return A('linea-nacional');
    }
  };

  /** Another agency that identifies the same victim later (referral, joint operation, federal attraction). */
  const secondAgency = (rng: Rng, v: VictimInfo, first: Agency, date: string): Agency => {
    const p = v.person;
    const minor = ageAt(p.birthDate, date) < 18;
    const options: [Agency, number][] = [];
    const st = prosecutorsByState.get(p.state)!;
    if (first.agency_id !== st.agency_id) options.push([st, 30]);
    if (first.agency_id !== 'fgr') options.push([A('fgr'), 8]);
    const com = stateCommissions.get(p.state) ?? A('ceav');
    if (com.agency_id !== first.agency_id) options.push([com, 14]);
    if (minor) options.push([stateDifs.get(p.state) ?? A('dif-nacional'), 20]);
    options.push([rng.pick(shelters), 16]);
    if (p.nationality !== 'MEX') {
      if (first.agency_id !== 'inm') options.push([A('inm'), 20]);
      if (first.agency_id !== 'oim-mex') options.push([A('oim-mex'), 15]);
    }
    const candidates = options.filter(([a]) => a.agency_id !== first.agency_id);
    return pickWeighted(rng, candidates);
  };

  const secondForm = (rng: Rng, form: string): string => {
    const r = rng.next();
    if (r < 0.8) return form;
    if (r < 0.92) return 'unspecified';
    return drawForm(rng);
  };

  for (let year = o.fromYear; year <= o.toYear; year++) {
    const rng = root.fork(`victims-${year}`);
    const m = mags(year);
    const count = n(m.victims);
    const hn = Math.round(count * o.hardNegativeShare);
    const people: { p: TruePerson; form?: string; date?: string; agency?: Agency }[] = [];
    // look-alike groups of victims: often identified together (same operation, same agency, same day)
    while (people.length < hn) {
      const kind = pickWeighted(rng, FAMILY_WEIGHTS);
      const state = pickWeighted(rng, victimStates);
      const base: PersonOverrides = {
        state,
        sex: kind === 'namesakes' || rng.bool(0.85) ? 'female' : undefined,
      };
      const { family, members } = makeFamily(
        kind,
        `F${year}-${pad(b.families.length + 1, 4)}`,
        gen,
        rng,
        base,
      );
      b.families.push(family);
      const together = rng.bool(0.6);
      const date = randomDateInYear(rng, year);
      const form = drawForm(rng);
      for (const p of members) {
        const d = together ? date : randomDateInYear(rng, year);
        people.push({
          p,
          form: together ? form : undefined,
          date: d,
          agency: together ? prosecutorsByState.get(state) : undefined,
        });
      }
    }
    while (people.length < count) {
      const form = drawForm(rng);
      const femaleShare = form === 'sexual' ? 0.92 : form === 'unspecified' ? 0.7 : 0.45;
      const sex = rng.bool(femaleShare) ? 'female' : 'male';
      const p = gen.person({ sex, state: pickWeighted(rng, victimStates) });
      people.push({ p, form });
    }
    for (const entry of people) {
      const p = entry.p;
      const form = entry.form ?? drawForm(rng);
      let date = entry.date ?? randomDateInYear(rng, year);
      if (date <= p.birthDate) date = clampYear(addDays(p.birthDate, 200), year);
      const agency = entry.agency ?? firstAgency(rng, p, form, date);
      const v: VictimInfo = { person: p, records: [], firstIdDate: date, form };
      victims.push(v);
      identify(v, agency, date, rng, form);
      // identified again by another agency (a new person record), or twice by the same one
      if (rng.bool(o.duplicateShare)) {
        const d2 = addDays(date, rng.range(1, 120));
        if (d2 <= `${o.toYear}-12-31`) {
          const second = secondAgency(rng, v, agency, d2);
          identify(v, second, d2, rng, secondForm(rng, form));
          if (rng.bool(0.15)) {
            const d3 = addDays(d2, rng.range(1, 90));
            if (d3 <= `${o.toYear}-12-31`)
              identify(v, secondAgency(rng, v, second, d3), d3, rng, secondForm(rng, form));
          }
        }
      } else if (rng.bool(0.006)) {
        const d2 = addDays(date, rng.range(20, 200));
        if (d2 <= `${o.toYear}-12-31`) identify(v, agency, d2, rng, form);
      }
      // the same record identified again by its agency the next year (re-exploitation)
      if (rng.bool(0.01)) {
        const d2 = addDays(date, rng.range(200, 500));
        if (d2 <= `${o.toYear}-12-31`) identify(v, agency, d2, rng, form, v.records[0]!.personId);
      }
    }
  }
}

/** Referrals of identified victims and the services they received. */
function referralsAndServices(c: National): void {
  const { o, root, b, A, n, mags, shelters, stateDifs, stateCommissions, victims } = c;
  const SERVICES = [
    'shelter',
    'medical',
    'psychological',
    'legal',
    'education',
    'employment',
    'repatriation',
    'interpretation',
    'financial',
    'security',
  ];
  for (let year = o.fromYear; year <= o.toYear; year++) {
    const rng = root.fork(`services-${year}`);
    const m = mags(year);
    const pool = victims.filter((v) => v.firstIdDate.startsWith(String(year)));
    const referred = rng.sample(pool, Math.min(pool.length, n(m.referred)));
    for (const v of referred) {
      const from = v.records[0]!;
      const minor = ageAt(v.person.birthDate, v.firstIdDate) < 18;
      const to =
        minor && rng.bool(0.6)
          ? (stateDifs.get(v.person.state) ?? A('dif-nacional'))
          : rng.bool(0.7)
            ? rng.pick(shelters)
            : (stateCommissions.get(v.person.state) ?? A('ceav'));
      if (to.agency_id === from.agencyId) continue;
      const date = addDays(v.firstIdDate, rng.range(0, 20));
      const services = rng.sample(SERVICES.slice(0, 4), rng.range(1, 3));
      const status = pickWeighted(rng, [
        ['accepted', 50],
        ['completed', 30],
        ['pending', 12],
        ['declined', 8],
      ] as const);
      b.rows['referrals.csv']!.push({
        referral_id: b.id(from.agencyId, 'R', Number(date.slice(0, 4))),
        person_id: from.personId,
        from_agency_id: from.agencyId,
        to_agency_id: to.agency_id,
        date,
        services: services.join(';'),
        status,
        status_date: status === 'pending' ? '' : addDays(date, rng.range(1, 30)),
      });
      if (status === 'accepted' || status === 'completed') {
        // the receiving agency opens its own record of the victim (a duplicate person record) most of the time
        const own = rng.bool(0.7) ? b.personRecord(v.person, to, date, rng, 'victim') : from.personId;
        if (own !== from.personId) v.records.push({ personId: own, agencyId: to.agency_id });
        const start = addDays(date, rng.range(0, 10));
        for (const s of services) {
          b.rows['services.csv']!.push({
            service_id: b.id(to.agency_id, 'S', Number(start.slice(0, 4))),
            person_id: own,
            provider_agency_id: to.agency_id,
            service: s,
            start_date: start,
            end_date: status === 'completed' || rng.bool(0.75) ? addDays(start, rng.range(5, 200)) : '',
            government_funded: to.level === 'ngo' ? String(rng.bool(0.4)) : 'true',
          });
        }
      }
    }
    // services given without a referral in the data (the prosecutor's own victim unit, shelters' own cases)
    const direct = rng.sample(
      pool,
      Math.min(pool.length, Math.max(0, Math.round(n(m.served) * 0.45) - Math.round(referred.length * 0.4))),
    );
    for (const v of direct) {
      const rec = v.records[rng.int(v.records.length)]!;
      const provider = A(rec.agencyId);
      const start = addDays(v.firstIdDate, rng.range(0, 30));
      const undated = rng.bool(0.02);
      b.rows['services.csv']!.push({
        service_id: b.id(provider.agency_id, 'S', Number(start.slice(0, 4))),
        person_id: rec.personId,
        provider_agency_id: provider.agency_id,
        service: rng.pick(['psychological', 'legal', 'medical', 'shelter']),
        start_date: undated ? '' : start,
        end_date: undated ? '' : rng.bool(0.85) ? addDays(start, rng.range(1, 180)) : '',
        government_funded:
          provider.level === 'ngo' || provider.level === 'international' ? String(rng.bool(0.3)) : 'true',
      });
    }
  }
}

/** Investigations (from three years before the first year on), prosecutions and convictions. */
function justiceRecords(c: National): void {
  const { o, root, gen, b, A, n, mags, prosecutorsByState, victimStates, victimsByAgency } = c;
  const invStates = STATE_CODES.map((c) => [c, INVESTIGATION_STATE_WEIGHT[c]!] as const);
  const investigations: Row[] = b.rows['investigations.csv']!;
  const prosecutions: Row[] = b.rows['prosecutions.csv']!;
  const firstBackground = o.fromYear - 3;
  const invForm = (rng: Rng, federal: boolean) =>
    pickWeighted(
      rng,
      federal
        ? ([
            ['sexual', 70],
            ['forced_labor', 8],
            ['unspecified', 20],
            ['illegal_adoption', 2],
          ] as const)
        : ([
            ['sexual', 91],
            ['forced_labor', 3],
            ['forced_begging', 1],
            ['unspecified', 5],
          ] as const),
    );
  for (let year = firstBackground; year <= o.toYear; year++) {
    const rng = root.fork(`justice-${year}`);
    const m = mags(year);
    const complicity = () => String(rng.bool(0.004));
    const addInv = (agency: Agency, state: string, federal: boolean) => {
      const opened = randomDateInYear(rng, year);
      investigations.push({
        investigation_id: b.id(agency.agency_id, 'CI', year),
        agency_id: agency.agency_id,
        opened_date: opened,
        closed_date: rng.bool(0.3) ? addDays(opened, rng.range(30, 900)) : '',
        primary_form: invForm(rng, federal),
        state_code: state,
        official_complicity: complicity(),
      });
    };
    for (let i = 0; i < n(m.fedInvestigations); i++) addInv(A('fgr'), pickWeighted(rng, victimStates), true);
    for (let i = 0; i < n(m.stateInvestigations); i++) {
      const st = pickWeighted(rng, invStates);
      addInv(prosecutorsByState.get(st)!, st, false);
    }
    const addPros = (agency: Agency, federal: boolean) => {
      const initiated = randomDateInYear(rng, year);
      const invs = investigations.filter(
        (r) =>
          r.agency_id === agency.agency_id &&
          r.opened_date! <= initiated &&
          r.opened_date! >= `${year - 2}-01-01`,
      );
      const inv = invs.length && rng.bool(0.8) ? rng.pick(invs) : undefined;
      let defendant = '';
      if (rng.bool(0.6)) {
        const known = victimsByAgency.get(agency.agency_id) ?? [];
        const related = known.length && rng.bool(0.12) ? rng.pick(known) : undefined;
        const p = related
          ? gen.person({
              sex: 'male',
              surname1: related.person.surname1,
              surname2: related.person.surname2,
              state: related.person.state,
              age: Math.max(25, ageAt(related.person.birthDate, initiated) + rng.range(-3, 30)),
              origin: related.person.origin,
              nationality: related.person.nationality,
            })
          : gen.person({
              sex: rng.bool(0.78) ? 'male' : 'female',
              age: rng.range(19, 65),
              state: agency.state_code || pickWeighted(rng, victimStates),
            });
        if (related) {
          p.familyId = related.person.familyId ?? `V-${related.person.entityId}`;
          p.relation = 'relative_of_victim';
        }
        defendant = b.personRecord(p, agency, initiated, rng, 'defendant');
      }
      const dur = rng.range(60, 900);
      const closed = rng.bool(0.85) ? addDays(initiated, dur) : '';
      prosecutions.push({
        prosecution_id: b.id(agency.agency_id, 'CP', year),
        agency_id: agency.agency_id,
        investigation_id: inv?.investigation_id ?? '',
        defendant_person_id: defendant,
        initiated_date: initiated,
        closed_date: closed > `${o.toYear}-12-31` ? '' : closed,
        primary_form: inv?.primary_form ?? invForm(rng, federal),
        state_code: inv?.state_code ?? (agency.state_code || pickWeighted(rng, victimStates)),
        official_complicity: rng.bool(0.02) ? 'true' : inv?.official_complicity === 'true' ? 'true' : 'false',
      });
    };
    for (let i = 0; i < n(m.fedProsecutionsNew); i++) addPros(A('fgr'), true);
    for (let i = 0; i < n(m.stateProsecutionsNew); i++)
      addPros(prosecutorsByState.get(pickWeighted(rng, invStates))!, false);
  }

  const convicted = new Set<string>();
  for (let year = o.fromYear; year <= o.toYear; year++) {
    const rng = root.fork(`convictions-${year}`);
    const m = mags(year);
    const addConv = (federal: boolean) => {
      const date = randomDateInYear(rng, year);
      const cands = prosecutions.filter(
        (p) =>
          (federal ? p.agency_id === 'fgr' : p.agency_id !== 'fgr') &&
          p.initiated_date! < date &&
          !convicted.has(p.prosecution_id!),
      );
      const pros = cands.length && rng.bool(0.9) ? rng.pick(cands) : undefined;
      if (pros) convicted.add(pros.prosecution_id!);
      const agency = pros
        ? A(pros.agency_id!)
        : federal
          ? A('fgr')
          : prosecutorsByState.get(pickWeighted(rng, invStates))!;
      const form =
        pros?.primary_form ??
        pickWeighted(rng, [
          ['sexual', 73],
          ['forced_labor', 18],
          ['unspecified', 9],
        ] as const);
      const years = pickWeighted(rng, [
        [[10, 15], 30],
        [[15, 25], 35],
        [[25, 40], 20],
        [[40, 80], 10],
        [[80, 196], 5],
      ] as const);
      const sentence = rng.bool(0.95)
        ? String(rng.range(years[0] * 12, years[1] * 12 + (years[1] === 196 ? 6 : 0)))
        : '';
      const restitution = rng.bool(0.6) ? money(rng, 20_000, 900_000, rng.bool(0.2)) : '';
      const convictionId = b.id(agency.agency_id, 'SC', year);
      b.rows['convictions.csv']!.push({
        conviction_id: convictionId,
        agency_id: agency.agency_id,
        prosecution_id: pros?.prosecution_id ?? '',
        date,
        primary_form: form,
        state_code: pros?.state_code ?? agency.state_code,
        sentence_months: sentence,
        fine_mxn: rng.bool(0.7) ? money(rng, 5_000, 2_000_000, rng.bool(0.15)) : '',
        restitution_ordered_mxn: restitution,
      });
      // restitution: most victims never see it
      if (restitution && rng.bool(0.35)) {
        const known = victimsByAgency.get(agency.agency_id) ?? [];
        const paid = rng.range(1, 3);
        const victim = known.length ? rng.pick(known) : undefined;
        let left = Math.round(Number(restitution) * 100);
        for (let k = 0; k < paid && left > 0; k++) {
          const cents = Math.min(left, rng.range(100_000, Math.max(100_001, Math.round(left * 0.7))));
          left -= cents;
          const rec = victim
            ? (victim.records[rng.int(victim.records.length)] ?? victim.records[0]!)
            : undefined;
          const pdate = addDays(date, rng.range(20, 700));
          if (pdate > `${o.toYear}-12-31`) break;
          b.rows['restitution_payments.csv']!.push({
            payment_id: b.id(agency.agency_id, 'PR'),
            conviction_id: convictionId,
            victim_person_id: rng.bool(0.9) && rec ? rec.personId : '',
            date: pdate,
            amount_mxn:
              cents % 100 === 0 ? String(cents / 100) : `${Math.floor(cents / 100)}.${pad(cents % 100)}`,
            source: rng.bool(0.15) ? 'assistance_fund' : 'perpetrator',
          });
        }
      }
    };
    for (let i = 0; i < n(m.fedConvictions); i++) addConv(true);
    for (let i = 0; i < n(m.stateConvictions); i++) addConv(false);
  }
}

/** Hotline reports and financial-intelligence reports, some linked to investigations. */
function hotlineAndFinancial(c: National): void {
  const { o, root, agencies, b, n, mags, shelters } = c;
  const investigations: Row[] = b.rows['investigations.csv']!;
  const prosecutorIds = agencies.filter((a) => a.kind === 'prosecutor').map((a) => a.agency_id);
  const careIds = [...shelters.map((s) => s.agency_id), 'dif-nacional', 'ceav'];
  for (let year = o.fromYear; year <= o.toYear; year++) {
    const rng = root.fork(`hotline-${year}`);
    const m = mags(year);
    const related = n(m.hotlineTrafficking);
    const toPros = Math.min(related, n(m.hotlineToProsecutors));
    const unrelated = n(m.hotlineTrafficking * 0.6);
    const contacts: Row[] = [];
    for (let i = 0; i < related + unrelated; i++) {
      const trafficking = i < related;
      let referred = '';
      if (trafficking && i < toPros) referred = rng.bool(0.3) ? 'fgr' : rng.pick(prosecutorIds);
      else if (trafficking && rng.bool(0.08)) referred = rng.pick(careIds);
      else if (!trafficking && rng.bool(0.03)) referred = rng.pick(prosecutorIds);
      contacts.push({
        contact_id: '',
        agency_id: 'linea-nacional',
        date: randomDateInYear(rng, year),
        channel: pickWeighted(rng, [
          ['phone', 55],
          ['whatsapp', 20],
          ['chat', 10],
          ['web', 6],
          ['email', 5],
          ['sms', 4],
        ] as const),
        language: rng.bool(0.1)
          ? ''
          : pickWeighted(rng, [
              ['spa', 95],
              ['eng', 2],
              ['nah', 1],
              ['tzo', 0.5],
              ['yua', 0.5],
              ['hat', 0.5],
              ['mam', 0.5],
            ] as const),
        trafficking_related: String(trafficking),
        referred_to_agency_id: referred,
      });
    }
    contacts.sort((a, c) => (a.date! < c.date! ? -1 : a.date! > c.date! ? 1 : 0));
    for (const c of contacts) {
      c.contact_id = b.id('linea-nacional', 'C', year);
      b.rows['hotline_contacts.csv']!.push(c);
    }
    const reports = n(m.financialReports);
    const meanCents = (m.financialUsd * o.scale * 100) / Math.max(1, reports);
    const fgrInvs = investigations.filter((r) => r.agency_id === 'fgr' && r.opened_date! <= `${year}-12-31`);
    for (let i = 0; i < reports; i++) {
      const cents = Math.max(1000, Math.round(meanCents * Math.exp(rng.normal(0, 0.9)) * 0.67));
      b.rows['financial_reports.csv']!.push({
        report_id: b.id('uif', 'RO', year),
        agency_id: 'uif',
        date: randomDateInYear(rng, year),
        amount_usd: rng.bool(0.05) ? '' : `${Math.floor(cents / 100)}.${pad(cents % 100)}`,
        investigation_id: fgrInvs.length && rng.bool(0.2) ? rng.pick(fgrInvs).investigation_id! : '',
      });
    }
  }
}

/** The folder and its truth: entities, families, the annual figures computed on the truth, statistics. */
function nationalResult(c: National): NationalFolder {
  const { o, agencies, b } = c;
  const entities: Record<string, string> = {};
  for (const t of b.personTruth) entities[t.person_id] = t.entity_id;
  const reports: Record<string, AnnualFigures> = {};
  const alternatives: NationalTruth['alternatives'] = {};
  for (let year = o.fromYear; year <= o.toYear; year++) {
    reports[String(year)] = computeFigures(b.rows, (pid) => entities[pid] ?? pid, year);
    const exact = computeFigures(b.rows, (pid) => entities[pid] ?? pid, year, { ageRule: 'exact' });
    alternatives[String(year)] = { age_rule: 'exact', by_form_sex_age: exact.victims.by_form_sex_age };
  }
  const victimRecords = new Map<string, number>();
  for (const t of b.personTruth)
    if (t.role === 'victim') victimRecords.set(t.entity_id, (victimRecords.get(t.entity_id) ?? 0) + 1);
  const groups: Record<string, number> = {};
  for (const f of b.families) groups[f.kind] = (groups[f.kind] ?? 0) + 1;
  const rowsCount = Object.fromEntries(Object.entries(b.rows).map(([f, r]) => [f, r.length]));
  return {
    rows: b.rows,
    agencies,
    truth: {
      generator: '@enlace/evaldata nationalFolder',
      options: o,
      entities,
      persons: b.personTruth,
      families: b.families,
      reports,
      alternatives,
      interpretations: INTERPRETATIONS,
      stats: {
        personRecords: b.personTruth.length,
        entities: new Set(b.personTruth.map((t) => t.entity_id)).size,
        victimEntities: victimRecords.size,
        victimsWithSeveralRecords: [...victimRecords.values()].filter((c) => c > 1).length,
        identificationRecords: b.rows['identifications.csv']!.length,
        hardNegativeGroups: groups,
        rows: rowsCount,
      },
    },
  };
}

/** The national exchange folder and its truth. Deterministic by seed: the steps run in this order. */
export function nationalFolder(opts: NationalOptions): NationalFolder {
  const c = nationalContext(opts);
  identifyVictims(c);
  referralsAndServices(c);
  justiceRecords(c);
  hotlineAndFinancial(c);
  return nationalResult(c);
}

/** The folder as CSV texts (file name → content), ready for `validateFolder(memorySource(...))` or disk. */
export function folderFiles(folder: NationalFolder): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, cols] of Object.entries(FILE_COLUMNS)) {
    const rows = folder.rows[file] ?? [];
    if (file !== 'agencies.csv' && !rows.length) continue;
    out[file] = toCsv(cols as string[], rows);
  }
  return out;
}
