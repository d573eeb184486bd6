/**
 * Stateless tokens of the public pages (no cookie, no session, works without JavaScript):
 *
 * - the form token, a hidden field of every form: `<issued ms>.<nonce>.<HMAC>`; a POST without a valid one
 *   younger than FORM_TOKEN_TTL_MS is refused (CSRF defence next to the Origin check; also stops replays of
 *   scraped bodies after a while);
 * - the follow-up access token, given after the folio and key were checked, so that adding information does not
 *   send the key again: `<tip id>.<expires ms>.<HMAC>`, valid ACCESS_TOKEN_TTL_MS;
 * - the rate-limit key: an HMAC of the connection's address, so that not even the in-memory rate-limit store
 *   holds an IP address.
 *
 * Keys are derived from the master key (security/crypto.ts `derivedSecret`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { derivedSecret } from '../security/crypto.ts';

export const FORM_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;
export const ACCESS_TOKEN_TTL_MS = 30 * 60 * 1000;

const mac = (purpose: string, data: string) =>
  createHmac('sha256', derivedSecret(purpose)).update(data).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function formToken(now: number): string {
  const body = `${now}.${randomBytes(9).toString('base64url')}`;
  return `${body}.${mac('public-form-token', body)}`;
}

export function formTokenValid(token: unknown, now: number): boolean {
  if (typeof token !== 'string' || token.length > 200) return false;
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const issued = Number(m[1]);
  if (!(issued <= now + 60_000 && now - issued <= FORM_TOKEN_TTL_MS)) return false;
  return same(m[3]!, mac('public-form-token', `${m[1]}.${m[2]}`));
}

export function accessToken(tipId: string, now: number): string {
  const body = `${tipId}.${now + ACCESS_TOKEN_TTL_MS}`;
  return `${body}.${mac('tip-followup-access', body)}`;
}

/** The tip id an access token grants, or 'expired' / null (forged or malformed). */
export function accessTokenTip(token: unknown, now: number): string | 'expired' | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const m = /^([0-9a-f-]{36})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || !same(m[3]!, mac('tip-followup-access', `${m[1]}.${m[2]}`))) return null;
  return Number(m[2]) < now ? 'expired' : m[1]!;
}

/** The rate-limit store's key for a connection: never the address itself. */
export const rateLimitKey = (ip: string, bucket: string) =>
  mac('public-rate-limit', `${bucket}|${ip}`).slice(0, 22);

/** A follow-up key: 25 characters of a 32-letter alphabet without look-alikes (125 bits), in five groups of five. */
const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newFollowupKey(): string {
  const bytes = randomBytes(25);
  const chars = Array.from(bytes, (b) => KEY_ALPHABET[b & 31]);
  return chars.join('').replace(/(.{5})(?=.)/g, '$1-');
}

/** The key as typed: any case, spaces or dashes anywhere; regrouped in fives. */
export function normaliseFollowupKey(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s\u2010-\u2015-]/g, '')
    .replace(/(.{5})(?=.)/g, '$1-');
}
