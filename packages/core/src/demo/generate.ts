/**
 * A realistic synthetic national dataset in the exchange format: 2019-2024, the 32 states and the
 * federal agencies, DIF offices, NGOs and shelters, the hotline. Yearly volumes and proportions
 * follow the 2023 Trafficking in Persons report on Mexico (shared/seeds/tip-report-2023-mexico.txt):
 * ~440-750 victims identified a year, mostly sex trafficking, CDMX and Estado de México over half of
 * state investigations, 11-76 federal and 51-95 state defendants prosecuted a year, 49-116
 * convictions, ~2,500 trafficking-related hotline calls, 201-403 suspicious transactions.
 * Every person is invented (random combinations of common names); the same seed always gives the
 * same dataset.
 */
import { INEGI_STATES } from '../codes.ts';
import { makeCurp } from '../curp.ts';
import type {
  Agency,
  Conviction,
  FinancialReport,
  HotlineContact,
  Identification,
  Investigation,
  Person,
  Prosecution,
  Referral,
  RestitutionPayment,
  Service,
} from '../exchange/records.ts';
import type { RecordKind } from '../exchange/spec.ts';
import type {
  ContactChannel,
  Form,
  MeansOfControl,
  RecruiterRelation,
  Recruitment,
  Sector,
  ServiceKind,
  Sex,
} from '../taxonomy.ts';
import {
  CEAV_ID,
  demoAgencies,
  FEDERAL_PROSECUTORS,
  GN_ID,
  HOTLINE_ID,
  INM_ID,
  INTL_ID,
  NGOS,
  SRE_ID,
  STPS_ID,
  stateDifId,
  stateProsecutorId,
  UIF_ID,
} from './agencies.ts';
import {
  FEMALE_COMPOUND_FIRST,
  FEMALE_COMPOUND_SECOND,
  FEMALE_NAMES,
  FOREIGN_FEMALE,
  FOREIGN_MALE,
  MALE_COMPOUND_FIRST,
  MALE_COMPOUND_SECOND,
  MALE_NAMES,
  NICKNAMES,
  SURNAMES,
} from './names.ts';
import { demoProviderAgencies } from './providers.ts';
import { addDays, pad, Rng, randomDateInYear } from './random.ts';

export interface DemoOptions {
  /** PRNG seed; default 2024. */
  seed?: number;
  /** Multiplies every yearly volume; default 1 (about 4,000 victims). */
  scale?: number;
  /** Multiplies hotline volumes on top of `scale`; default 1. */
  hotlineScale?: number;
  /** Share of victims recorded a second time by another agency; default 0.08. */
  duplicateRate?: number;
}

export interface DemoDataset {
  agencies: Agency[];
  persons: Person[];
  investigations: Investigation[];
  prosecutions: Prosecution[];
  convictions: Conviction[];
  identifications: Identification[];
  referrals: Referral[];
  services: Service[];
  restitution_payments: RestitutionPayment[];
  hotline_contacts: HotlineContact[];
  financial_reports: FinancialReport[];
}

export const DEMO_YEARS = [2019, 2020, 2021, 2022, 2023, 2024] as const;
const LAST_DAY = '2024-12-31';

// Yearly volumes (TIP report 2023 for 2020-2022; 2019, 2023 and 2024 are plausible extrapolations).
const VICTIMS: Record<number, number> = { 2019: 650, 2020: 673, 2021: 744, 2022: 440, 2023: 520, 2024: 580 };
const INVESTIGATIONS_FED: Record<number, number> = {
  2019: 60,
  2020: 55,
  2021: 35,
  2022: 33,
  2023: 40,
  2024: 38,
};
const INVESTIGATIONS_STATE: Record<number, number> = {
  2019: 520,
  2020: 550,
  2021: 621,
  2022: 798,
  2023: 760,
  2024: 700,
};
const PROSECUTIONS_FED: Record<number, number> = {
  2019: 38,
  2020: 40,
  2021: 31,
  2022: 11,
  2023: 15,
  2024: 18,
};
const PROSECUTIONS_STATE: Record<number, number> = {
  2019: 60,
  2020: 51,
  2021: 95,
  2022: 63,
  2023: 80,
  2024: 85,
};
const CONVICTIONS_FED: Record<number, number> = { 2019: 6, 2020: 5, 2021: 0, 2022: 5, 2023: 6, 2024: 7 };
const CONVICTIONS_STATE: Record<number, number> = {
  2019: 45,
  2020: 44,
  2021: 75,
  2022: 111,
  2023: 95,
  2024: 98,
};
const HOTLINE_RELATED: Record<number, number> = {
  2019: 2100,
  2020: 2250,
  2021: 2400,
  2022: 2549,
  2023: 2600,
  2024: 2700,
};
const FINANCIAL: Record<number, number> = {
  2019: 150,
  2020: 180,
  2021: 201,
  2022: 403,
  2023: 380,
  2024: 350,
};

