/**
 * Estimates the prior m-probabilities shipped in src/priors.ts, once, from labelled corpora: the comparison
 * levels of true matches among the candidate pairs of each corpus, averaged over the corpora where the
 * comparison applies (each corpus weighs the same, whatever its size). u is never shipped: it comes from the
 * input itself.
 *
 *   node apps/server/bin/run-ts.mjs packages/linkage/scripts/estimate-priors.ts > packages/linkage/src/priors.ts
 *
 * Corpora: FEBRL 1-3 (public, ../shared/data/linkage/febrl; English-language names, addresses, dates, ids) and the
 * matcher's own Mexican synthetic set (40,000 persons, src/synthetic.ts). The independent evaluation generator
 * (packages/evaldata) and the public evaluation sets (historical_50k, anonlink) are never used here.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES, candidatePairs } from '../src/blocking.ts';
import { ALL_COMPARISONS, activeComparisons } from '../src/comparisons.ts';
import { prepareRecords } from '../src/prepare.ts';
import { syntheticMexican } from '../src/synthetic.ts';
import type { LinkRecord } from '../src/types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(HERE, '../../../../shared/data/linkage');

function febrl(file: string): { records: LinkRecord[]; entity: string[] } {
  const lines = readFileSync(join(DATA, 'febrl', file), 'utf8')
    .trim()
    .split(/\r?\n/);
  const head = lines[0]!.split(',').map((h) => h.trim());
  const col = (n: string) => head.indexOf(n);
  const records: LinkRecord[] = [];
  const entity: string[] = [];
  for (const line of lines.slice(1)) {
    const c = line.split(',').map((x) => x.trim());
    const id = c[col('rec_id')]!;
    const dob = c[col('date_of_birth')] ?? '';
    records.push({
      id,
      fields: {
        given_names: c[col('given_name')] ?? '',
        surname_1: c[col('surname')] ?? '',
        birth_date: /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : '',
        street: `${c[col('street_number')] ?? ''} ${c[col('address_1')] ?? ''}`.trim(),
        locality: c[col('suburb')] ?? '',
        postcode: c[col('postcode')] ?? '',
        region: c[col('state')] ?? '',
        id_number: c[col('soc_sec_id')] ?? '',
      },
    });
    entity.push(id.split('-')[1]!);
  }
  return { records, entity };
}

const corpora: { name: string; records: LinkRecord[]; entity: ArrayLike<string | number> }[] = [
  { name: 'FEBRL dataset1', ...febrl('dataset1.csv') },
  { name: 'FEBRL dataset2', ...febrl('dataset2.csv') },
  { name: 'FEBRL dataset3', ...febrl('dataset3.csv') },
  {
    name: 'Mexican synthetic (40,000 persons)',
    ...syntheticMexican({ entities: 40_000, seed: 99, duplicateRate: 0.3 }),
  },
];

/** Smallest prior m of any level. */
const FLOOR = 0.005;

const sums = new Map<string, { m: number[]; n: number }>();
const used: string[] = [];
for (const c of corpora) {
  const p = prepareRecords(c.records);
  const comps = activeComparisons(p, p);
  const pairs = candidatePairs(p, undefined, { rules: ALL_RULES });
  const bound = comps.map((x) => x.bind(p, p));
  const counts = comps.map((x) => new Float64Array(x.levels));
  let matches = 0;
  for (let e = 0; e < pairs.count; e++) {
    const i = pairs.left[e]!;
    const j = pairs.right[e]!;
    if (c.entity[i] !== c.entity[j]) continue;
    matches++;
    comps.forEach((_x, k) => {
      const l = bound[k]!(i, j);
      if (l >= 0) counts[k]![l]!++;
    });
  }
  comps.forEach((x, k) => {
    const cnt = counts[k]!;
    const total = cnt.reduce((s, v) => s + v, 0);
    if (total < 50) return;
    const m = Array.from(cnt, (v) => (v + 1) / (total + x.levels));
    const s = sums.get(x.name) ?? { m: new Array(x.levels).fill(0), n: 0 };
    m.forEach((v, l) => {
      s.m[l] += v;
    });
    s.n++;
    sums.set(x.name, s);
  });
  used.push(`${c.name}: ${c.records.length} records, ${matches} true pairs among ${pairs.count} candidates`);
}

const out: Record<string, number[]> = {};
for (const x of ALL_COMPARISONS) {
  const s = sums.get(x.name);
  // a comparison no corpus has (e.g. sex, nationality): agreement is likely for matches, nothing more
  const raw = s
    ? s.m.map((v) => v / s.n)
    : Array.from({ length: x.levels }, (_, l) => (l === x.levels - 1 ? 0.9 : 0.1 / (x.levels - 1)));
  // no level is impossible for a match in data the corpora did not show (typos in sex, a changed phone…)
  const floored = raw.map((v) => Math.max(v, FLOOR));
  const total = floored.reduce((a, b) => a + b, 0);
  out[x.name] = floored.map((v) => Number((v / total).toFixed(4)));
}
console.log(`/**
 * Prior m-probabilities (the chance of each comparison level among true matches), estimated once by
 * scripts/estimate-priors.ts — do not edit by hand; run the script again. EM starts from these and moves them only
 * as far as the input's evidence allows (M_PRIOR_PAIRS pseudo-pairs). Corpora:
${used.map((u) => ` * - ${u}`).join('\n')}
 * Comparisons no corpus holds get a generic prior (top level 0.9); every level is at least ${FLOOR} before normalising.
 */
export const M_PRIORS: Readonly<Record<string, readonly number[]>> = ${JSON.stringify(out, null, 2)};
`);
