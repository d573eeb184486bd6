/**
 * Wire types of the server API, taken from the server's own Zod schemas: `openapi.gen.ts` is generated from
 * the server's OpenAPI document (`npm run api:types`, scripts/api-types.ts) and checked by
 * apps/server/test/web-contract.test.ts, which fails when it differs from what the schemas give.
 * This file names the types the pages use; it writes none by hand. Shared lists come from @enlace/core.
 */
import type { components, paths } from './openapi.gen.ts';

export { LOCALES, type Locale, ROLES, type Role } from '@enlace/core/roles';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The JSON body of the success answer (200 or 201) of `M P`, e.g. `ApiResponse<'/api/users/{id}'>`. */
export type ApiResponse<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer A }
      ? Json<A>
      : R extends { 201: infer A }
        ? Json<A>
        : never
    : never;

/** The JSON body `M P` takes. */
export type ApiBody<P extends keyof paths, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The query string `GET P` takes. */
export type ApiQuery<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export interface Page<T> {
  items: T[];
  total: number;
}

export type SessionResponse = ApiResponse<'/api/auth/session'>;
export type SessionUser = SessionResponse['user'];
/** `password`: signed in with a temporary password that must be replaced first. */
export type MfaState = SessionResponse['mfa'];
export type LoginResponse = ApiResponse<'/api/auth/login', 'post'>;
export type MfaSetupResponse = ApiResponse<'/api/auth/mfa/setup', 'post'>;
export type MfaEnableResponse = ApiResponse<'/api/auth/mfa/enable', 'post'>;

export type Agency = ApiResponse<'/api/agencies'>['items'][number];
export type AuditEntry = ApiResponse<'/api/audit'>['items'][number];
export type AuditVerifyResponse = ApiResponse<'/api/audit/verify', 'post'>;

/** `GET /api/auth/account`: the signed-in person's own account. */
export type Account = ApiResponse<'/api/auth/account'>;
/** `GET /api/users` items (apps/server/src/api/users/schema.ts). */
export type UserAccount = ApiResponse<'/api/users'>['items'][number];

/**
 * A wire format no single route declares, published by the server as an OpenAPI component
 * (apps/server/src/http/components.ts), e.g. `ApiSchema<'ErrorBody'>`.
 */
export type ApiSchema<N extends keyof components['schemas']> = components['schemas'][N];

/** The error body of every failed request (apps/server/src/http/app.ts `errorBody`). */
export type ErrorBody = ApiSchema<'ErrorBody'>;

/** An insider-threat alert (GET /api/alerts): ids and counts only, plus the reason typed at a break-glass read. */
export type InsiderAlert = ApiResponse<'/api/alerts'>['items'][number];