/** Where victims are identified and crimes investigated: CDMX and Estado de México lead. */
const STATE_WEIGHTS: [string, number][] = INEGI_STATES.map((s) => {
  const w: Record<string, number> = {
    '09': 26,
    '15': 24,
    '07': 5,
    '02': 4,
    '19': 4,
    '14': 4,
    '21': 4,
    '29': 3,
    '30': 3,
    '23': 3,
    '12': 2,
    '20': 2,
    '25': 2,
    '11': 2,
  };
  return [s.code, w[s.code] ?? 1];
});

const FOREIGN: [string, number][] = [
  ['GTM', 30],
  ['HND', 25],
  ['SLV', 12],
  ['VEN', 15],
  ['COL', 6],
  ['NIC', 4],
  ['CUB', 3],
  ['ARG', 1],
  ['PER', 1],
  ['ECU', 2],
  ['DOM', 1],
];
const INDIGENOUS_LANGS = ['nah', 'nhe', 'tzo', 'tzh', 'yua', 'zap', 'mxt', 'maz', 'mix', 'tar'];

const STATE_FORMS: [Form, number][] = [
  ['sexual', 58],
  ['forced_labor', 22],
  ['servitude', 3],
  ['forced_begging', 3],
  ['forced_criminality', 2],
  ['forced_marriage', 1],
  ['illegal_adoption', 0.5],
  ['other', 0.5],
  ['unspecified', 10],
];
const FEDERAL_FORMS: [Form, number][] = [
  ['sexual', 75],
  ['forced_labor', 20],
  ['forced_criminality', 2],
  ['unspecified', 3],
];
const SECTOR_BY_FORM: Partial<Record<Form, [Sector, number][]>> = {
  sexual: [
    ['residential_brothel', 15],
    ['bar_cantina', 20],
    ['hotel', 15],
    ['street', 12],
    ['online', 18],
    ['escort_service', 8],
    ['massage_parlor', 7],
    ['tourism', 5],
  ],
  forced_labor: [
    ['agriculture', 40],
    ['domestic_work', 15],
    ['construction', 10],
    ['manufacturing', 8],
    ['food_processing', 7],
    ['mining', 3],
    ['tourism', 5],
    ['medical_professional', 2],
    ['begging_street_vending', 10],
  ],
  servitude: [['domestic_work', 1]],
  forced_begging: [['begging_street_vending', 1]],
  forced_criminality: [['criminal_activity', 1]],
};
const MEANS_BY_FORM: Record<'sexual' | 'labor', MeansOfControl[]> = {
  sexual: [
    'romantic_deception',
    'threats',
    'physical_abuse',
    'sexual_abuse',
    'psychological_abuse',
    'takes_earnings',
    'psychoactive_substances',
    'restricts_movement',
    'threats_to_family',
    'debt_bondage',
  ],
  labor: [
    'debt_bondage',
    'withholds_wages',
    'false_promises',
    'excessive_hours',
    'withholds_documents',
    'restricts_movement',
    'threat_of_law_enforcement',
    'withholds_necessities',
    'threats',
  ],
};
const RECRUIT_SEX: [Recruitment, number][] = [
  ['social_media', 40],
  ['intimate_partner', 25],
  ['acquaintance', 12],
  ['family', 10],
  ['job_offer', 8],
  ['video_game', 3],
  ['abduction', 2],
];
const RECRUIT_LABOR: [Recruitment, number][] = [
  ['labor_recruiter', 40],
  ['job_offer', 35],
  ['acquaintance', 10],
  ['family', 8],
  ['social_media', 7],
];
const RELATION_BY_RECRUITMENT: Record<Recruitment, RecruiterRelation> = {
  social_media: 'stranger',
  video_game: 'stranger',
  intimate_partner: 'intimate_partner',
  family: 'family',
  acquaintance: 'acquaintance',
  job_offer: 'employer',
  labor_recruiter: 'employer',
  abduction: 'stranger',
  other: 'other',
};
const STREETS = [
  'Hidalgo',
  'Morelos',
  'Juárez',
  'Benito Juárez',
  '5 de Mayo',
  '16 de Septiembre',
  'Zaragoza',
  'Allende',
  'Guerrero',
  'Independencia',
  'Reforma',
  'Emiliano Zapata',
  'Francisco I. Madero',
  'Aldama',
  'Matamoros',
  'Niños Héroes',
];
const COLONIAS = [
  'Centro',
  'San Miguel',
  'La Joya',
  'El Carmen',
  'Las Flores',
  'Guadalupe',
  'Santa Cruz',
  'Lomas del Valle',
];

