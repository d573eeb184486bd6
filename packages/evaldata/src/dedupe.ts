/**
 * Linkage data sets with ground truth: `dedupeSet` (one file with duplicates inside) and `twoFileSet` (two
 * files, one-to-one). Deterministic by seed: the same options give the same records, byte for byte.
 *
 * Duplicate rate, precisely: the share of RECORDS that are extra copies of a person already in the file,
 * `duplicateRate = (records − persons) / records`. A 2,000-record set at 0.05 has exactly 100 extra records
 * and 1,900 persons; the share of persons with more than one record is reported in `stats` (it is lower,
 * since a person may have up to four extra records: one 70 %, two 20 %, three 7 %, four 3 %).
 */
import { type Agency, nationalAgencies } from './agencies.ts';
import { FAMILY_WEIGHTS, type Family, makeFamily } from './families.ts';
import { type ObservedPerson, observe, PROFILES } from './observe.ts';
import {
  type AgeProfile,
  addDays,
  ageAt,
  PersonGenerator,
  pad,
  randomDateInYear,
  type TruePerson,
} from './person.ts';
import { pickWeighted, Rng } from './rng.ts';

export interface EvalRecord extends ObservedPerson {
  person_id: string;
  agency_id: string;
}

export interface TruthRow {
  person_id: string;
  entity_id: string;
  /** Look-alike group of the entity ('' when none). */
  family_id: string;
  family_kind: string;
  relation: string;
  /** Corruptions applied to this record, `;`-separated. */
  corruptions: string;
}

export interface CommonOptions {
  seed: number;
  /** Share of persons who belong to a look-alike group (hard negatives); default 0.1. */
  hardNegativeShare?: number;
  /** Multiplier on the error rates (default 1). */
  noise?: number;
  /** Share of foreign-born persons (default 0.06). */
  foreignShare?: number;
  /** Age distribution: 'victims' (default; young, a quarter minors) or 'general'. */
  ageProfile?: AgeProfile;
}

export interface DedupeOptions extends CommonOptions {
  size: number;
  duplicateRate: number;
  /** Share of extra records made by the same agency as another record of the person (default 0.15). */
  sameAgencyShare?: number;
}

export interface DatasetStats {
  records: number;
  persons: number;
  extraRecords: number;
  duplicateRate: number;
  personsWithDuplicates: number;
  shareOfPersonsWithDuplicates: number;
  truePairs: number;
  hardNegativeGroups: Record<string, number>;
  hardNegativePersons: number;
  corruptions: Record<string, number>;
}

export interface Dataset {
  records: EvalRecord[];
  truth: TruthRow[];
  persons: TruePerson[];
  families: Family[];
  stats: DatasetStats;
}

const FIRST_YEAR = 2019;
const LAST_YEAR = 2024;

/** Agencies that make person records in the linkage sets, with their weights. */
function recordingAgencies(): { agency: Agency; weight: number }[] {
  const out: { agency: Agency; weight: number }[] = [];
  for (const a of nationalAgencies()) {
    let w = 0;
    if (a.kind === 'prosecutor') w = a.level === 'federal' ? 5 : 1.5;
    else if (a.kind === 'immigration') w = 6;
    else if (a.kind === 'child_protection') w = a.level === 'federal' ? 2 : 1;
    else if (a.profile === 'victims_commission') w = a.level === 'federal' ? 4 : 1;
    else if (a.profile === 'shelter') w = 1.4;
    else if (a.kind === 'hotline') w = 4;
    else if (a.kind === 'labor_inspection') w = 2;
    else if (a.kind === 'consular') w = 1.5;
    else if (a.profile === 'international') w = 2;
    if (w > 0) out.push({ agency: a, weight: w });
  }
  return out;
}

/** Picks an agency that would plausibly record this person (minors → DIF more, foreigners → INM/OIM more). */
function pickAgency(
  rng: Rng,
  pool: readonly { agency: Agency; weight: number }[],
  p: TruePerson,
  date: string,
): Agency {
  const minor = ageAt(p.birthDate, date) < 18;
  const foreign = p.nationality !== 'MEX';
  return pickWeighted(
    rng,
    pool.map(({ agency: a, weight }) => {
      let w = weight;
      if (a.kind === 'child_protection') w *= minor ? 6 : 0.05;
      if (a.kind === 'immigration' || a.profile === 'international') w *= foreign ? 12 : 0.03;
      if (a.kind === 'consular') w *= foreign ? 0.05 : 1;
      if (a.kind === 'prosecutor' && a.level === 'state') w *= a.state_code === p.state ? 20 : 0.2;
      if (a.level === 'state' && a.kind !== 'prosecutor') w *= a.state_code === p.state ? 8 : 0.1;
      return [a, w] as const;
    }),
  );
}

function recordDate(rng: Rng, p: TruePerson): string {
  let d = randomDateInYear(rng, rng.range(FIRST_YEAR, LAST_YEAR));
  if (d <= p.birthDate) d = addDays(p.birthDate, rng.range(30, 400));
  return d;
}

