import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { parseCheckpoint, readCheckpointFile, writeCheckpoint } from './checkpoint.ts';
import { audit } from './service.ts';

/**
 * An audit checkpoint file is read with its Zod schema: what `writeCheckpoint` writes reads back, anything
 * else (not JSON, a field missing or of the wrong kind, a JSON value that is no object) is `unreadable` with
 * the field named, never an exception, and a changed value is `not_authentic`.
 */
const pglite = testDatabases().find((d) => d.name === 'pglite')!;

describe('audit checkpoint file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'enlace-checkpoint-unit-'));
  const file = join(dir, 'audit-checkpoint.json');
  let db: Db;
  let written: Record<string, unknown>;

  beforeAll(async () => {
    db = await pglite.open();
    const ctx = { db, actor: { userId: null, agencyId: null } };
    for (let i = 0; i < 3; i++)
      await audit(ctx, { action: 'read', resource: 'persons', resourceId: `p-${i}` });
    expect((await writeCheckpoint(db, file)).status).toBe('written');
    written = JSON.parse(readFileSync(file, 'utf8'));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('what writeCheckpoint writes reads back, authentic', () => {
    const read = readCheckpointFile(file);
    expect(read).toEqual({ ok: true, checkpoint: written });
    expect(read.ok && read.checkpoint.n).toBe(1);
  });

  it('a missing field or one of the wrong kind is unreadable, naming the field', () => {
    const { seq: _seq, ...noSeq } = written;
    expect(parseCheckpoint(JSON.stringify(noSeq))).toMatchObject({
      ok: false,
      problem: 'unreadable',
      message: expect.stringContaining('seq'),
    });
    expect(parseCheckpoint(JSON.stringify({ ...written, hash: 'xyz' }))).toMatchObject({
      ok: false,
      problem: 'unreadable',
      message: expect.stringContaining('hash'),
    });
    expect(parseCheckpoint('{')).toMatchObject({ ok: false, problem: 'unreadable' });
    expect(parseCheckpoint('null')).toMatchObject({ ok: false, problem: 'unreadable' });
  });

  it('a changed value is not authentic', () => {
    const seq = written.seq as number;
    expect(parseCheckpoint(JSON.stringify({ ...written, seq: seq + 1 }))).toMatchObject({
      ok: false,
      problem: 'not_authentic',
    });
  });

  it('any JSON text, or any field replaced by any JSON value, gives an answer and never throws', () => {
    const keys = Object.keys(written);
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...keys), (value, key) => {
        for (const text of [JSON.stringify(value) ?? 'null', JSON.stringify({ ...written, [key]: value })]) {
          const r = parseCheckpoint(text);
          if (r.ok) expect(r.checkpoint).toEqual(written);
          else expect(['unreadable', 'not_authentic']).toContain(r.problem);
        }
      }),
    );
  });

  it('writing over a file that is not a checkpoint is refused, and the file is left as it was', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"v": 1, "n": "one"}\n');
    const r = await writeCheckpoint(db, other);
    expect(r.status).toBe('refused');
    expect(readFileSync(other, 'utf8')).toBe('{"v": 1, "n": "one"}\n');
  });
});