interface VictimCore {
  given: string;
  s1: string;
  s2: string | null;
  birth: string; // full date
  sex: Sex;
  nationality: string;
  birthState: string | null;
  indigenous: boolean;
}

function stripAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

function typo(rng: Rng, s: string): string {
  if (s.length < 4) return s;
  const i = rng.int(1, s.length - 2);
  const op = rng.int(0, 2);
  if (op === 0) return s.slice(0, i) + s.slice(i + 1); // drop a letter
  if (op === 1) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); // swap two
  return s.slice(0, i) + s[i] + s.slice(i); // double a letter
}

/**
 * The dataset, area by area: the agencies, the victims (their identifications, referrals and
 * services), the investigations, prosecutions and convictions (with restitution), the hotline and
 * financial intelligence. The areas run in this order: they share one random stream.
 */
export function generateDemo(opts: DemoOptions = {}): DemoDataset {
  const g = startDataset(opts);
  addVictims(g);
  const invByAgency = addInvestigations(g);
  const prosecutionsClosedIn = addProsecutions(g, invByAgency);
  addConvictions(g, prosecutionsClosedIn);
  addHotlineContacts(g);
  addFinancialReports(g);
  return g.ds;
}

/** What every step of the generator shares: the random stream, the volumes, the dataset and its ids. */
interface Generation {
  rng: Rng;
  /** A yearly volume at the chosen scale. */
  n: (x: number) => number;
  hotlineScale: number;
  dupRate: number;
  ds: DemoDataset;
  /** The next id of a prefix: `${prefix}0001`, `${prefix}0002`… */
  nextId: (prefix: string, width?: number) => string;
  agencyById: Map<string, Agency>;
  /** The persons each agency identified, for restitution payments. */
  victimsByAgency: Map<string, string[]>;
}

/** The agencies (demo and providers), empty record lists and the id counters. */
function startDataset(opts: DemoOptions): Generation {
  const scale = opts.scale ?? 1;
  const ds: DemoDataset = {
    agencies: [...demoAgencies(), ...demoProviderAgencies()],
    persons: [],
    investigations: [],
    prosecutions: [],
    convictions: [],
    identifications: [],
    referrals: [],
    services: [],
    restitution_payments: [],
    hotline_contacts: [],
    financial_reports: [],
  };
  const seq = new Map<string, number>();
  return {
    rng: new Rng(opts.seed ?? 2024),
    n: (x: number) => Math.max(0, Math.round(x * scale)),
    hotlineScale: opts.hotlineScale ?? 1,
    dupRate: opts.duplicateRate ?? 0.08,
    ds,
    nextId: (prefix: string, width = 4) => {
      const k = (seq.get(prefix) ?? 0) + 1;
      seq.set(prefix, k);
      return `${prefix}${pad(k, width)}`;
    },
    agencyById: new Map(ds.agencies.map((a) => [a.agency_id, a])),
    victimsByAgency: new Map(),
  };
}

// ---- people ---------------------------------------------------------------------------------

function givenName(rng: Rng, sex: Sex, foreign: boolean): string {
  const female = sex === 'female' || (sex === 'intersex' && rng.chance(0.5));
  if (foreign && rng.chance(0.5)) return rng.pick(female ? FOREIGN_FEMALE : FOREIGN_MALE);
  if (rng.chance(0.35)) {
    return female
      ? `${rng.pick(FEMALE_COMPOUND_FIRST)} ${rng.pick(FEMALE_COMPOUND_SECOND)}`
      : `${rng.pick(MALE_COMPOUND_FIRST)} ${rng.pick(MALE_COMPOUND_SECOND)}`;
  }
  return rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
}

function phone(rng: Rng): string {
  return `${rng.pick(['55', '33', '81', '222', '961', '664', '998'])} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`;
}

function address(rng: Rng, state: string): string {
  return `Calle ${rng.pick(STREETS)} ${rng.int(1, 400)}, Col. ${rng.pick(COLONIAS)}, ${INEGI_STATES.find((s) => s.code === state)!.name}`;
}

