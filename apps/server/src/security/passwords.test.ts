import { describe, expect, it } from 'vitest';
import { ARGON2, hashPassword, useCheapHashesForTests, verifyPassword } from './passwords.ts';

describe('password hashes', () => {
  it('are argon2id with the production parameters (19 MiB, 2 iterations) unless a test asked for cheap ones', async () => {
    expect(ARGON2).toEqual({ algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    useCheapHashesForTests(false);
    try {
      const stored = await hashPassword('caballo correcto batería grapa');
      expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verifyPassword(stored, 'caballo correcto batería grapa')).toBe(true);
      expect(await verifyPassword(stored, 'caballo correcto bateria grapa')).toBe(false);
    } finally {
      useCheapHashesForTests();
    }
  });

  it('made cheaply in tests are still argon2id and verify the same way', async () => {
    useCheapHashesForTests();
    const stored = await hashPassword('caballo correcto batería grapa');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verifyPassword(stored, 'caballo correcto batería grapa')).toBe(true);
    expect(await verifyPassword(stored, 'otra cosa completamente')).toBe(false);
    expect(await verifyPassword('not a hash', 'caballo correcto batería grapa')).toBe(false);
  });
});
