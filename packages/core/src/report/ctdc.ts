/**
 * Victims in the columns of CTDC's global dataset (Counter Trafficking Data Collaborative), one row per
 * linked person, k-anonymised over the quasi-identifiers. -99 marks a missing value, as in CTDC.
 */
import countries from 'i18n-iso-countries';
import { csvCell } from '../spreadsheet-safety.ts';
import type { Form, Sex } from '../taxonomy.ts';
import { ageRange, isMinor } from './age.ts';
import { compareIdentifications } from './compute.ts';
import type { PersonKey, ReportData, RIdentification } from './types.ts';

export const MISSING = -99;
type V = string | number;

export const MEANS: Array<[string, readonly string[]]> = [
  ['meansOfControlDebtBondage', ['debt_bondage']],
  ['meansOfControlTakesEarnings', ['takes_earnings']],
  ['meansOfControlRestrictsFinancialAccess', ['withholds_wages']],
  ['meansOfControlThreats', ['threats', 'threats_to_family']],
  ['meansOfControlPsychologicalAbuse', ['psychological_abuse']],
  ['meansOfControlPhysicalAbuse', ['physical_abuse']],
  ['meansOfControlSexualAbuse', ['sexual_abuse']],
  ['meansOfControlFalsePromises', ['false_promises', 'romantic_deception']],
  ['meansOfControlPsychoactiveSubstances', ['psychoactive_substances']],
  ['meansOfControlRestrictsMovement', ['restricts_movement']],
  ['meansOfControlRestrictsMedicalCare', []],
  ['meansOfControlExcessiveWorkingHours', ['excessive_hours']],
  ['meansOfControlUsesChildren', []],
  ['meansOfControlThreatOfLawEnforcement', ['threat_of_law_enforcement']],
  ['meansOfControlWithholdsNecessities', ['withholds_necessities']],
  ['meansOfControlWithholdsDocuments', ['withholds_documents']],
  ['meansOfControlOther', ['other']],
];

export const LABOUR: Array<[string, readonly string[]]> = [
  ['typeOfLabourAgriculture', ['agriculture']],
  ['typeOfLabourAquafarming', []],
  ['typeOfLabourBegging', ['begging_street_vending']],
  ['typeOfLabourConstruction', ['construction']],
  ['typeOfLabourDomesticWork', ['domestic_work']],
  ['typeOfLabourHospitality', ['hotel', 'tourism', 'bar_cantina']],
  ['typeOfLabourIllicitActivities', ['criminal_activity']],
  ['typeOfLabourManufacturing', ['manufacturing', 'food_processing']],
  ['typeOfLabourMiningOrDrilling', ['mining']],
  ['typeOfLabourPeddling', ['begging_street_vending']],
  ['typeOfLabourTransportation', []],
  ['typeOfLabourOther', ['other', 'medical_professional', 'online', 'street']],
];

export const SEXTYPE: Array<[string, readonly string[]]> = [
  [
    'typeOfSexProstitution',
    ['residential_brothel', 'escort_service', 'bar_cantina', 'hotel', 'street', 'massage_parlor'],
  ],
  ['typeOfSexPornography', []],
  ['typeOfSexRemoteInteractiveServices', ['online']],
  ['typeOfSexPrivateSexualServices', []],
];

export const RELATIONS: Array<[string, readonly string[]]> = [
  ['recruiterRelationIntimatePartner', ['intimate_partner']],
  ['recruiterRelationFriend', ['friend']],
  ['recruiterRelationFamily', ['family']],
  ['recruiterRelationOther', ['acquaintance', 'employer', 'stranger', 'other']],
];