/** Who a person is, before any agency writes it down. */
function makeCore(rng: Rng, sex: Sex, birth: string, state: string | null, foreign: boolean): VictimCore {
  return {
    given: givenName(rng, sex, foreign),
    s1: rng.pick(SURNAMES),
    s2: rng.chance(0.97) ? rng.pick(SURNAMES) : null,
    birth,
    sex,
    nationality: foreign ? rng.weighted(FOREIGN) : 'MEX',
    birthState: foreign ? null : (state ?? rng.weighted(STATE_WEIGHTS)),
    indigenous: !foreign && rng.chance(0.12),
  };
}

/**
 * A person as an agency records it: the `first` record sometimes lacks the birth date or has a CURP;
 * the `second` (another agency) has nicknames, typos, missing accents and shifted dates.
 */
function personRecord(
  rng: Rng,
  id: string,
  agency: string,
  c: VictimCore,
  variant: 'first' | 'second',
  state: string,
): Person {
  let given = c.given;
  let s1 = c.s1;
  let s2 = c.s2;
  let birth: string | null = c.birth;
  let curp: string | null = null;
  if (variant === 'first') {
    const r = rng.next();
    if (r < 0.1) birth = null;
    else if (r < 0.2) birth = c.birth.slice(0, 4);
    else if (r < 0.25) birth = c.birth.slice(0, 7);
    if (birth?.length === 10 && c.nationality === 'MEX' && rng.chance(0.4)) {
      curp = makeCurp({
        givenNames: given,
        surname1: s1,
        surname2: s2 ?? undefined,
        birthDate: c.birth,
        sex: c.sex,
        birthState: c.birthState ?? undefined,
        differentiator: rng.int(0, 9),
      });
    }
  } else {
    // the same person as another agency wrote it down
    if (rng.chance(0.3)) given = NICKNAMES[given.split(' ')[0]!] ?? given;
    if (rng.chance(0.3)) s1 = typo(rng, s1);
    if (rng.chance(0.3)) given = stripAccents(given);
    if (rng.chance(0.3)) s1 = stripAccents(s1);
    if (rng.chance(0.35)) s2 = null;
    const r = rng.next();
    if (r < 0.15) birth = c.birth.slice(0, 4);
    else if (r < 0.22) birth = null;
    else if (r < 0.3) birth = addDays(c.birth, rng.pick([-1, 1, 30]));
  }
  const indigenousLang = c.indigenous ? rng.pick(INDIGENOUS_LANGS) : null;
  const languages =
    c.nationality === 'MEX' ||
    ['GTM', 'HND', 'SLV', 'VEN', 'COL', 'NIC', 'CUB', 'ARG', 'PER', 'ECU', 'DOM'].includes(c.nationality)
      ? indigenousLang
        ? rng.chance(0.7)
          ? ['spa', indigenousLang]
          : [indigenousLang]
        : rng.chance(0.6)
          ? ['spa']
          : null
      : null;
  return {
    person_id: id,
    agency_id: agency,
    given_names: given,
    surname_1: s1,
    surname_2: s2,
    birth_date: birth,
    sex: rng.chance(0.02) ? null : c.sex,
    nationality: rng.chance(0.03) ? null : c.nationality,
    curp,
    indigenous: c.indigenous ? true : rng.chance(0.7) ? false : null,
    languages,
    lgbtqi: rng.chance(0.03) ? true : rng.chance(0.5) ? false : null,
    disability: rng.chance(0.02) ? true : rng.chance(0.5) ? false : null,
    phone: rng.chance(0.5) ? phone(rng) : null,
    email: rng.chance(0.1)
      ? `${stripAccents(given.split(' ')[0]!).toLowerCase()}${rng.int(10, 99)}@correo.example`
      : null,
    address: rng.chance(0.4) ? address(rng, state) : null,
  };
}

// ---- victims: identifications, referrals, services ------------------------------------------------

/** Every year's victims, each identified by one agency and some recorded again by a second. */
function addVictims(g: Generation): void {
  for (const year of DEMO_YEARS) {
    const total = g.n(VICTIMS[year]!);
    for (let i = 0; i < total; i++) addVictim(g, year);
  }
}

/** The agencies that identify victims, by who identified them. */
function identifyingAgency(rng: Rng, who: 'state' | 'federal' | 'ngo' | 'consular', state: string): string {
  if (who === 'federal')
    return rng.weighted([
      [INM_ID, 40],
      [FEDERAL_PROSECUTORS[0]!, 35],
      [FEDERAL_PROSECUTORS[1]!, 5],
      [STPS_ID, 10],
      [GN_ID, 10],
    ]);
  if (who === 'ngo') return rng.chance(0.5) ? INTL_ID : rng.pick(NGOS).id;
  if (who === 'consular') return SRE_ID;
  return rng.weighted([
    [stateProsecutorId(state), 80],
    [stateDifId(state), 12],
    ...(state === '09' ? ([['ssc-cdmx', 8]] as [string, number][]) : []),
  ]);
}