/** Draws `count` true persons, a `hardNegativeShare` of them in look-alike groups; families listed apart. */
export function drawPopulation(
  rng: Rng,
  gen: PersonGenerator,
  count: number,
  hardNegativeShare: number,
  familyPrefix = 'F',
): { persons: TruePerson[]; families: Family[] } {
  const persons: TruePerson[] = [];
  const families: Family[] = [];
  const target = Math.round(count * hardNegativeShare);
  while (persons.length < target) {
    const kind = pickWeighted(rng, FAMILY_WEIGHTS);
    const { family, members } = makeFamily(kind, `${familyPrefix}${pad(families.length + 1, 6)}`, gen, rng);
    if (persons.length + members.length > count) break;
    families.push(family);
    persons.push(...members);
  }
  while (persons.length < count) persons.push(gen.person());
  return { persons: rng.shuffle(persons), families };
}

function copiesPlan(rng: Rng, persons: number, extra: number): number[] {
  const copies = new Array<number>(persons).fill(0);
  const order = rng.shuffle(Array.from({ length: persons }, (_, i) => i));
  let left = extra;
  let k = 0;
  while (left > 0) {
    const i = order[k % persons]!;
    const c = Math.min(
      left,
      pickWeighted(rng, [
        [1, 70],
        [2, 20],
        [3, 7],
        [4, 3],
      ] as const),
    );
    copies[i]! += c;
    left -= c;
    k++;
  }
  return copies;
}

function tally(counts: Record<string, number>, tags: readonly string[]) {
  for (const t of tags) counts[t] = (counts[t] ?? 0) + 1;
}