export const CTDC_COLUMNS: readonly string[] = [
  'yearOfRegistration',
  'Datasource',
  'gender',
  'ageBroad',
  'majorityStatus',
  'majorityStatusAtExploit',
  'majorityEntry',
  'citizenship',
  ...MEANS.map(([c]) => c),
  'meansOfControlNotSpecified',
  'meansOfControlConcatenated',
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'isSexAndLabour',
  'isForcedMarriage',
  'isForcedMilitary',
  'isOrganRemoval',
  'isSlaveryAndPractices',
  'typeOfExploitConcatenated',
  ...LABOUR.map(([c]) => c),
  'typeOfLabourNotSpecified',
  'typeOfLabourConcatenated',
  ...SEXTYPE.map(([c]) => c),
  'typeOfSexConcatenated',
  'isAbduction',
  'RecruiterRelationship',
  'CountryOfExploitation',
  ...RELATIONS.map(([c]) => c),
  'recruiterRelationUnknown',
];

/** Quasi-identifiers of the export, generalised in this order (to -99) until every class has k rows. */
export const CTDC_QUASI_IDENTIFIERS = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'majorityStatus',
  'citizenship',
  'CountryOfExploitation',
] as const;
const GENERALISATION_STEPS: ReadonlyArray<readonly string[]> = [
  [],
  ['ageBroad'],
  ['ageBroad', 'CountryOfExploitation'],
  ['ageBroad', 'CountryOfExploitation', 'citizenship'],
  ['ageBroad', 'CountryOfExploitation', 'citizenship', 'gender'],
  ['ageBroad', 'CountryOfExploitation', 'citizenship', 'gender', 'majorityStatus'],
];

export const AGE_BANDS: Array<[number, number, string]> = [
  [0, 8, '0--8'],
  [9, 17, '9--17'],
  [18, 20, '18--20'],
  [21, 23, '21--23'],
  [24, 26, '24--26'],
  [27, 29, '27--29'],
  [30, 38, '30--38'],
  [39, 47, '39--47'],
  [48, 200, '48+'],
];

export function ageBroad(birthDate: string | null, onDate: string): V {
  const r = ageRange(birthDate, onDate);
  if (!r) return MISSING;
  const lo = AGE_BANDS.find(([a, b]) => r.min >= a && r.min <= b);
  const hi = AGE_BANDS.find(([a, b]) => r.max >= a && r.max <= b);
  return lo && hi && lo[2] === hi[2] ? lo[2] : MISSING;
}

export const alpha2 = (code: string | null | undefined): V =>
  (code && countries.alpha3ToAlpha2(code)) || MISSING;

const gender = (sex: Sex | null | undefined): V =>
  sex === 'female' ? 'Female' : sex === 'male' ? 'Male' : MISSING;

const flag = (known: boolean, yes: boolean): number => (known ? (yes ? 1 : 0) : MISSING);

const LABOUR_FORMS: readonly Form[] = ['forced_labor', 'forced_begging', 'forced_criminality'];
const SLAVERY_FORMS: readonly Form[] = ['slavery', 'servitude'];
const OTHER_FORMS: readonly Form[] = ['illegal_adoption', 'biomedical_experimentation', 'other'];