/** One victim: the person, the identification, a referral, and perhaps a second agency's record. */
function addVictim(g: Generation, year: number): void {
  const { rng, ds } = g;
  const who = rng.weighted([
    ['state', 82],
    ['federal', 10],
    ['ngo', 4],
    ['consular', 4],
  ] as const);
  const state = rng.weighted(STATE_WEIGHTS);
  const agency = identifyingAgency(rng, who, state);
  const abroad = who === 'consular';
  let form: Form;
  if (abroad || agency === STPS_ID) form = 'forced_labor';
  else form = rng.weighted(who === 'federal' ? FEDERAL_FORMS : STATE_FORMS);
  const foreign =
    agency === INM_ID
      ? rng.chance(0.6)
      : who === 'ngo' && agency === INTL_ID
        ? true
        : !abroad && rng.chance(0.04);
  const sexual = form === 'sexual';
  const sex: Sex = rng.chance(0.005) ? 'intersex' : rng.chance(sexual ? 0.9 : 0.45) ? 'female' : 'male';
  const child = agency.startsWith('dif-') || rng.chance(sexual ? 0.32 : 0.2);
  const date = randomDateInYear(rng, year);
  const age = child ? rng.int(9, 17) : Math.min(60, Math.max(18, Math.round(rng.normal(26, 7))));
  const birth = addDays(date, -(age * 365 + rng.int(0, 364)));
  const core = makeCore(rng, sex, birth, foreign ? null : state, foreign);
  const personId = g.nextId(`${agency}/v-`, 5);
  const person = personRecord(rng, personId, agency, core, 'first', state);
  ds.persons.push(person);
  const ident = identify(g, agency, personId, date, state, form, abroad);
  ds.identifications.push(ident);
  referFrom(g, ident, person, child, state);
  if (rng.chance(g.dupRate)) addSecondRecord(g, { agency, state, date, form, core, child, abroad });
}

/** The same victim recorded again by a second agency: a DIF office, a shelter, or the federal prosecutor. */
function addSecondRecord(
  g: Generation,
  v: {
    agency: string;
    state: string;
    date: string;
    form: Form;
    core: VictimCore;
    child: boolean;
    abroad: boolean;
  },
): void {
  const { rng, ds } = g;
  const { agency, state, date, form, core, child, abroad } = v;
  const second =
    child && !agency.startsWith('dif-')
      ? stateDifId(state)
      : rng.chance(0.5)
        ? rng.pick(NGOS).id
        : FEDERAL_PROSECUTORS[0]!;
  if (second === agency) return;
  const d2 = addDays(date, rng.int(0, 120));
  if (d2 > LAST_DAY) return;
  const p2id = g.nextId(`${second}/v-`, 5);
  const p2 = personRecord(rng, p2id, second, core, 'second', state);
  ds.persons.push(p2);
  const i2 = identify(g, second, p2id, d2, state, rng.chance(0.85) ? form : 'unspecified', abroad);
  ds.identifications.push(i2);
  if (rng.chance(0.3)) referFrom(g, i2, p2, child, state);
}

/** An identification: sector, recruitment and means of control drawn for its form of exploitation. */
function identify(
  g: Generation,
  agency: string,
  personId: string,
  date: string,
  state: string | null,
  form: Form,
  abroad: boolean,
): Identification {
  const { rng } = g;
  const group = form === 'sexual' ? 'sexual' : 'labor';
  const sector = SECTOR_BY_FORM[form]
    ? rng.weighted(SECTOR_BY_FORM[form]!)
    : rng.chance(0.5)
      ? 'other'
      : null;
  const recruitment = rng.chance(0.75)
    ? [rng.weighted(group === 'sexual' ? RECRUIT_SEX : RECRUIT_LABOR)]
    : null;
  const other_forms =
    form === 'sexual' && rng.chance(0.05)
      ? (['forced_labor'] as Form[])
      : form === 'forced_labor' && rng.chance(0.05)
        ? (['servitude'] as Form[])
        : null;
  const list = g.victimsByAgency.get(agency) ?? [];
  list.push(personId);
  g.victimsByAgency.set(agency, list);
  return {
    identification_id: g.nextId(`${agency}/${date.slice(0, 4)}-`),
    person_id: personId,
    agency_id: agency,
    date,
    state_code: abroad ? null : state,
    country_of_exploitation: abroad ? 'USA' : rng.chance(0.97) ? 'MEX' : rng.chance(0.5) ? 'USA' : null,
    primary_form: form,
    other_forms,
    sector,
    means_of_control: rng.chance(0.7) ? rng.sample(MEANS_BY_FORM[group], rng.int(1, 3)) : null,
    recruitment,
    recruiter_relation: recruitment && rng.chance(0.8) ? RELATION_BY_RECRUITMENT[recruitment[0]!] : null,
  };
}

