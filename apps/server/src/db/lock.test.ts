import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { folderLockOwner, LOCK_FILE } from './lock.ts';

/**
 * The folder lock file is read with its Zod schema: the owner's pid and host are required, the descriptive
 * fields default when an older or damaged file lacks them, and anything else reads as "no owner", never an
 * exception. (Locking itself, across processes: apps/server/test/folder-lock.test.ts.)
 */
const dir = mkdtempSync(join(tmpdir(), 'enlace-lockfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const withFile = (text: string) => {
  writeFileSync(join(dir, LOCK_FILE), text);
  return folderLockOwner(dir);
};

describe('folder lock file', () => {
  it('a complete file reads as written', () => {
    const owner = {
      pid: 4242,
      host: hostname(),
      command: 'enlace serve',
      startedAt: '2026-12-05T07:00:00.000Z',
      procStart: '123456',
      token: 'abc',
    };
    expect(withFile(JSON.stringify(owner))).toEqual(owner);
  });

  it('descriptive fields default; without a pid or a host there is no owner', () => {
    expect(withFile(JSON.stringify({ pid: 7, host: 'h' }))).toEqual({
      pid: 7,
      host: 'h',
      command: 'unknown command',
      startedAt: 'unknown time',
      procStart: null,
      token: '',
    });
    expect(withFile(JSON.stringify({ host: 'h' }))).toBeUndefined();
    expect(withFile(JSON.stringify({ pid: '7', host: 'h' }))).toBeUndefined();
    expect(withFile('{"pid": 7,')).toBeUndefined();
  });

  it('any JSON value gives an owner or none, never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        for (const text of [
          JSON.stringify(a) ?? 'null',
          JSON.stringify({ pid: 1, host: 'h', procStart: a, command: b }),
        ]) {
          const owner = withFile(text);
          if (owner) expect(typeof owner.pid === 'number' && typeof owner.command === 'string').toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});
