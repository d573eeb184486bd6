import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { columnAad, decryptField, encryptField } from '../security/crypto.ts';
import type { App } from './context.ts';

/**
 * Idempotency keys for writes (`Idempotency-Key` request header, any POST/PUT/PATCH/DELETE).
 *
 * A write whose answer was lost — the connection broke during COMMIT, the primary failed over — may or may not
 * have been applied. The client sends it again with the same key; the server then answers with the stored
 * result instead of applying it a second time. The key is recorded in the same transaction as the write (the
 * first transaction the request opens), with the transaction's result and the status the route set; the exact
 * response body replaces it once sent. A repeat that arrives while the first is still running waits for it on
 * the key's row and is answered 409 `idempotency_key_in_use` (send it again a moment later). The same key with
 * another request (other route or body) is refused with 422. Keys are kept 24 hours.
 */

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const KEEP_HOURS = 24;

interface KeyState {
  principal: string;
  key: string;
  method: string;
  route: string;
  requestHash: string;
  recorded: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: KeyState;
  }
}

interface StoredKey {
  method: string;
  route: string;
  request_hash: string;
  result_enc: string | null;
  status: number | null;
  response_enc: string | null;
}

// Results and answers may hold personal data: encrypted, bound to their column.
const RESULT_AAD = columnAad('idempotency_keys', 'result_enc');
const RESPONSE_AAD = columnAad('idempotency_keys', 'response_enc');
const seal = (text: string | null, aad: string) => (text === null ? null : encryptField(text, aad));

/** Routes whose answers carry secrets or set cookies (sign-in, MFA): never stored, never replayed. */
const NOT_STORED = /^\/api\/auth\//;

function requestHash(req: FastifyRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([req.params ?? null, req.query ?? null, req.body ?? null]))
    .digest('hex');
}

function jsonOrNull(v: unknown): string | null {
  try {
    return v === undefined ? null : JSON.stringify(v);
  } catch {
    return null;
  }
}

let recordedSinceSweep = 0;

/** The request's database, with the key inserted in the first transaction it commits. */
function guardedDb(base: Db, state: KeyState, reply: FastifyReply): Db {
  return {
    ...base,
    kind: base.kind,
    query: base.query.bind(base),
    exec: base.exec.bind(base),
    close: base.close.bind(base),
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (state.recorded) return base.transaction(fn);
      let mine = false;
      const result = await base.transaction(async (tx) => {
        mine = false;
        const r = await fn(tx);
        if (!state.recorded) {
          const ins = await tx.query(
            `INSERT INTO idempotency_keys (principal, key, method, route, request_hash, result_enc, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (principal, key) DO NOTHING`,
            [
              state.principal,
              state.key,
              state.method,
              state.route,
              state.requestHash,
              seal(jsonOrNull(r), RESULT_AAD),
              reply.statusCode >= 200 && reply.statusCode < 300 ? reply.statusCode : 200,
            ],
          );
          if (ins.rowCount === 0) throw inUse();
          mine = true;
        }
        return r;
      });
      if (mine) state.recorded = true;
      return result;
    },
  };
}

const inUse = () =>
  new AppError(
    'idempotency_key_in_use',
    'A request with this Idempotency-Key is being handled or was just handled: send it again in a moment to get its answer.',
    { status: 409 },
  );

export function registerIdempotency(app: App, db: Db): void {
  app.addHook('preHandler', async (req, reply) => {
    if (SAFE.has(req.method)) return;
    const raw = req.headers['idempotency-key'];
    if (raw === undefined || NOT_STORED.test(req.routeOptions.url ?? req.url)) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new AppError(
        'idempotency_key_invalid',
        'The Idempotency-Key header must be 8 to 200 letters, digits or . _ : - (a random UUID)',
        { status: 400 },
      );
    }
    const state: KeyState = {
      principal: req.ctx?.user?.id ?? 'public',
      key,
      method: req.method,
      route: req.routeOptions.url ?? req.url,
      requestHash: requestHash(req),
      recorded: false,
    };
    const found = await db.query<StoredKey>(
      `SELECT method, route, request_hash, result_enc, status, response_enc FROM idempotency_keys
        WHERE principal = $1 AND key = $2`,
      [state.principal, key],
    );
    const row = found.rows[0];
    if (row) {
      if (
        row.method !== state.method ||
        row.route !== state.route ||
        row.request_hash !== state.requestHash
      ) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for another request: use a new key for a new request.',
          { status: 422 },
        );
      }
      reply.header('idempotent-replayed', 'true');
      if (row.response_enc !== null) {
        return reply
          .code(row.status ?? 200)
          .type('application/json; charset=utf-8')
          .send(decryptField(row.response_enc, RESPONSE_AAD));
      }
      const result = decryptField(row.result_enc, RESULT_AAD);
      return reply.code(row.status ?? 200).send(result === null ? {} : JSON.parse(result));
    }
    req.idempotency = state;
    if (req.ctx) req.ctx.db = guardedDb(req.ctx.db, state, reply);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const state = req.idempotency;
    if (!state || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    const response = typeof payload === 'string' ? payload : null;
    try {
      if (state.recorded) {
        await db.query(
          'UPDATE idempotency_keys SET status = $3, response_enc = $4 WHERE principal = $1 AND key = $2',
          [state.principal, state.key, reply.statusCode, seal(response, RESPONSE_AAD)],
        );
      } else {
        // The route wrote without a transaction of its own: the key is recorded with its answer, right after.
        await db.query(
          `INSERT INTO idempotency_keys (principal, key, method, route, request_hash, status, response_enc)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (principal, key) DO NOTHING`,
          [
            state.principal,
            state.key,
            state.method,
            state.route,
            state.requestHash,
            reply.statusCode,
            seal(response, RESPONSE_AAD),
          ],
        );
      }
      if (++recordedSinceSweep >= 500) {
        recordedSinceSweep = 0;
        await db.query(
          `DELETE FROM idempotency_keys WHERE created_at < now() - interval '${KEEP_HOURS} hours'`,
        );
      }
    } catch {
      // The write is committed with its key and result; a repeat gets the stored result.
    }
    return payload;
  });
}