/** One CTDC row for a linked person from all their identifications (the earliest registers them). */
export function ctdcRow(
  idfs: readonly RIdentification[],
  data: { persons: Map<string, ReportData['persons'][number]> },
) {
  const sorted = [...idfs].sort(compareIdentifications);
  const first = sorted[0]!;
  const person = data.persons.get(first.person_id);
  let nationality = person?.nationality ?? null;
  let sex = person?.sex ?? null;
  let birth = person?.birth_date ?? null;
  for (const i of sorted) {
    const p = data.persons.get(i.person_id);
    nationality ||= p?.nationality ?? null;
    sex ||= p?.sex ?? null;
    birth ||= p?.birth_date ?? null;
  }
  const forms = new Set<Form>();
  const means = new Set<string>();
  const recruitment = new Set<string>();
  const sectors = new Set<string>();
  let relation: string | null = null;
  let country: string | null = null;
  for (const i of sorted) {
    for (const f of [i.primary_form, ...(i.other_forms ?? [])]) if (f !== 'unspecified') forms.add(f);
    for (const m of i.means_of_control ?? []) means.add(m);
    for (const r of i.recruitment ?? []) recruitment.add(r);
    if (i.sector) sectors.add(i.sector);
    relation ||= i.recruiter_relation ?? null;
    country ||= i.country_of_exploitation ?? null;
  }
  const row: Record<string, V> = {};
  const minor = isMinor(birth, first.date);
  row.yearOfRegistration = Number(first.date.slice(0, 4));
  row.Datasource = 'Case Management';
  row.gender = gender(sex);
  row.ageBroad = ageBroad(birth, first.date);
  row.majorityStatus = minor === null ? MISSING : minor ? 'Minor' : 'Adult';
  row.majorityStatusAtExploit = MISSING;
  row.majorityEntry = MISSING;
  row.citizenship = alpha2(nationality);
  const meansKnown = means.size > 0;
  const meansNames: string[] = [];
  for (const [col, vals] of MEANS) {
    const yes = vals.some((v) => means.has(v));
    row[col] = flag(meansKnown, yes);
    if (yes) meansNames.push(col.replace('meansOfControl', ''));
  }
  row.meansOfControlNotSpecified = meansKnown ? 0 : 1;
  row.meansOfControlConcatenated = meansNames.length ? meansNames.join(';') : MISSING;
  const formsKnown = forms.size > 0;
  const has = (fs: readonly Form[]) => fs.some((f) => forms.has(f));
  const labour = has(LABOUR_FORMS);
  const sexual = forms.has('sexual');
  row.isForcedLabour = flag(formsKnown, labour);
  row.isSexualExploit = flag(formsKnown, sexual);
  row.isOtherExploit = flag(formsKnown, has(OTHER_FORMS));
  row.isSexAndLabour = flag(formsKnown, sexual && labour);
  row.isForcedMarriage = flag(formsKnown, forms.has('forced_marriage'));
  row.isForcedMilitary = flag(formsKnown, false);
  row.isOrganRemoval = flag(formsKnown, forms.has('organ_removal'));
  row.isSlaveryAndPractices = flag(formsKnown, has(SLAVERY_FORMS));
  const exploits: string[] = [];
  if (labour) exploits.push('Forced labour');
  if (sexual) exploits.push('Sexual exploitation');
  if (forms.has('forced_marriage')) exploits.push('Forced marriage');
  if (forms.has('organ_removal')) exploits.push('Organ removal');
  if (has(SLAVERY_FORMS)) exploits.push('Slavery and similar practices');
  if (has(OTHER_FORMS)) exploits.push('Other');
  row.typeOfExploitConcatenated = exploits.length ? exploits.join(';') : MISSING;
  const labourNames: string[] = [];
  for (const [col, vals] of LABOUR) {
    const yes = labour && vals.some((v) => sectors.has(v));
    row[col] = labour ? (yes ? 1 : 0) : MISSING;
    if (yes) labourNames.push(col.replace('typeOfLabour', ''));
  }
  row.typeOfLabourNotSpecified = labour ? (labourNames.length ? 0 : 1) : MISSING;
  row.typeOfLabourConcatenated = labourNames.length ? labourNames.join(';') : MISSING;
  const sexNames: string[] = [];
  for (const [col, vals] of SEXTYPE) {
    const yes = sexual && vals.some((v) => sectors.has(v));
    row[col] = sexual ? (yes ? 1 : 0) : MISSING;
    if (yes) sexNames.push(col.replace('typeOfSex', ''));
  }
  row.typeOfSexConcatenated = sexNames.length ? sexNames.join(';') : MISSING;
  row.isAbduction = flag(recruitment.size > 0, recruitment.has('abduction'));
  const relText: Record<string, string> = {
    intimate_partner: 'Intimate partner',
    friend: 'Friend',
    family: 'Family/relative',
    acquaintance: 'Other',
    employer: 'Other',
    stranger: 'Other',
    other: 'Other',
  };
  row.RecruiterRelationship = relation ? (relText[relation] ?? 'Other') : MISSING;
  row.CountryOfExploitation = alpha2(country);
  for (const [col, vals] of RELATIONS) row[col] = flag(!!relation, !!relation && vals.includes(relation));
  row.recruiterRelationUnknown = relation ? 0 : 1;
  return row;
}