/** Perhaps a referral to DIF (children), a shelter, CEAV or an NGO, and the services it led to. */
function referFrom(
  g: Generation,
  ident: Identification,
  person: Person,
  child: boolean,
  state: string,
): void {
  const { rng, ds } = g;
  if (!rng.chance(0.55)) return;
  const from = ident.agency_id;
  let to: string;
  if (child && !from.startsWith('dif-')) to = stateDifId(state);
  else {
    const local = NGOS.filter((o) => o.state === state && o.shelter);
    to = local.length && rng.chance(0.6) ? local[0]!.id : rng.chance(0.5) ? CEAV_ID : rng.pick(NGOS).id;
  }
  if (to === from) return;
  const services: ServiceKind[] = ['psychological', 'legal'];
  if (rng.chance(0.6)) services.unshift('shelter');
  if (rng.chance(0.5)) services.push('medical');
  if (person.nationality && person.nationality !== 'MEX') services.push('repatriation');
  if (person.languages && !person.languages.includes('spa')) services.push('interpretation');
  if (rng.chance(0.15)) services.push('education');
  const status = rng.weighted([
    ['completed', 50],
    ['accepted', 25],
    ['pending', 10],
    ['declined', 15],
  ] as const);
  let statusDate: string | null = status === 'pending' ? null : addDays(ident.date, rng.int(1, 60));
  if (statusDate && statusDate > LAST_DAY) statusDate = LAST_DAY;
  ds.referrals.push({
    referral_id: g.nextId(`${from}/ref-${ident.date.slice(0, 4)}-`),
    person_id: person.person_id,
    from_agency_id: from,
    to_agency_id: to,
    date: ident.date,
    services,
    status,
    status_date: statusDate,
  });
  if ((status === 'accepted' || status === 'completed') && statusDate) {
    addServices(g, person.person_id, to, services, status, statusDate);
  }
}

/** The services of an accepted or completed referral, from its status date. */
function addServices(
  g: Generation,
  personId: string,
  to: string,
  services: ServiceKind[],
  status: 'accepted' | 'completed',
  statusDate: string,
): void {
  const { rng, ds } = g;
  const gov = g.agencyById.get(to)!.level !== 'ngo';
  for (const s of services) {
    let end: string | null = status === 'completed' ? addDays(statusDate, rng.int(14, 300)) : null;
    if (end && end > LAST_DAY) end = null;
    ds.services.push({
      service_id: g.nextId(`${to}/srv-`, 6),
      person_id: personId,
      provider_agency_id: to,
      service: s,
      start_date: statusDate,
      end_date: end,
      government_funded: gov ? true : rng.chance(0.3),
    });
  }
}

// ---- investigations, prosecutions, convictions --------------------------------------------------

/** Every year's federal and state investigations; the investigations of each agency. */
function addInvestigations(g: Generation): Map<string, Investigation[]> {
  const { rng, ds } = g;
  const invByAgency = new Map<string, Investigation[]>();
  for (const year of DEMO_YEARS) {
    const fed = g.n(INVESTIGATIONS_FED[year]!);
    const st = g.n(INVESTIGATIONS_STATE[year]!);
    for (let i = 0; i < fed + st; i++) {
      const federal = i < fed;
      const state = rng.weighted(STATE_WEIGHTS);
      const agency = federal
        ? rng.weighted([
            [FEDERAL_PROSECUTORS[0]!, 70],
            [FEDERAL_PROSECUTORS[1]!, 30],
          ])
        : stateProsecutorId(state);
      const opened = randomDateInYear(rng, year);
      let closed: string | null = rng.chance(0.4) ? addDays(opened, rng.int(30, 900)) : null;
      if (closed && closed > LAST_DAY) closed = null;
      const form: Form = federal
        ? rng.weighted([
            ['sexual', 70],
            ['forced_labor', 10],
            ['unspecified', 20],
          ] as [Form, number][])
        : rng.weighted([
            ['sexual', 92],
            ['forced_labor', 4],
            ['unspecified', 4],
          ] as [Form, number][]);
      const inv: Investigation = {
        investigation_id: g.nextId(`${agency}/CI-${year}-`),
        agency_id: agency,
        opened_date: opened,
        closed_date: closed,
        primary_form: form,
        state_code: state,
        official_complicity: rng.chance(0.01) ? true : rng.chance(0.7) ? false : null,
      };
      ds.investigations.push(inv);
      const list = invByAgency.get(agency) ?? [];
      list.push(inv);
      invByAgency.set(agency, list);
    }
  }
  return invByAgency;
}

