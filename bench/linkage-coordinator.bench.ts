/**
 * CPU seconds per phase of a distributed linkage of N persons, in one process and without a database server (the
 * database's own time is bench:linkage-workers'): the coordinator's and the workers' work, the way it was before
 * the workers read the persons (the coordinator decrypted every field and shipped each part's records, encrypted)
 * and the way it is now (the workers read shards into snapshots; the coordinator blocks the snapshots and ships
 * parts of pairs only; each worker reads the run's records once). Both ways give the same pairs (checked).
 *
 *   node apps/server/bin/run-ts.mjs bench/linkage-coordinator.bench.ts            (200,000 persons)
 *   node apps/server/bin/run-ts.mjs bench/linkage-coordinator.bench.ts 50000      (another size)
 */
import {
  comparePart,
  encodePartPairs,
  finishDedup,
  type LinkRecord,
  planDedup,
  RunComparer,
} from '@enlace/linkage';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import type { PersonIdentityRow } from '../apps/server/src/api/linkage/repository.ts';
import { toRecord } from '../apps/server/src/api/linkage/service.ts';
import { migrate, openMemoryDatabase } from '../apps/server/src/db/index.ts';
import { defaultParts } from '../apps/server/src/linkage-workers/service.ts';
import {
  columnAad,
  decryptField,
  encryptField,
  initCrypto,
  parseMasterKey,
} from '../apps/server/src/security/crypto.ts';
import { machineLine } from './machine.ts';

const N = Number(process.argv[2] ?? 200_000);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const db = await openMemoryDatabase();
await migrate(db);
await initCrypto(db, parseMasterKey('c'.repeat(64)));
console.log(machineLine());
const { records: synthetic } = syntheticMexican({
  entities: Math.round(N / 1.4),
  seed: 2026,
  duplicateRate: 0.4,
});
const enc = (col: string, v: string | undefined) => encryptField(v ?? null, `persons.${col}`);
// the persons as stored (encrypted columns), in memory
const rows: PersonIdentityRow[] = synthetic.map((r) => {
  const f = r.fields;
  return {
    person_id: r.id,
    agency_id: 'fgr',
    given_names_enc: enc('given_names', f.given_names),
    surname_1_enc: enc('surname_1', f.surname_1),
    surname_2_enc: enc('surname_2', f.surname_2),
    birth_date_enc: enc('birth_date', f.birth_date),
    sex: f.sex === 'Hombre' ? 'male' : 'female',
    nationality: null,
    curp_enc: enc('curp', f.curp),
    phone_enc: enc('phone', f.phone),
    email_enc: enc('email', f.email),
  };
});
const phases: [string, string, number][] = [];
let c = cpu();
const mark = (who: string, what: string) => {
  const now = cpu();
  phases.push([who, what, now - c]);
  c = now;
};

// before
const records = rows.map(toRecord);
mark('before: coordinator', 'read: decrypt every field of every person');
const plan = planDedup(records, { parts: defaultParts });
mark('before: coordinator', 'prepare, block, split (each part with its records and weights)');
const partsAad = columnAad('linkage_run_parts', 'records_enc');
for (const p of plan.parts) {
  encryptField(JSON.stringify(Array.from(p.records, (x) => records[x]!.fields)), partsAad);
  encodePartPairs(p);
}
mark('before: coordinator', "encrypt each part's records");
const names = plan.comps.map((x) => x.name);
const before = plan.parts.map((p) =>
  comparePart(
    names,
    Array.from(p.records, (x) => records[x]!),
    p.left,
    p.right,
    p.tf,
    plan.termFrequencies,
  ),
);
mark('before: workers (sum)', 'compare every part (each part prepared on its own)');
const res = finishDedup(plan, before, { threshold: 0.4 });
mark('before: coordinator', 'finish: model, scores, clusters (storing not counted)');

// after
const snapshotAad = columnAad('linkage_run_shards', 'records_enc');
const snapshots: string[] = [];
for (let i = 0; i < rows.length; i += 5000)
  snapshots.push(
    encryptField(
      JSON.stringify(rows.slice(i, i + 5000).map((r) => [r.person_id, r.agency_id, toRecord(r).fields])),
      snapshotAad,
    )!,
  );
mark('after: workers (sum)', 'read shards: decrypt every field, store snapshots');
const fromSnapshots: LinkRecord[] = [];
for (const s of snapshots)
  for (const [id, , fields] of JSON.parse(decryptField(s, snapshotAad)!) as [
    string,
    string,
    Record<string, string>,
  ][])
    fromSnapshots.push({ id, fields });
mark('after: coordinator', 'read the snapshots (one decryption per shard)');
const plan2 = planDedup(fromSnapshots, { parts: defaultParts, localRecords: false });
mark('after: coordinator', 'prepare, block, split (parts of pairs only)');
for (const p of plan2.parts) encodePartPairs(p);
mark('after: coordinator', 'encode the parts');
const comparer = new RunComparer(
  plan2.comps.map((x) => x.name),
  fromSnapshots,
  plan2.termFrequencies,
);
mark('after: each worker', "read the run's snapshots, prepare once (per worker, not divided)");
const after = plan2.parts.map((p) => comparer.compare(p.left, p.right));
mark('after: workers (sum)', 'compare every part');
const res2 = finishDedup(plan2, after, { threshold: 0.4 });
mark('after: coordinator', 'finish: model, scores, clusters (storing not counted)');

const same = JSON.stringify(res.pairs) === JSON.stringify(res2.pairs);
console.log(
  `${N} persons asked (${rows.length} made), ${plan.pairs.count} candidate pairs in ${plan.parts.length} parts; each person in ${(plan.parts.reduce((t, p) => t + p.records.length, 0) / rows.length).toFixed(1)} parts on average; the same scored pairs both ways: ${same}`,
);
console.log('CPU seconds per phase (blocking keys not included: the same shard jobs both ways)');
for (const [who, what, s] of phases) console.log(`  ${who.padEnd(22)} ${what.padEnd(68)} ${s.toFixed(1)} s`);
const sum = (prefix: string) => phases.filter(([w]) => w === prefix).reduce((t, [, , s]) => t + s, 0);
console.log(
  `coordinator in all: before ${sum('before: coordinator').toFixed(1)} s, after ${sum('after: coordinator').toFixed(1)} s; workers in all (sum): before ${sum('before: workers (sum)').toFixed(1)} s, after ${(sum('after: workers (sum)') + sum('after: each worker')).toFixed(1)} s with one worker`,
);
await db.close();
if (!same) process.exit(1);
