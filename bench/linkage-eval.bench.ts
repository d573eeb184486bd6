/**
 * Linkage quality on the independent evaluation generator (packages/evaldata: its own name lists, nickname lists
 * and corruption process, hard negatives; written apart from the matcher). Size × duplicate rate, plain
 * deduplication, pairwise F1 of the linked pairs, and calibration of the match probabilities.
 *
 *   node apps/server/bin/run-ts.mjs bench/linkage-eval.bench.ts [--sizes 200,2000,20000,200000] [--dups 0.01,0.05,0.25] [--seed 1]
 */
import { cpus, totalmem } from 'node:os';
import { dedupeSet } from '@enlace/evaldata';
import { type LinkRecord, linkDedup } from '@enlace/linkage';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const sizes = arg('sizes', '200,2000,20000,200000').split(',').map(Number);
const dups = arg('dups', '0.01,0.05,0.25').split(',').map(Number);
const seed = Number(arg('seed', '1'));

const c = cpus();
console.log('# Linkage on the independent evaluation generator (packages/evaldata)');
console.log(
  `machine: ${c.length} cores, ${c[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
console.log(`settings: linkDedup defaults (threshold 0.5), seed ${seed}; labels used only to score\n`);
console.log(
  '| records | duplicates | true pairs | precision | recall | F1 (links) | F1 (clusters) | awaiting review (0.4-0.5) | false links between look-alikes | time |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');

const calib = new Float64Array(10);
const calibTrue = new Float64Array(10);
for (const size of sizes) {
  for (const dup of dups) {
    const ds = dedupeSet({ size, duplicateRate: dup, seed });
    const entity = new Map(ds.truth.map((t) => [t.person_id, t.entity_id]));
    const family = new Map(ds.truth.map((t) => [t.person_id, t.family_id]));
    const records: LinkRecord[] = ds.records.map((r) => ({
      id: r.person_id,
      fields: {
        given_names: r.given_names,
        surname_1: r.surname_1,
        surname_2: r.surname_2,
        birth_date: r.birth_date,
        sex: r.sex,
        nationality: r.nationality,
        curp: r.curp,
        phone: r.phone,
        email: r.email,
        region: r.state_code,
      },
    }));
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
    const members = new Map<number, number[]>();
    res.clusters.forEach((c, i) => {
      const m = members.get(c);
      if (m) m.push(i);
      else members.set(c, [i]);
    });
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
    const cf1 = cp + cr ? (2 * cp * cr) / (cp + cr) : 0;
    const review = linkDedup(records, { threshold: 0.4, model: res.model }).pairs.filter(
      (p) => p.probability < 0.5,
    ).length;
    console.log(
      `| ${records.length} | ${(dup * 100).toFixed(0)} % | ${truth} | ${prec.toFixed(4)} | ${rec.toFixed(4)} | ${f1.toFixed(4)} | ${cf1.toFixed(4)} | ${review} | ${hard} | ${secs.toFixed(1)} s |`,
    );
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
console.log(
  '\nCalibration (every candidate pair of the runs up to 20,000 records): predicted probability vs share truly the same person',
);
console.log('| predicted | pairs | share true |');
console.log('|---|---:|---:|');
for (let b = 0; b < 10; b++) {
  if (!calib[b]) continue;
  console.log(
    `| ${(b / 10).toFixed(1)}-${((b + 1) / 10).toFixed(1)} | ${calib[b]} | ${(calibTrue[b]! / calib[b]!).toFixed(3)} |`,
  );
}
