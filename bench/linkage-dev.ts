/**
 * Development check of linkage quality on small, low-duplicate inputs (where EM has little to learn from) and on
 * the public historical_50k set; prints F1 and calibration. Not the evaluation of record (that is bench:linkage
 * on the independent generator), a quick loop for the matcher's author.
 */

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FieldType, type LinkRecord, linkDedup } from '@enlace/linkage';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import { type ColumnMap, loadRecords } from '../apps/server/src/cli/commands/link.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(ROOT, '../shared/data/linkage');
const only = process.argv[2];

function evaluate(name: string, records: LinkRecord[], entity: ArrayLike<number | string>, opts = {}) {
  const t0 = performance.now();
  const r = linkDedup(records, opts);
  const sizes = new Map<number | string, number>();
  for (let i = 0; i < entity.length; i++) sizes.set(entity[i]!, (sizes.get(entity[i]!) ?? 0) + 1);
  let truth = 0;
  for (const c of sizes.values()) truth += (c * (c - 1)) / 2;
  const tp = r.pairs.filter((p) => entity[p.left] === entity[p.right]).length;
  const prec = r.pairs.length ? tp / r.pairs.length : 0;
  const rec = truth ? tp / truth : 0;
  const f1 = prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  // cluster-level pairwise F1
  const byCluster = new Map<number, number[]>();
  for (let i = 0; i < r.clusters.length; i++) {
    const c = r.clusters[i]!;
    const list = byCluster.get(c);
    if (list) list.push(i);
    else byCluster.set(c, [i]);
  }
  let ctp = 0;
  let cpred = 0;
  for (const members of byCluster.values()) {
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        cpred++;
        if (entity[members[x]!] === entity[members[y]!]) ctp++;
      }
  }
  const cp = cpred ? ctp / cpred : 0;
  const cr = truth ? ctp / truth : 0;
  const cf1 = cp + cr ? (2 * cp * cr) / (cp + cr) : 0;
  console.log(
    `${name.padEnd(34)} n=${String(records.length).padStart(6)} truth=${String(truth).padStart(6)} pairs: P ${prec.toFixed(3)} R ${rec.toFixed(3)} F1 ${f1.toFixed(3)} | clusters F1 ${cf1.toFixed(3)} | ${((performance.now() - t0) / 1000).toFixed(1)} s, λ=${r.model.lambda.toExponential(2)}, cand ${r.candidates}`,
  );
  return r;
}

if (!only || only === 'mx') {
  for (const entities of [2000, 20000]) {
    for (const dup of [0.01, 0.05, 0.25]) {
      const { records, entity } = syntheticMexican({ entities, seed: 11, duplicateRate: dup });
      evaluate(`mx-synthetic ${entities} dup ${dup}`, records, entity);
    }
  }
}
if (!only || only === 'hist') {
  const path = join(DATA, 'splink/historical_figures_with_errors_50k.csv');
  const map: ColumnMap = {
    id: 'unique_id',
    delimiter: ',',
    trim: true,
    dateFormat: 'YYYY-MM-DD',
    columns: new Map<FieldType, string[]>([
      ['given_names', ['first_name']],
      ['surname_1', ['surname']],
      ['birth_date', ['dob']],
      ['locality', ['birth_place']],
      ['postcode', ['postcode_fake']],
      ['sex', ['gender']],
    ]),
  };
  const recs = loadRecords(path, map);
  const text = readFileSync(path, 'utf8');
  const cl = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const id = line.slice(0, line.indexOf(','));
    cl.set(id, id.split('-')[0]!);
  }
  evaluate(
    'historical_50k',
    recs,
    recs.map((r) => cl.get(r.id)!),
  );
}

if (!only || only === 'anonlink') {
  const { BloomEncoder, linkEncodings, linkTwo, prepareRecords } = await import('@enlace/linkage');
  const { randomBytes } = await import('node:crypto');
  const load = (k: number): LinkRecord[] => {
    const lines = readFileSync(join(DATA, `anonlink/dataset-${k}.csv`), 'utf8')
      .trim()
      .split(/\r?\n/);
    return lines.slice(1).map((line) => {
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
  };
  const parties = [1, 2, 3, 4, 5].map(load);
  const enc = new BloomEncoder(randomBytes(32));
  const encoded = parties.map((p) => enc.encode(prepareRecords(p, { dateFormat: 'DD/MM/YYYY' })));
  const f1 = (tp: number, pred: number, truth: number) => {
    const p = pred ? tp / pred : 0;
    const r = truth ? tp / truth : 0;
    return p + r ? (2 * p * r) / (p + r) : 0;
  };
  let minPlain = 1;
  let minEnc = 1;
  for (let x = 0; x < 5; x++)
    for (let y = x + 1; y < 5; y++) {
      const a = parties[x]!;
      const b = parties[y]!;
      const ids = new Set(a.map((r) => r.id));
      const truth = b.filter((r) => ids.has(r.id)).length;
      const plain = linkTwo(a, b, { dateFormat: 'DD/MM/YYYY' });
      const ptp = plain.pairs.filter((p) => a[p.left]!.id === b[p.right]!.id).length;
      const e = linkEncodings(encoded[x]!, encoded[y]!);
      const etp = e.pairs.filter((p) => a[p.left]!.id === b[p.right]!.id).length;
      const fp = f1(ptp, plain.pairs.length, truth);
      const fe = f1(etp, e.pairs.length, truth);
      minPlain = Math.min(minPlain, fp);
      minEnc = Math.min(minEnc, fe);
      console.log(
        `anonlink ${x + 1}-${y + 1} truth ${truth}: plain F1 ${fp.toFixed(3)} (${ptp}/${plain.pairs.length}), encoded F1 ${fe.toFixed(3)} (${etp}/${e.pairs.length})`,
      );
    }
  console.log(`anonlink min over 10 party pairs: plain ${minPlain.toFixed(3)}, encoded ${minEnc.toFixed(3)}`);
}