/**
 * Every year's federal and state prosecutions, most from an earlier investigation of the same agency,
 * most with a defendant; the closed ones by `${level}:${year}` of closing, for convictions.
 */
function addProsecutions(
  g: Generation,
  invByAgency: Map<string, Investigation[]>,
): Map<string, Prosecution[]> {
  const { rng, ds } = g;
  const prosecutionsClosedIn = new Map<string, Prosecution[]>(); // `${level}:${year}`
  for (const year of DEMO_YEARS) {
    const fed = g.n(PROSECUTIONS_FED[year]!);
    const st = g.n(PROSECUTIONS_STATE[year]!);
    for (let i = 0; i < fed + st; i++) {
      const federal = i < fed;
      const state = rng.weighted(STATE_WEIGHTS);
      const agency = federal ? FEDERAL_PROSECUTORS[rng.chance(0.8) ? 0 : 1]! : stateProsecutorId(state);
      const initiated = randomDateInYear(rng, year);
      const candidates = (invByAgency.get(agency) ?? []).filter((v) => v.opened_date < initiated);
      const inv = candidates.length && rng.chance(0.8) ? rng.pick(candidates) : null;
      const defendant = rng.chance(0.7) ? addDefendant(g, agency, initiated, state) : null;
      let closed: string | null = rng.chance(0.65) ? addDays(initiated, rng.int(200, 1500)) : null;
      if (closed && closed > LAST_DAY) closed = null;
      const pr: Prosecution = {
        prosecution_id: g.nextId(`${agency}/CP-${year}-`),
        agency_id: agency,
        investigation_id: inv?.investigation_id ?? null,
        defendant_person_id: defendant,
        initiated_date: initiated,
        closed_date: closed,
        primary_form: inv?.primary_form ?? rng.weighted(federal ? FEDERAL_FORMS : STATE_FORMS),
        state_code: inv?.state_code ?? state,
        official_complicity: inv?.official_complicity ?? (rng.chance(0.6) ? false : null),
      };
      ds.prosecutions.push(pr);
      if (closed) {
        const key = `${federal ? 'federal' : 'state'}:${closed.slice(0, 4)}`;
        const l = prosecutionsClosedIn.get(key) ?? [];
        l.push(pr);
        prosecutionsClosedIn.set(key, l);
      }
    }
  }
  return prosecutionsClosedIn;
}

/** A defendant, recorded as a person by the prosecuting agency; their id. */
function addDefendant(g: Generation, agency: string, initiated: string, state: string): string {
  const { rng } = g;
  const sex: Sex = rng.chance(0.78) ? 'male' : 'female';
  const birth = addDays(initiated, -(rng.int(20, 60) * 365 + rng.int(0, 364)));
  const core = makeCore(rng, sex, birth, state, rng.chance(0.03));
  const defendant = g.nextId(`${agency}/imp-`, 5);
  const p = personRecord(rng, defendant, agency, core, 'first', state);
  p.lgbtqi = null;
  p.disability = null;
  g.ds.persons.push(p);
  return defendant;
}

/** Every year's federal and state convictions, each from a prosecution closed that year while any is left. */
function addConvictions(g: Generation, prosecutionsClosedIn: Map<string, Prosecution[]>): void {
  const { rng, ds } = g;
  for (const year of DEMO_YEARS) {
    for (const level of ['federal', 'state'] as const) {
      const target = g.n((level === 'federal' ? CONVICTIONS_FED : CONVICTIONS_STATE)[year]!);
      const pool = (prosecutionsClosedIn.get(`${level}:${year}`) ?? []).slice();
      for (let i = 0; i < target; i++) {
        const pr = pool.length ? pool.splice(rng.int(0, pool.length - 1), 1)[0]! : null;
        const state = pr?.state_code ?? rng.weighted(STATE_WEIGHTS);
        const agency =
          pr?.agency_id ?? (level === 'federal' ? FEDERAL_PROSECUTORS[0]! : stateProsecutorId(state));
        const form: Form = pr?.primary_form ?? rng.weighted(STATE_FORMS);
        const sentence = rng.chance(0.02) ? rng.int(600, 2358) : rng.int(60, 420);
        const restitution = rng.chance(0.7) ? `${rng.int(50, 1500) * 1000}.00` : null;
        const conv: Conviction = {
          conviction_id: g.nextId(`${agency}/SENT-${year}-`),
          agency_id: agency,
          prosecution_id: pr?.prosecution_id ?? null,
          date: pr?.closed_date ?? randomDateInYear(rng, year),
          primary_form: form,
          state_code: state,
          sentence_months: sentence,
          fine_mxn: rng.chance(0.8) ? `${rng.int(20, 2000) * 500}.00` : null,
          restitution_ordered_mxn: restitution,
        };
        ds.convictions.push(conv);
        if (restitution && rng.chance(0.25)) addRestitutionPayments(g, conv, agency, restitution);
      }
    }
  }
}

