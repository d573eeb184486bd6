/**
 * Linkage quality on the independent evaluation generator (packages/evaldata: its own name lists, nickname lists
 * and corruption process, hard negatives; written apart from the matcher). Size × duplicate rate, plain
 * deduplication, pairwise F1 of the linked pairs, and calibration of the match probabilities.
 *
 *   node apps/server/bin/run-ts.mjs bench/linkage-eval.bench.ts [--sizes 200,2000,20000,200000] [--dups 0.01,0.05,0.25] [--seed 1]
 *     [--encoded-max 200000]  (privacy-preserving dedupe of the cells up to this size; 0: none)
 *     [--anonlink-only]       (only the table of anonlink's 10 party pairs, plain vs encoded)
 *
 * Then anonlink's 5-party tutorial data (../shared/data/linkage/anonlink): each of the 10 party pairs linked plain
 * and privacy-preserving (field-level Bloom filters encoded here with a random secret, LSH blocking, the learned
 * model), with the blocking's recall (true pairs among the candidates) and the share of all pairs compared.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupeSet } from '@enlace/evaldata';
import {
  FieldEncoder,
  type LinkRecord,
  linkDedup,
  linkEncodedDedup,
  linkEncodedTwo,
  linkTwo,
  prepareRecords,
} from '@enlace/linkage';
import { evalLinkRecords } from './evaldata-records.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const sizes = arg('sizes', '200,2000,20000,200000').split(',').map(Number);
const dups = arg('dups', '0.01,0.05,0.25').split(',').map(Number);
const seed = Number(arg('seed', '1'));
const encodedMax = Number(arg('encoded-max', '200000'));
const anonlinkOnly = process.argv.includes('--anonlink-only');
const encodedRows: string[] = [];
let encodedMin = 1;

const c = cpus();
console.log('# Linkage on the independent evaluation generator (packages/evaldata)');
console.log(
  `machine: ${c.length} cores, ${c[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
console.log(`settings: linkDedup defaults (threshold 0.5), seed ${seed}; labels used only to score\n`);
if (!anonlinkOnly) {
  console.log(
    '| records | duplicates | true pairs | precision | recall | F1 (links) | F1 (clusters) | awaiting review (0.4-0.5) | false links between look-alikes | time |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
}

const calib = new Float64Array(10);
const calibTrue = new Float64Array(10);
for (const size of anonlinkOnly ? [] : sizes) {
  for (const dup of dups) {
    const ds = dedupeSet({ size, duplicateRate: dup, seed });
    const entity = new Map(ds.truth.map((t) => [t.person_id, t.entity_id]));
    const family = new Map(ds.truth.map((t) => [t.person_id, t.family_id]));
    const records = evalLinkRecords(ds.records);
    const t0 = performance.now();
    const res = linkDedup(records);
    const secs = (performance.now() - t0) / 1000;
    const ent = records.map((r) => entity.get(r.id)!);
    let tp = 0;
    let hard = 0;
    for (const p of res.pairs) {
      if (ent[p.left] === ent[p.right]) tp++;
      else {
        const f = family.get(records[p.left]!.id);
        if (f && f === family.get(records[p.right]!.id)) hard++;
      }
    }
    const sizesOf = new Map<string, number>();
    for (const e of ent) sizesOf.set(e, (sizesOf.get(e) ?? 0) + 1);
    let truth = 0;
    for (const n of sizesOf.values()) truth += (n * (n - 1)) / 2;
    const prec = res.pairs.length ? tp / res.pairs.length : 1;
    const rec = truth ? tp / truth : 1;
    const f1 = prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
    // pairwise F1 of the clusters (what the figures count: a person is a cluster, linked directly or through others)
    const clusterF1 = (clusters: ArrayLike<number>) => {
      const members = new Map<number, number[]>();
      for (let i = 0; i < clusters.length; i++) {
        const m = members.get(clusters[i]!);
        if (m) m.push(i);
        else members.set(clusters[i]!, [i]);
      }
      let cPred = 0;
      let cTp = 0;
      for (const m of members.values())
        for (let x = 0; x < m.length; x++)
          for (let y = x + 1; y < m.length; y++) {
            cPred++;
            if (ent[m[x]!] === ent[m[y]!]) cTp++;
          }
      const cp = cPred ? cTp / cPred : 1;
      const cr = truth ? cTp / truth : 1;
      return { p: cp, r: cr, f1: cp + cr ? (2 * cp * cr) / (cp + cr) : 0 };
    };
    const cf1 = clusterF1(res.clusters).f1;
    const review = linkDedup(records, { threshold: 0.4, model: res.model }).pairs.filter(
      (p) => p.probability < 0.5,
    ).length;
    console.log(
      `| ${records.length} | ${(dup * 100).toFixed(0)} % | ${truth} | ${prec.toFixed(4)} | ${rec.toFixed(4)} | ${f1.toFixed(4)} | ${cf1.toFixed(4)} | ${review} | ${hard} | ${secs.toFixed(1)} s |`,
    );
    if (size <= encodedMax) {
      // the same records, privacy-preserving: encoded with a random secret, deduplicated on the encodings alone
      const e0 = performance.now();
      const encoded = new FieldEncoder(randomBytes(32)).encode(prepareRecords(records), records);
      const er = linkEncodedDedup(encoded);
      const esecs = (performance.now() - e0) / 1000;
      let etp = 0;
      for (const p of er.pairs) if (ent[p.left] === ent[p.right]) etp++;
      let blocked = 0;
      const cp = er.candidatePairs;
      for (let k = 0; k < cp.count; k++) if (ent[cp.left[k]!] === ent[cp.right[k]!]) blocked++;
      const ep = er.pairs.length ? etp / er.pairs.length : 1;
      const erc = truth ? etp / truth : 1;
      const ef1 = ep + erc ? (2 * ep * erc) / (ep + erc) : 0;
      const ec = clusterF1(er.clusters!);
      encodedMin = Math.min(encodedMin, ec.f1);
      encodedRows.push(
        `| ${records.length} | ${(dup * 100).toFixed(0)} % | ${truth} | ${ec.p.toFixed(4)} | ${ec.r.toFixed(4)} | ${ef1.toFixed(4)} | ${ec.f1.toFixed(4)} | ${cf1.toFixed(4)} | ${cp.count} (${((100 * cp.count) / er.allPairs).toFixed(2)} %) | ${truth ? (blocked / truth).toFixed(4) : '-'} | ${esecs.toFixed(1)} s |`,
      );
    }
    if (size <= 20000) {
      // calibration: every scored candidate pair, by predicted probability
      const all = linkDedup(records, { threshold: 0.0 });
      for (const p of all.pairs) {
        const b = Math.min(9, Math.floor(p.probability * 10));
        calib[b]! += 1;
        if (ent[p.left] === ent[p.right]) calibTrue[b]! += 1;
      }
    }
  }
}
if (encodedRows.length > 0) {
  console.log(
    '\nPrivacy-preserving dedupe of the same records (field-level Bloom filters, LSH blocking, learned threshold; `enlace link --encoded`)',
  );
  console.log(
    '| records | duplicates | true pairs | precision (clusters) | recall (clusters) | F1 encoded (links) | F1 encoded (clusters) | F1 plain (clusters) | candidates (share of all pairs) | blocking recall | time |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of encodedRows) console.log(row);
  console.log(`min F1 (clusters) over these cells: encoded ${encodedMin.toFixed(4)} (target 0.98)`);
}
if (!anonlinkOnly)
  console.log(
    '\nCalibration (every candidate pair of the runs up to 20,000 records): predicted probability vs share truly the same person',
  );
if (!anonlinkOnly) console.log('| predicted | pairs | share true |');
if (!anonlinkOnly) console.log('|---|---:|---:|');
for (let b = 0; b < 10; b++) {
  if (!calib[b]) continue;
  console.log(
    `| ${(b / 10).toFixed(1)}-${((b + 1) / 10).toFixed(1)} | ${calib[b]} | ${(calibTrue[b]! / calib[b]!).toFixed(3)} |`,
  );
}

// anonlink's 5-party tutorial data: the 10 party pairs, plain and privacy-preserving
const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/linkage/anonlink');
const party = (k: number): LinkRecord[] =>
  readFileSync(join(DATA, `dataset-${k}.csv`), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      // id,givenname,surname,dob (DD-MM-YYYY),gender,city,income,phone number; income is not a person's field
      const c = line.split(',');
      return {
        id: c[0]!,
        fields: {
          given_names: c[1] ?? '',
          surname_1: c[2] ?? '',
          birth_date: (c[3] ?? '').replaceAll('-', '/'),
          sex: c[4] ?? '',
          locality: c[5] ?? '',
          phone: c[7] ?? '',
        },
      };
    });
const parties = [1, 2, 3, 4, 5].map(party);
const anonEncoder = new FieldEncoder(randomBytes(32));
const anonEncoded = parties.map((p) =>
  anonEncoder.encode(prepareRecords(p, { dateFormat: 'DD/MM/YYYY' }), p, 'DD/MM/YYYY'),
);
const prf = (tp: number, predicted: number, truth: number) => {
  const p = predicted ? tp / predicted : 1;
  const r = truth ? tp / truth : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};
console.log(
  "\n# anonlink's 5-party tutorial data: every party pair, plain and privacy-preserving (given name, surname, birth date, sex, city, phone; labels only to score)",
);
console.log(
  '| parties | true pairs | plain P | plain R | plain F1 | encoded P | encoded R | encoded F1 | candidates (share of all pairs) | blocking recall | encoded time |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
let minPlain = 1;
let minEncoded = 1;
for (let x = 0; x < 5; x++)
  for (let y = x + 1; y < 5; y++) {
    const a = parties[x]!;
    const b = parties[y]!;
    const ids = new Set(a.map((r) => r.id));
    const truth = b.filter((r) => ids.has(r.id)).length;
    const plain = linkTwo(a, b, { dateFormat: 'DD/MM/YYYY' });
    const pq = prf(
      plain.pairs.filter((p) => a[p.left]!.id === b[p.right]!.id).length,
      plain.pairs.length,
      truth,
    );
    const t0 = performance.now();
    const enc = linkEncodedTwo(anonEncoded[x]!, anonEncoded[y]!);
    const secs = (performance.now() - t0) / 1000;
    const eq = prf(enc.pairs.filter((p) => a[p.left]!.id === b[p.right]!.id).length, enc.pairs.length, truth);
    let blocked = 0;
    const cp = enc.candidatePairs;
    for (let k = 0; k < cp.count; k++) if (a[cp.left[k]!]!.id === b[cp.right[k]!]!.id) blocked++;
    minPlain = Math.min(minPlain, pq.f1);
    minEncoded = Math.min(minEncoded, eq.f1);
    console.log(
      `| ${x + 1}-${y + 1} | ${truth} | ${pq.p.toFixed(4)} | ${pq.r.toFixed(4)} | ${pq.f1.toFixed(4)} | ${eq.p.toFixed(4)} | ${eq.r.toFixed(4)} | ${eq.f1.toFixed(4)} | ${cp.count} (${((100 * cp.count) / enc.allPairs).toFixed(1)} %) | ${(blocked / truth).toFixed(4)} | ${secs.toFixed(1)} s |`,
    );
  }
console.log(
  `min F1 over the 10 party pairs: plain ${minPlain.toFixed(4)}, encoded ${minEncoded.toFixed(4)} (target 0.95)`,
);
