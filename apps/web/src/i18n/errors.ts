import type { i18n as I18n } from 'i18next';
import { ApiError } from '../api/client.ts';

/** Seconds to wait, from `error.details[0]` (`{ retryAfterSeconds }` or a bare number), if the server sent it. */
export function retryAfterSeconds(details: readonly unknown[]): number | null {
  const d = details[0];
  if (typeof d === 'number' && Number.isFinite(d)) return d;
  if (typeof d === 'object' && d !== null && 'retryAfterSeconds' in d) {
    const v = (d as { retryAfterSeconds: unknown }).retryAfterSeconds;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/**
 * The message to show for a failed request: the catalog's `errors.<code>` when it exists,
 * else the server's own message, else a generic one. Adds "try again in N minutes" when known.
 */
export function errorMessage(i18n: Pick<I18n, 't' | 'exists'>, err: unknown): string {
  if (!(err instanceof ApiError)) return i18n.t('errors.unknown');
  const key = `errors.${err.code}`;
  let msg = i18n.exists(key) ? i18n.t(key) : err.message || i18n.t('errors.unknown');
  const wait = retryAfterSeconds(err.details);
  if (wait !== null && wait > 0) {
    msg += ` ${i18n.t('errors.retryAfter', { minutes: Math.max(1, Math.ceil(wait / 60)) })}`;
  }
  return msg;
}
