/**
 * Linkage spread over workers: two `enlace worker` processes on a real PostgreSQL server link 20,000 synthetic
 * persons (a CI-sized set; the 200,000-person run is `npm run bench:linkage-workers`), and the stored links, model
 * and clusters equal those of `relinkAll` in one process. On PGlite the same queue runs in one process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { encodePartPairs } from '@enlace/linkage';
import { syntheticMexican } from '@enlace/linkage/synthetic';
import { describe, expect, it } from 'vitest';
import { createServerDatabase, openTestPglite, TEST_MASTER_KEY } from '../../test/databases.ts';
import { BIN, enlace, until } from '../../test/processes.ts';
import { relinkAll } from '../api/linkage/service.ts';
import { type Db, migrate, openDatabase } from '../db/index.ts';
import { blindIndex, encryptField, initCrypto } from '../security/crypto.ts';
import { startQueue } from './queue.ts';
import * as repo from './repository.ts';
import { comparePartJob, relinkDistributed } from './service.ts';

const ctxOf = (db: Db) => ({ db, actor: { userId: null, agencyId: null } });
/** Yields to the event loop between looks (no wall-clock wait). */
const noWait = () => new Promise<void>((r) => setImmediate(r));

/** `count` synthetic persons (with their corrupted duplicates) over three agencies, fields encrypted as imported. */
async function seedPersons(db: Db, entities: number, seed: number): Promise<number> {
  await db.query(
    `INSERT INTO agencies (id, name, level, kind) VALUES ('fgr', 'Fiscalía', 'federal', 'prosecutor'),
       ('inm', 'Migración', 'federal', 'immigration'), ('refugio', 'Refugio', 'ngo', 'service_provider')`,
  );
  const { records } = syntheticMexican({ entities, seed, duplicateRate: 0.4 });
  const agencies = ['fgr', 'inm', 'refugio'];
  const enc = (col: string, v: string | undefined) => encryptField(v ?? null, `persons.${col}`);
  for (let i = 0; i < records.length; i += 2000) {
    const chunk = records.slice(i, i + 2000);
    const cols: (string | null)[][] = Array.from({ length: 11 }, () => []);
    chunk.forEach((r, k) => {
      const f = r.fields;
      const row = [
        r.id,
        agencies[(i + k) % 3]!,
        enc('given_names', f.given_names),
        enc('surname_1', f.surname_1),
        enc('surname_2', f.surname_2),
        enc('birth_date', f.birth_date),
        f.sex === 'Hombre' ? 'male' : 'female',
        enc('curp', f.curp),
        blindIndex('curp', f.curp),
        enc('phone', f.phone),
        enc('email', f.email),
      ];
      row.forEach((v, c) => {
        cols[c]!.push(v);
      });
    });
    await db.query(
      `INSERT INTO persons (person_id, agency_id, given_names_enc, surname_1_enc, surname_2_enc, birth_date_enc, sex,
         curp_enc, curp_bidx, phone_enc, email_enc, row_hash)
       SELECT *, 'h' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[], $11::text[])`,
      cols,
    );
  }
  // a referral: the pair prior must be applied the same way by the workers' run
  await db.query(
    `INSERT INTO referrals (referral_id, person_id, from_agency_id, to_agency_id, date, status, row_hash)
     SELECT 'r-' || person_id, person_id, agency_id, CASE agency_id WHEN 'refugio' THEN 'fgr' ELSE 'refugio' END,
            '2024-01-01', 'accepted', 'h'
       FROM persons ORDER BY person_id COLLATE "C" LIMIT 50`,
  );
  return records.length;
}

interface Snapshot {
  links: string[];
  model: unknown;
  /** Each person's cluster, named by its smallest person id (clusters of the links that join persons). */
  clusters: Map<string, string>;
  keys: string;
}