function makeStats(
  records: EvalRecord[],
  truth: TruthRow[],
  persons: TruePerson[],
  families: Family[],
  corruptions: Record<string, number>,
): DatasetStats {
  const perEntity = new Map<string, number>();
  for (const t of truth) perEntity.set(t.entity_id, (perEntity.get(t.entity_id) ?? 0) + 1);
  let withDup = 0;
  let pairs = 0;
  for (const n of perEntity.values()) {
    if (n > 1) withDup++;
    pairs += (n * (n - 1)) / 2;
  }
  const groups: Record<string, number> = {};
  for (const f of families) groups[f.kind] = (groups[f.kind] ?? 0) + 1;
  return {
    records: records.length,
    persons: perEntity.size,
    extraRecords: records.length - perEntity.size,
    duplicateRate: records.length ? (records.length - perEntity.size) / records.length : 0,
    personsWithDuplicates: withDup,
    shareOfPersonsWithDuplicates: perEntity.size ? withDup / perEntity.size : 0,
    truePairs: pairs,
    hardNegativeGroups: groups,
    hardNegativePersons: persons.filter((p) => p.familyId).length,
    corruptions: Object.fromEntries(Object.entries(corruptions).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

function truthRow(personId: string, p: TruePerson, families: Map<string, Family>, tags: string[]): TruthRow {
  return {
    person_id: personId,
    entity_id: p.entityId,
    family_id: p.familyId ?? '',
    family_kind: p.familyId ? (families.get(p.familyId)?.kind ?? '') : '',
    relation: p.relation ?? '',
    corruptions: tags.join(';'),
  };
}

/** One file with duplicates inside it, and its truth. */
export function dedupeSet(opts: DedupeOptions): Dataset {
  const { size, duplicateRate, seed } = opts;
  if (!(size >= 1) || !Number.isInteger(size)) throw new Error('size must be a positive integer');
  if (!(duplicateRate >= 0 && duplicateRate < 1)) throw new Error('duplicateRate must be in [0, 1)');
  const root = new Rng(seed);
  const rng = root.fork('dedupe');
  const gen = new PersonGenerator(root.fork('persons'), {
    foreignShare: opts.foreignShare ?? 0.06,
    ageProfile: opts.ageProfile ?? 'victims',
  });
  const extra = Math.round(size * duplicateRate);
  const personCount = size - extra;
  const { persons, families } = drawPopulation(
    root.fork('population'),
    gen,
    personCount,
    opts.hardNegativeShare ?? 0.1,
  );
  const copies = copiesPlan(rng, persons.length, extra);
  const pool = recordingAgencies();
  const sameAgency = opts.sameAgencyShare ?? 0.15;
  const obsRng = root.fork('observe');
  const pending: { p: TruePerson; agency: Agency; fields: ObservedPerson; tags: string[] }[] = [];
  persons.forEach((p, i) => {
    let prev: Agency | undefined;
    for (let c = 0; c <= copies[i]!; c++) {
      const date = recordDate(rng, p);
      const agency = prev && rng.bool(sameAgency) ? prev : pickAgency(rng, pool, p, date);
      prev = agency;
      const profile = PROFILES[agency.profile]!;
      const { fields, tags } = observe(p, profile, obsRng, {
        refDate: date,
        noise: opts.noise ?? 1,
        gen,
        ...(agency.state_code ? { state: agency.state_code } : {}),
      });
      pending.push({ p, agency, fields, tags });
    }
  });
  rng.shuffle(pending);
  const seq = new Map<string, number>();
  const records: EvalRecord[] = [];
  const truth: TruthRow[] = [];
  const famById = new Map(families.map((f) => [f.familyId, f]));
  const corruptions: Record<string, number> = {};
  for (const r of pending) {
    const n = (seq.get(r.agency.agency_id) ?? 0) + 1;
    seq.set(r.agency.agency_id, n);
    const id = `${r.agency.agency_id}/${pad(n, 7)}`;
    records.push({ person_id: id, agency_id: r.agency.agency_id, ...r.fields });
    truth.push(truthRow(id, r.p, famById, r.tags));
    tally(corruptions, r.tags);
  }
  return {
    records,
    truth,
    persons,
    families,
    stats: makeStats(records, truth, persons, families, corruptions),
  };
}

export interface TwoFileOptions extends CommonOptions {
  sizeLeft: number;
  sizeRight: number;
  /** Share of the right file's records whose person is also in the left file (default 0.5). */
  overlap?: number;
}

export interface TwoFileDataset {
  left: EvalRecord[];
  right: EvalRecord[];
  /** Truth of every record of both files (left first). */
  truth: (TruthRow & { file: 'left' | 'right' })[];
  /** The true matches, left id and right id. */
  matches: [string, string][];
  persons: TruePerson[];
  families: Family[];
  stats: {
    left: number;
    right: number;
    matches: number;
    hardNegativePersons: number;
    corruptions: Record<string, number>;
  };
}

/**
 * Two files, one record per person in each (one-to-one linkage): the left one kept by prosecutors and the
 * victims' commission (full records, CURPs), the right one by shelters, DIF and the hotline (partial records).
 */
export function twoFileSet(opts: TwoFileOptions): TwoFileDataset {
  const overlap = opts.overlap ?? 0.5;
  const common = Math.round(opts.sizeRight * overlap);
  if (common > opts.sizeLeft) throw new Error('overlap × sizeRight exceeds sizeLeft');
  const root = new Rng(opts.seed);
  const rng = root.fork('two-file');
  const gen = new PersonGenerator(root.fork('persons'), {
    foreignShare: opts.foreignShare ?? 0.06,
    ageProfile: opts.ageProfile ?? 'victims',
  });
  const total = opts.sizeLeft + opts.sizeRight - common;
  const { persons, families } = drawPopulation(
    root.fork('population'),
    gen,
    total,
    opts.hardNegativeShare ?? 0.1,
  );
  const all = recordingAgencies();
  const leftPool = all.filter(
    ({ agency: a }) => a.kind === 'prosecutor' || a.profile === 'victims_commission',
  );
  const rightPool = all.filter(
    ({ agency: a }) => a.profile === 'shelter' || a.kind === 'child_protection' || a.kind === 'hotline',
  );
  const obsRng = root.fork('observe');
  const famById = new Map(families.map((f) => [f.familyId, f]));
  const corruptions: Record<string, number> = {};
  const make = (p: TruePerson, pool: typeof all) => {
    const date = recordDate(rng, p);
    const agency = pickAgency(rng, pool, p, date);
    const { fields, tags } = observe(p, PROFILES[agency.profile]!, obsRng, {
      refDate: date,
      noise: opts.noise ?? 1,
      gen,
      ...(agency.state_code ? { state: agency.state_code } : {}),
    });
    tally(corruptions, tags);
    return { p, agency, fields, tags };
  };
  const leftRaw: ReturnType<typeof make>[] = [];
  const rightRaw: ReturnType<typeof make>[] = [];
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    if (i < common) {
      leftRaw.push(make(p, leftPool));
      rightRaw.push(make(p, rightPool));
    } else if (i < opts.sizeLeft) leftRaw.push(make(p, leftPool));
    else rightRaw.push(make(p, rightPool));
  }
  rng.shuffle(leftRaw);
  rng.shuffle(rightRaw);
  const seq = new Map<string, number>();
  const truth: TwoFileDataset['truth'] = [];
  const ids = new Map<string, { left?: string; right?: string }>();
  const finish = (raw: typeof leftRaw, file: 'left' | 'right'): EvalRecord[] =>
    raw.map((r) => {
      const n = (seq.get(r.agency.agency_id) ?? 0) + 1;
      seq.set(r.agency.agency_id, n);
      const id = `${r.agency.agency_id}/${pad(n, 7)}`;
      truth.push({ ...truthRow(id, r.p, famById, r.tags), file });
      const e = ids.get(r.p.entityId) ?? {};
      e[file] = id;
      ids.set(r.p.entityId, e);
      return { person_id: id, agency_id: r.agency.agency_id, ...r.fields };
    });
  const left = finish(leftRaw, 'left');
  const right = finish(rightRaw, 'right');
  const matches: [string, string][] = [];
  for (const e of ids.values()) if (e.left && e.right) matches.push([e.left, e.right]);
  matches.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    left,
    right,
    truth,
    matches,
    persons,
    families,
    stats: {
      left: left.length,
      right: right.length,
      matches: matches.length,
      hardNegativePersons: persons.filter((p) => p.familyId).length,
      corruptions: Object.fromEntries(Object.entries(corruptions).sort(([a], [b]) => (a < b ? -1 : 1))),
    },
  };
}
