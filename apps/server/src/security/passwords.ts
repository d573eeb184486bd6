import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** argon2id with OWASP's recommended minimum parameters (19 MiB, 2 iterations). */
export const ARGON2: Readonly<{ algorithm: 2; memoryCost: number; timeCost: number; parallelism: number }> =
  Object.freeze({
    algorithm: 2,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });

/** The parameters new hashes use: ARGON2, except in tests that asked for a cheaper cost. */
let params: typeof ARGON2 = ARGON2;

/**
 * Tests only (apps/server/test/databases.ts): new hashes use argon2id at its lowest sensible cost (1 MiB, one
 * iteration, ~2 ms of CPU instead of ~17 ms) for the thousands of accounts the test suite creates. Verification
 * reads the parameters from each stored hash, so nothing else changes; passwords.test.ts checks that the
 * production parameters are ARGON2 and that a hash made with them says so. Never called by the application.
 */
export function useCheapHashesForTests(on = true): void {
  params = on ? Object.freeze({ ...ARGON2, memoryCost: 1024, timeCost: 1 }) : ARGON2;
}

export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'repetitive';

/** Checks a new password against the policy: length, the bundled common-passwords list, repetition. */
export function passwordProblem(password: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > 256) return 'too_long';
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const stripped = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (list.has(lower) || (stripped.length > 0 && list.has(stripped) && stripped.length >= lower.length - 6))
    return 'common';
  if (new Set(lower).size < 5) return 'repetitive';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal accounts. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-enlace');
  return dummy;
}
