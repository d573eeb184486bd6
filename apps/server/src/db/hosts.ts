/**
 * Multi-host connection strings, as libpq reads them (node-postgres does not):
 *   postgres://user:pass@h1:5432,h2:5433/enlace?target_session_attrs=read-write
 * The hosts are tried in order; `target_session_attrs` says which one to keep:
 * - `read-write` / `primary`: the one that takes writes (after a failover, the promoted standby);
 * - `read-only` / `standby`: a standby only; `prefer-standby`: a standby, else any;
 * - `any` (the default): the first that answers.
 */
export type SessionAttrs = 'any' | 'read-write' | 'primary' | 'read-only' | 'standby' | 'prefer-standby';

export interface HostUrl {
  host: string;
  port: number;
  /** The single-host connection string for this host (the other parameters kept, target_session_attrs dropped). */
  url: string;
}

export interface ParsedUrl {
  hosts: HostUrl[];
  attrs: SessionAttrs;
}

const ATTRS: readonly SessionAttrs[] = [
  'any',
  'read-write',
  'primary',
  'read-only',
  'standby',
  'prefer-standby',
];

/** Splits a connection string with one or several `host[:port]` into one URL per host. */
export function parseMultiHostUrl(url: string): ParsedUrl {
  const m = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/i.exec(url);
  if (!m) throw new Error('DATABASE_URL is not a postgres:// connection string');
  const [, scheme, auth = '', hostList = '', rest = ''] = m;
  const qIndex = rest.indexOf('?');
  const path = qIndex >= 0 ? rest.slice(0, qIndex) : rest;
  const params = new URLSearchParams(qIndex >= 0 ? rest.slice(qIndex + 1) : '');
  const rawAttrs = params.get('target_session_attrs') ?? 'any';
  if (!ATTRS.includes(rawAttrs as SessionAttrs))
    throw new Error(`target_session_attrs must be one of ${ATTRS.join(', ')}`);
  params.delete('target_session_attrs');
  const query = params.toString() ? `?${params.toString()}` : '';
  const hosts = (hostList || 'localhost').split(',').map((h): HostUrl => {
    const hm = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(h.trim());
    if (!hm?.[1]) throw new Error(`DATABASE_URL has a host that is not host[:port]: ${h}`);
    const port = hm[2] ? Number(hm[2]) : 5432;
    return { host: hm[1], port, url: `${scheme}${auth}${hm[1]}:${port}${path}${query}` };
  });
  return { hosts, attrs: rawAttrs as SessionAttrs };
}

/** Whether a server in this recovery state fits what `attrs` asks for (prefer-standby is handled by the caller). */
export function fits(attrs: SessionAttrs, readOnly: boolean): boolean {
  switch (attrs) {
    case 'read-write':
    case 'primary':
      return !readOnly;
    case 'read-only':
    case 'standby':
    case 'prefer-standby':
      return readOnly;
    default:
      return true;
  }
}

/** Node and PostgreSQL errors that mean "this server is gone or not the one to use": try the others. */
export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ENOTFOUND',
      'EAI_AGAIN',
    ].includes(code)
  )
    return true;
  // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08: connection exceptions;
  // 25006 read_only_sql_transaction: the server became (or is) a standby.
  if (/^(57P0[123]|08[0-9A-Z]{3}|25006)$/.test(code)) return true;
  const msg = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|Cannot use a pool after calling end|connection timeout|Client has encountered a connection error|not queryable|server closed the connection/i.test(
    msg,
  );
}