async function snapshot(db: Db): Promise<Snapshot> {
  const { rows } = await db.query<{ person_a: string; person_b: string; probability: number }>(
    'SELECT person_a, person_b, probability FROM person_links ORDER BY person_a COLLATE "C", person_b COLLATE "C"',
  );
  const { rows: m } = await db.query<{ model: unknown }>(
    'SELECT model FROM linkage_models ORDER BY id DESC LIMIT 1',
  );
  // every person's blocking keys, not only their number (the workers write them, shard by shard)
  const { rows: k } = await db.query<{ n: number; digest: string }>(
    `SELECT count(*)::int AS n,
            coalesce(md5(string_agg(person_id || '|' || key_bidx, ',' ORDER BY person_id COLLATE "C", key_bidx COLLATE "C")), '') AS digest
       FROM person_link_keys`,
  );
  const { rows: ids } = await db.query<{ person_id: string }>('SELECT person_id FROM persons');
  // union-find over links at or above 0.5 (as enlace link and the figures count them)
  const parent = new Map(ids.map((r) => [r.person_id, r.person_id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const l of rows)
    if (l.probability >= 0.5) {
      const [a, b] = [find(l.person_a), find(l.person_b)];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  const smallest = new Map<string, string>();
  for (const id of parent.keys()) {
    const r = find(id);
    if (!smallest.has(r) || id < smallest.get(r)!) smallest.set(r, id);
  }
  const clusters = new Map([...parent.keys()].map((id) => [id, smallest.get(find(id))!]));
  const model = typeof m[0]?.model === 'string' ? JSON.parse(m[0].model) : m[0]?.model;
  return {
    links: rows.map((r) => `${r.person_a}|${r.person_b}|${r.probability}`),
    model,
    clusters,
    keys: `${k[0]!.n} keys, md5 ${k[0]!.digest}`,
  };
}

async function forgetLinkage(db: Db): Promise<void> {
  await db.query('DELETE FROM person_links');
  await db.query('DELETE FROM person_link_keys');
}

function expectSame(a: Snapshot, b: Snapshot): void {
  expect(b.model).toEqual(a.model);
  expect(b.links.length).toBe(a.links.length);
  expect(b.links).toEqual(a.links);
  expect(b.keys).toBe(a.keys);
  expect(b.clusters).toEqual(a.clusters);
}

interface Worker {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function startWorker(url: string): Worker {
  const child = spawn(process.execPath, [BIN, 'worker', '--poll', '0.1'], {
    env: { ...process.env, DATABASE_URL: url, ENLACE_MASTER_KEY: TEST_MASTER_KEY.toString('hex') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
  });
  child.stderr!.on('data', (d) => {
    out += String(d);
  });
  return { child, out: () => out, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

describe('linkage over several workers', () => {
  it('PostgreSQL server: two `enlace worker` processes link 20,000 persons into the same links and clusters as one process', async () => {
    const { url } = await createServerDatabase(undefined, { migrated: true });
    const db = await openDatabase({ url, max: 4 });
    try {
      await migrate(db);
      await initCrypto(db, TEST_MASTER_KEY);
      const n = await seedPersons(db, 14_300, 2026);
      expect(n).toBeGreaterThanOrEqual(19_000);
      expect(n).toBeLessThanOrEqual(21_000);

      const one = await relinkAll(ctxOf(db));
      expect(one).not.toBeNull();
      const single = await snapshot(db);
      expect(single.links.length).toBeGreaterThan(3000);
      await forgetLinkage(db);

      const workers = [startWorker(url), startWorker(url)];
      try {
        // both workers are up and polling before the jobs are queued (so that each takes a share)
        // (a busy CI machine starts a TypeScript process slowly: a generous bound; a worker that exits instead
        // fails at once with what it printed)
        for (const w of workers) {
          let exited: unknown;
          void w.exited.then((code) => {
            exited = code;
          });
          await until(
            () => {
              if (exited !== undefined)
                throw new Error(`a worker exited (${exited}) before polling:\n${w.out()}`);
              return w.out().includes('waiting for linkage jobs') || undefined;
            },
            'a worker to start',
            240_000,
          ).catch((e: Error) => {
            throw new Error(`${e.message}\n${w.out().slice(-2000)}`);
          });
        }
        const boss = await startQueue(db, { supervise: false });
        const stages: string[] = [];
        const res = await relinkDistributed(ctxOf(db), {
          boss,
          parts: 24,
          shardSize: 1000,
          pollMs: 50,
          onProgress: (p) => stages.push(`${p.stage}:${p.partsDone}/${p.parts}:${p.shardsDone}/${p.shards}`),
        });
        await boss.stop({ graceful: false, wait: true, close: false });
        expect(res).not.toBeNull();
        expect(res!.parts).toBe(24);
        expect(res!.shards).toBe(Math.ceil(n / 1000));
        expect(res!.partsHere).toBe(0);
        expect(res!.links).toBe(one!.links);
        // the keys were forgotten: every one written by the workers, none to remove
        expect(res!.keysRemoved).toBe(0);
        expect(`${res!.keysAdded} keys`).toBe(single.keys.split(',')[0]);
        // the workers read every shard first; then the coordinator blocks their snapshots (the workers write the
        // shards' keys meanwhile: some may be written already) and they compare
        expect(stages[0]).toBe(`reading:0/0:0/${res!.shards}`);
        const planning = stages.findIndex((x) => x.startsWith('planning:0/0:'));
        expect(planning, stages.join(' ')).toBeGreaterThan(0);
        expect(stages.slice(0, planning).every((x) => x.startsWith('reading:'))).toBe(true);
        expect(planning).toBeLessThan(stages.findIndex((x) => x.startsWith('comparing')));
        expect(stages).toContain(`comparing:24/24:${res!.shards}/${res!.shards}`);
        expect(stages.at(-1)).toBe(`finishing:24/24:${res!.shards}/${res!.shards}`);
        expectSame(single, await snapshot(db));

        // the run is recorded; its parts (personal data) are gone
        const { rows: runs } = await db.query<{
          status: string;
          links: number;
          parts: number;
          shards: number;
        }>('SELECT status, links, parts, shards FROM linkage_runs');
        expect(runs).toEqual([{ status: 'done', links: one!.links, parts: 24, shards: res!.shards }]);
        const { rows: left } = await db.query<{ n: number }>(
          'SELECT (SELECT count(*) FROM linkage_run_parts) + (SELECT count(*) FROM linkage_run_shards) AS n',
        );
        expect(Number(left[0]!.n)).toBe(0);
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
      }
      // each worker stops after its part in hand and says what it did; together they compared every part
      const counts: number[] = [];
      const shardCounts: number[] = [];
      for (const w of workers) {
        expect(await w.exited).toBe(0);
        const m = /compared (\d+) part\(s\), \d+ pair\(s\); indexed (\d+) shard\(s\)/.exec(w.out());
        expect(m, w.out()).not.toBeNull();
        counts.push(Number(m![1]));
        shardCounts.push(Number(m![2]));
      }
      expect(counts[0]! + counts[1]!).toBe(24);
      // the parts carried only pairs: each worker read the run's records from the shards' snapshots, once
      for (const w of workers) {
        const reads = [...w.out().matchAll(/run \d+: the records of (\d+) persons read and prepared/g)];
        expect(reads.length, w.out()).toBe(1);
        expect(Number(reads[0]![1])).toBe(n);
      }
      expect(counts.every((c) => c > 0)).toBe(true);
      expect(shardCounts[0]! + shardCounts[1]!).toBe(Math.ceil(n / 1000));
      expect(shardCounts.every((c) => c > 0)).toBe(true);

      // the workers' audit entries: what they read, for which run
      const { rows: audits } = await db.query<{ action: string; n: number }>(
        "SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('linkage_compare', 'linkage_index', 'linkage_read') GROUP BY action ORDER BY action",
      );
      expect(audits).toEqual([
        { action: 'linkage_compare', n: 24 },
        { action: 'linkage_index', n: Math.ceil(n / 1000) },
        { action: 'linkage_read', n: Math.ceil(n / 1000) },
      ]);
      // every shard read once, by one worker or the other (persons read, snapshot stored)
      const reads = workers.map((w) => [...w.out().matchAll(/shard \d+: \d+ persons read in/g)].length);
      expect(reads[0]! + reads[1]!).toBe(Math.ceil(n / 1000));
    } finally {
      await db.close();
    }
  }, 900_000);

  it('PGlite: the same queue in one process (the coordinator takes the jobs itself), the same result', async () => {
    const db = await openTestPglite();
    try {
      await migrate(db);
      await initCrypto(db, TEST_MASTER_KEY);
      await seedPersons(db, 1_500, 7);
      await relinkAll(ctxOf(db));
      const single = await snapshot(db);
      await forgetLinkage(db);
      const boss = await startQueue(db, { supervise: false });
      const res = await relinkDistributed(ctxOf(db), {
        boss,
        parts: 5,
        work: true,
        pollMs: 0,
        sleep: noWait,
      });
      expect(res!.partsHere).toBe(5);
      expectSame(single, await snapshot(db));

      // again, with the keys in place: nothing to write; a key no longer derived (a stale one) is removed
      const { rows: some } = await db.query<{ person_id: string }>(
        'SELECT person_id FROM persons ORDER BY person_id COLLATE "C" LIMIT 1',
      );
      await db.query("INSERT INTO person_link_keys (person_id, key_bidx) VALUES ($1, 'stale')", [
        some[0]!.person_id,
      ]);
      const again = await relinkDistributed(ctxOf(db), {
        boss,
        parts: 3,
        shardSize: 400,
        work: true,
        pollMs: 0,
        sleep: noWait,
      });
      await boss.stop({ graceful: false, wait: true, close: false });
      expect(again).toMatchObject({ keysAdded: 0, keysRemoved: 1, links: res!.links });
      expect(again!.shards).toBe(Math.ceil(again!.persons / 400));
      expectSame(single, await snapshot(db));

      // a worker running other linkage code (a machine not upgraded yet) refuses a run's parts
      const runId = await repo.insertRun(db, {
        persons: 2,
        pairs: 1,
        parts: 1,
        comparisons: ['given_names'],
        termFrequencies: false,
        code: 'another-version',
      });
      await repo.insertParts(db, runId, [
        {
          part: 0,
          recordsEnc: encryptField(
            '[{"given_names":"Ana"},{"given_names":"Ana"}]',
            'linkage_run_parts.records_enc',
          )!,
          pairs: encodePartPairs({
            left: Uint32Array.of(0),
            right: Uint32Array.of(1),
            tf: new Float32Array(0),
          }),
          pairCount: 1,
        },
      ]);
      await expect(comparePartJob(ctxOf(db), { runId, part: 0 }, 'test')).rejects.toThrow(
        /other linkage code/,
      );
      expect((await repo.progress(db, runId)).done).toBe(0);
    } finally {
      await db.close();
    }
  }, 300_000);

  it('without a database server, `enlace worker` and `enlace link --distributed` say why they cannot spread', async () => {
    const { existsSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const env = { ENLACE_DATA_DIR: mkdtempSync(join(tmpdir(), 'enlace-worker-')), DATABASE_URL: '' };
    const w = await enlace(['worker'], env);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('needs a PostgreSQL server');
    const l = await enlace(['link', '--distributed'], env);
    expect(l.code).toBe(2);
    expect(l.stderr).toContain('needs a PostgreSQL server');
    const f = await enlace(['link', '--distributed', '--left', 'x.csv'], env);
    expect(f.code).not.toBe(0);
    expect(f.stderr).toContain('give no files');
    // refused before the database is opened: no embedded database was made for nothing
    expect(existsSync(join(env.ENLACE_DATA_DIR, 'pgdata'))).toBe(false);
  }, 120_000);
});
