import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { activeKeyId, blindIndex, decryptField, encryptField, keyIdOf, rotateKeys } from './crypto.ts';

describe.each(testDatabases())('field encryption on $name', ({ open }) => {
  it('round-trips any text and never stores it in clear', async () => {
    const db = await open();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), (s) => {
        const enc = encryptField(s, 'persons.given_names_enc')!;
        expect(enc).not.toContain(s.length > 3 ? s : '\u0000');
        expect(decryptField(enc, 'persons.given_names_enc')).toBe(s);
      }),
      { numRuns: 200 },
    );
    await db.close();
  });

  it('binds a value to its column and detects tampering', async () => {
    const db = await open();
    const enc = encryptField('María Guadalupe', 'persons.given_names_enc')!;
    expect(() => decryptField(enc, 'persons.surname_1_enc')).toThrow(/integrity/);
    const c = enc.at(-3);
    const tampered = `${enc.slice(0, -3)}${c === 'A' ? 'B' : 'A'}${enc.slice(-2)}`;
    expect(tampered).not.toBe(enc);
    expect(() => decryptField(tampered, 'persons.given_names_enc')).toThrow();
    expect(encryptField('', 'x')).toBeNull();
    await db.close();
  });

  it('blind indexes are deterministic, normalised and keyed', async () => {
    const db = await open();
    expect(blindIndex('curp', 'gohm800101hdfnrr09')).toBe(blindIndex('curp', ' GOHM800101HDFNRR09 '));
    expect(blindIndex('curp', 'GOHM800101HDFNRR09')).not.toBe(blindIndex('email', 'GOHM800101HDFNRR09'));
    expect(blindIndex('curp', 'GOHM800101HDFNRR09')).toMatch(/^[0-9a-f]{64}$/);
    await db.close();
  });

  it('keys rotate: every *_enc value is re-encrypted under the new key id and still decrypts', async () => {
    const db = await open();
    await db.query('CREATE TABLE rot_test (id int PRIMARY KEY, secret_enc text)');
    for (let i = 0; i < 20; i++)
      await db.query('INSERT INTO rot_test VALUES ($1, $2)', [
        i,
        encryptField(`valor ${i}`, 'rot_test.secret_enc'),
      ]);
    const before = activeKeyId();
    const r = await rotateKeys(db);
    expect(r.newKeyId).not.toBe(before);
    expect(r.columns).toContain('rot_test.secret_enc');
    const { rows } = await db.query<{ id: number; secret_enc: string }>(
      'SELECT id, secret_enc FROM rot_test ORDER BY id',
    );
    for (const row of rows) {
      expect(keyIdOf(row.secret_enc)).toBe(r.newKeyId);
      expect(decryptField(row.secret_enc, 'rot_test.secret_enc')).toBe(`valor ${row.id}`);
    }
    const keys = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM encryption_keys WHERE active');
    expect(keys.rows[0]!.n).toBe(1);
    await db.close();
  });
});

describe('a running server follows a rotation made by another process', () => {
  it('reloads the active key id, and values of the retired key stay readable', async () => {
    const { vi } = await import('vitest');
    const { followKeyRotation } = await import('./crypto.ts');
    const { TEST_MASTER_KEY } = await import('../../test/databases.ts');
    vi.useFakeTimers();
    try {
      const db = await testDatabases()[0]!.open();
      const before = activeKeyId();
      const old = encryptField('Rosa Isela', 'persons.given_names');
      const stop = followKeyRotation(db, TEST_MASTER_KEY, 30);
      // another process rotates: a new active key row (check value computed as rotation does)
      const { createHmac, hkdfSync } = await import('node:crypto');
      const id = 'rotated1';
      const key = Buffer.from(
        hkdfSync('sha256', TEST_MASTER_KEY, Buffer.from('enlace/v1'), Buffer.from(`data-key:${id}`), 32),
      );
      const check = createHmac('sha256', key).update('enlace-key-check').digest('hex').slice(0, 32);
      await db.query('UPDATE encryption_keys SET active = false');
      await db.query('INSERT INTO encryption_keys (id, active, check_value) VALUES ($1, true, $2)', [
        id,
        check,
      ]);
      await vi.advanceTimersByTimeAsync(31_000);
      await vi.waitFor(() => expect(activeKeyId()).toBe(id));
      expect(activeKeyId()).not.toBe(before);
      expect(keyIdOf(encryptField('x', 'persons.given_names')!)).toBe(id);
      expect(decryptField(old, 'persons.given_names')).toBe('Rosa Isela');
      stop();
      await db.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