export interface CtdcExport {
  columns: readonly string[];
  rows: Record<string, V>[];
  k: number;
  /** rows whose quasi-identifiers could not be generalised into a class of k or more */
  suppressed: number;
  /** rows per generalisation step used (index = step of CTDC_GENERALISATION) */
  generalised: number[];
}

/**
 * k-anonymity by local recoding: every row starts with its full quasi-identifiers; rows in classes smaller
 * than k move to the next generalisation step until every class has k rows; rows still alone at the last
 * step are suppressed.
 */
export function kAnonymise(rows: readonly Record<string, V>[], k: number) {
  const level = new Array<number>(rows.length).fill(0);
  const last = GENERALISATION_STEPS.length - 1;
  const visible = (i: number) =>
    CTDC_QUASI_IDENTIFIERS.map((q) =>
      GENERALISATION_STEPS[level[i]!]!.includes(q) ? MISSING : rows[i]![q],
    ).join('\u0001');
  let suppressedIdx = new Set<number>();
  for (;;) {
    const classes = new Map<string, number[]>();
    rows.forEach((_, i) => {
      const key = visible(i);
      const c = classes.get(key);
      if (c) c.push(i);
      else classes.set(key, [i]);
    });
    let moved = false;
    const small: number[] = [];
    for (const members of classes.values()) {
      if (members.length >= k) continue;
      for (const i of members) {
        if (level[i]! < last) {
          level[i]!++;
          moved = true;
        } else small.push(i);
      }
    }
    if (!moved) {
      suppressedIdx = new Set(small);
      break;
    }
  }
  const out: Record<string, V>[] = [];
  const generalised = new Array<number>(GENERALISATION_STEPS.length).fill(0);
  rows.forEach((row, i) => {
    if (suppressedIdx.has(i)) return;
    const r = { ...row };
    for (const q of GENERALISATION_STEPS[level[i]!]!) r[q] = MISSING;
    generalised[level[i]!]!++;
    out.push(r);
  });
  return { rows: out, suppressed: suppressedIdx.size, generalised };
}

/** All victims (linked persons with an identification) as k-anonymised CTDC rows, in a stable order. */
export function ctdcExport(data: ReportData, personKey: PersonKey = (id) => id, k = 11): CtdcExport {
  const persons = new Map(data.persons.map((p) => [p.person_id, p]));
  const byKey = new Map<string, RIdentification[]>();
  for (const i of data.identifications) {
    const key = personKey(i.person_id);
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  }
  const rows = [...byKey.values()].map((l) => ctdcRow(l, { persons }));
  const sortKey = (r: Record<string, V>) => CTDC_COLUMNS.map((c) => String(r[c])).join('\u0001');
  const byKeyOrder = (a: Record<string, V>, b: Record<string, V>) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  rows.sort(byKeyOrder);
  const anon = kAnonymise(rows, k);
  // ordered by the published values: an order by the values before generalisation would tell, among the
  // rows whose age band (or country…) was generalised to -99, which came first, i.e. their hidden values;
  // and a file imported and exported again (htcds-import.ts) is the same file
  anon.rows.sort(byKeyOrder);
  return {
    columns: CTDC_COLUMNS,
    rows: anon.rows,
    k,
    suppressed: anon.suppressed,
    generalised: anon.generalised,
  };
}

/** RFC 4180 CSV of the export; text cells neutralised against formula injection (numbers such as -99 never). */
export function ctdcCsv(exp: CtdcExport): string {
  const lines = [exp.columns.map(csvCell).join(',')];
  for (const r of exp.rows) lines.push(exp.columns.map((c) => csvCell(r[c] ?? MISSING)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
