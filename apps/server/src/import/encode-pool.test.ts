import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CellValue, demoFolder, FILES, memorySource, type RecordKind } from '@enlace/core';
import { generateRows } from '@enlace/core/exchange/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { decryptField } from '../security/crypto.ts';
import { encodeBatch } from './encode.ts';
import { EncodePool } from './encode-pool.ts';
import { exportFolder, type ImportStats, importFolder } from './engine.ts';
import { TABLES } from './tables.ts';

const actor = { userId: null, agencyId: null };

/** The columns with every ciphertext replaced by its plaintext (ciphertexts differ: each has a fresh nonce). */
function opened(kind: RecordKind, cols: unknown[][]): unknown[][] {
  const t = TABLES[kind];
  return cols.map((col, k) => {
    const name = t.columns[k]?.name;
    if (!name?.endsWith('_enc')) return col;
    return col.map((v) => {
      if (v === null) return null;
      expect(v).toMatch(/^e1\.[^.]+\.[A-Za-z0-9_-]+$/);
      return decryptField(v as string, `${t.table}.${name.slice(0, -4)}`);
    });
  });
}

describe.each(testDatabases())('import encoding thread on $name', ({ name, open }) => {
  let db: Db;
  let tmp: string;
  beforeAll(async () => {
    db = await open();
    tmp = await mkdtemp(join(tmpdir(), 'enlace-encode-'));
  });
  afterAll(async () => {
    await db?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it.runIf(name === 'pglite')(
    'property: the thread encodes any valid rows as this thread does (same values, hashes, plaintexts)',
    async () => {
      const pool = new EncodePool();
      try {
        await fc.assert(
          fc.asyncProperty(fc.gen(), async (g) => {
            const rows = generateRows(g, 6);
            for (const def of FILES) {
              const list = rows[def.kind] as CellValue[][];
              if (!list.length) continue;
              const here = encodeBatch(def.kind, list);
              const there = await pool.encode(def.kind, list);
              expect(opened(def.kind, there)).toEqual(opened(def.kind, here));
            }
          }),
          { numRuns: 40 },
        );
        expect(pool.encodedByThread).toBeGreaterThan(0);
      } finally {
        await pool.close();
      }
    },
    300_000,
  );

  it('an import encoded on the thread stores what one encoded here stores; all or nothing; again changes nothing', async () => {
    const demo = demoFolder({ scale: 0.05, seed: 3 });
    const run = async (encodeThread: boolean) => {
      const target = await open();
      const stats: ImportStats = { encryptCpuSeconds: 0, writeWaitSeconds: 0 };
      const first = await importFolder({ db: target, actor }, memorySource(demo), {
        encodeThread,
        batchSize: 50,
        stats,
      });
      const dir = join(tmp, `${name}-${encodeThread}`);
      await exportFolder({ db: target, actor }, dir);
      const folder: Record<string, string> = {};
      for (const f of (await readdir(dir)).sort()) folder[f] = await readFile(join(dir, f), 'utf8');
      const hashes = await target.query<{ h: string }>(
        `SELECT string_agg(person_id || ':' || row_hash || ':' || coalesce(curp_bidx, '-') || ':' || coalesce(birth_year::text, '-'), ',' ORDER BY person_id) AS h FROM persons`,
      );
      const again = await importFolder({ db: target, actor }, memorySource(demo), {
        encodeThread,
        batchSize: 50,
      });
      return { target, first, stats, folder, hashes: hashes.rows[0]!.h, again };
    };
    const thread = await run(true);
    const here = await run(false);
    expect(thread.first.ok).toBe(true);
    expect(thread.stats.encodedOnThread).toBeGreaterThan(0);
    expect(here.stats.encodedOnThread).toBeUndefined();
    expect(thread.first.files).toEqual(here.first.files);
    expect(thread.folder).toEqual(here.folder);
    expect(thread.hashes).toEqual(here.hashes);
    expect(
      thread.again.files.every((f) => f.unchanged === f.rows && f.inserted === 0 && f.updated === 0),
    ).toBe(true);

    // a bad cell late in a file: refused at its line, nothing of the import stays (one transaction)
    const fresh = await open();
    const bad = { ...demo };
    const lines = bad['identifications.csv']!.split('\r\n');
    const at = lines.length - 3;
    lines[at] = lines[at]!.replace(/,(\d{4}-\d{2}-\d{2}),/, ',2023-13-45,');
    bad['identifications.csv'] = lines.join('\r\n');
    const refused = await importFolder({ db: fresh, actor }, memorySource(bad), {
      encodeThread: true,
      batchSize: 50,
    });
    expect(refused.ok).toBe(false);
    expect(refused.errors[0]).toMatchObject({ file: 'identifications.csv', line: at + 1 });
    const n = await fresh.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
    expect(n.rows[0]!.n).toBe(0);
    await Promise.all([thread.target.close(), here.target.close(), fresh.close()]);
  }, 300_000);
});