/** One to three payments of ordered restitution, mostly to a victim the agency identified. */
function addRestitutionPayments(g: Generation, conv: Conviction, agency: string, restitution: string): void {
  const { rng, ds } = g;
  const victims = g.victimsByAgency.get(agency) ?? [];
  const k = rng.int(1, 3);
  for (let j = 0; j < k; j++) {
    const d = addDays(conv.date, rng.int(30, 400));
    if (d > LAST_DAY) break;
    const fund = d >= '2024-01-01' && rng.chance(0.1);
    ds.restitution_payments.push({
      payment_id: g.nextId(`${agency}/PAGO-`, 5),
      conviction_id: conv.conviction_id,
      victim_person_id: victims.length && rng.chance(0.8) ? rng.pick(victims) : null,
      date: d,
      amount_mxn: `${Math.round((Number(restitution) / k) * rng.next() * 100) / 100}`.replace(
        /^(\d+)$/,
        '$1.00',
      ),
      source: fund ? 'assistance_fund' : 'perpetrator',
    });
  }
}

// ---- hotline --------------------------------------------------------------------------------

const HOTLINE_CHANNELS: [ContactChannel, number][] = [
  ['phone', 55],
  ['whatsapp', 20],
  ['chat', 10],
  ['web', 8],
  ['email', 4],
  ['sms', 3],
];

/** Every year's hotline contacts: 70 % trafficking-related, a few of those referred to an agency. */
function addHotlineContacts(g: Generation): void {
  const { rng, ds } = g;
  for (const year of DEMO_YEARS) {
    const related = g.n(HOTLINE_RELATED[year]! * g.hotlineScale);
    const total = Math.round(related / 0.7);
    for (let i = 0; i < total; i++) {
      const isRelated = i < related;
      const state = rng.weighted(STATE_WEIGHTS);
      const r = rng.next();
      const referred = isRelated
        ? r < 0.017
          ? stateProsecutorId(state)
          : r < 0.025
            ? stateDifId(state)
            : r < 0.03
              ? CEAV_ID
              : null
        : null;
      ds.hotline_contacts.push({
        contact_id: g.nextId(`${HOTLINE_ID}/${year}-`, 6),
        agency_id: HOTLINE_ID,
        date: randomDateInYear(rng, year),
        channel: rng.weighted(HOTLINE_CHANNELS),
        language: rng.weighted([
          ['spa', 93],
          ['eng', 4],
          ['nah', 1],
          ['tzo', 0.5],
          ['mxt', 0.5],
          ['yua', 0.5],
          ['zap', 0.5],
        ]),
        trafficking_related: isRelated,
        referred_to_agency_id: referred,
      });
    }
  }
}

// ---- financial intelligence -------------------------------------------------------------------

/** Every year's suspicious-transaction reports of the UIF, some tied to an earlier federal investigation. */
function addFinancialReports(g: Generation): void {
  const { rng, ds } = g;
  const fedInvestigations = ds.investigations.filter((v) => FEDERAL_PROSECUTORS.includes(v.agency_id));
  for (const year of DEMO_YEARS) {
    for (let i = 0; i < g.n(FINANCIAL[year]!); i++) {
      const date = randomDateInYear(rng, year);
      const earlier = fedInvestigations.filter((v) => v.opened_date <= date);
      ds.financial_reports.push({
        report_id: g.nextId(`${UIF_ID}/ROI-${year}-`),
        agency_id: UIF_ID,
        date,
        amount_usd: rng.chance(0.95) ? (Math.exp(rng.normal(9.3, 1.1)) + 500).toFixed(2) : null,
        investigation_id: earlier.length && rng.chance(0.3) ? rng.pick(earlier).investigation_id : null,
      });
    }
  }
}

/** The kinds of a dataset in file order. */
export function datasetKinds(): RecordKind[] {
  return [
    'agencies',
    'persons',
    'investigations',
    'prosecutions',
    'convictions',
    'identifications',
    'referrals',
    'services',
    'restitution_payments',
    'hotline_contacts',
    'financial_reports',
  ];
}
