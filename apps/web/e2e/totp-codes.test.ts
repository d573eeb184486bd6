// The browser tests' TOTP helper never waits for a fresh 30-second step: it hands out the current step's code,
// then the next step's, both accepted by the server's ±1 step window and never replayed (a clock is injected).
import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret } from '../../server/src/security/totp.ts';
import { totpFor } from './harness.ts';

describe('totpFor (e2e harness)', () => {
  const secret = newTotpSecret();
  const start = Date.UTC(2026, 11, 4, 12, 0, 29, 900); // 100 ms before a step ends

  it('gives two codes in one step without waiting, both accepted by the server in order', async () => {
    const now = start;
    const codes = totpFor(secret, () => now);
    const first = await codes.next();
    const second = await codes.next();
    expect(second).not.toBe(first);
    const s1 = checkTotp(secret, first, -1, now);
    expect(s1).not.toBeNull();
    const s2 = checkTotp(secret, second, s1!, now + 200); // verified in the next step: still in the window
    expect(s2).toBe(s1! + 1);
    await expect(codes.next()).rejects.toThrow(/third code/);
  });

  it('after markUsed (a step used elsewhere) the next code is the next step, accepted at once', async () => {
    const now = start;
    const codes = totpFor(secret, () => now);
    codes.markUsed();
    const used = Math.floor(now / 30_000);
    const code = await codes.next();
    expect(checkTotp(secret, code, used, now)).toBe(used + 1);
  });

  it('a later step needs no bookkeeping: the clock moved on', async () => {
    let now = start;
    const codes = totpFor(secret, () => now);
    await codes.next();
    await codes.next();
    now += 90_000;
    const code = await codes.next();
    expect(checkTotp(secret, code, Math.floor(start / 30_000) + 1, now)).toBe(Math.floor(now / 30_000));
  });
});
