import type { ErrorBody } from './types.ts';

/** An API failure: `code` is the server's stable error code (or `network_error` / `server_error`). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: readonly unknown[];

  constructor(code: string, message: string, status: number, details: readonly unknown[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remember the CSRF token from a login or session response; sent on every mutating request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request other than the session probe gets 401 (the session expired). */
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

function isErrorBody(v: unknown): v is ErrorBody {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

export type Query = Record<string, string | number | undefined | null>;

/** Builds `/api/path?x=1` leaving out empty values. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat 401 as "session expired" (login and the session probe). */
  expect401?: boolean;
  /** Extra request headers (e.g. the break-glass `x-enlace-justification`). */
  headers?: Record<string, string>;
}

/**
 * How long to wait before each new attempt of a write whose answer was lost (network error) or that found the
 * database failing over (503 database_unavailable / database_outcome_unknown): about 30 s in all. The same
 * `Idempotency-Key` goes with every attempt, so the server applies the write once and answers a repeat with
 * the stored result. Tests set it to [] or to zeros.
 */
let retryDelaysMs: readonly number[] = [500, 1000, 2000, 4000, 8000, 15000];
export function setWriteRetryDelays(delays: readonly number[]): void {
  retryDelaysMs = delays;
}

const RETRYABLE_CODES = new Set(['network_error', 'database_unavailable', 'database_outcome_unknown']);

function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  if (method === 'GET' || method === 'HEAD') return attempt<T>(method, path, opts);
  const key = opts.headers?.['idempotency-key'] ?? newIdempotencyKey();
  const withKey = { ...opts, headers: { ...opts.headers, 'idempotency-key': key } };
  for (let i = 0; ; i++) {
    try {
      return await attempt<T>(method, path, withKey);
    } catch (err) {
      const delay = retryDelaysMs[i];
      if (!(err instanceof ApiError) || !RETRYABLE_CODES.has(err.code) || delay === undefined) throw err;
      await new Promise((r) => setTimeout(r, delay));
      if (opts.signal?.aborted) throw err;
    }
  }
}

async function attempt<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...opts.headers, accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('network_error', 'The server could not be reached', 0);
  }
  if (res.status === 204) return undefined as T;
  let payload: unknown = null;
  const text = await res.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!res.ok) {
    if (isErrorBody(payload)) {
      if (res.status === 401 && payload.error.code === 'unauthenticated' && !opts.expect401)
        onUnauthenticated?.();
      throw new ApiError(payload.error.code, payload.error.message, res.status, payload.error.details ?? []);
    }
    throw new ApiError('server_error', `HTTP ${res.status}`, res.status);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...opts, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    request<T>('PUT', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    request<T>('PATCH', path, { ...opts, body: body ?? {} }),
  delete: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, opts),
};
