import type { Locale } from '@enlace/core/roles';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuditContext } from '../audit/service.ts';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { Permission, Role } from '../security/permissions.ts';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string;
  agencyName: string;
  agencyLevel: string;
  agencyKind: string;
  stateCode: string | null;
  locale: Locale;
}

export interface SessionInfo {
  id: string;
  csrfToken: string;
  /** `password`: signed in with a temporary password; only the password change is allowed. */
  mfaState: 'ok' | 'verify' | 'enrol' | 'password';
}

/** What every handler gets: the database, who is acting, and their session. */
export interface RequestContext extends AuditContext {
  db: Db;
  /**
   * For the heavy read-only queries of analysts (dashboard, report, publication): a standby when
   * DATABASE_READ_URL is set, else `db`. Case work never uses it: it reads its own writes from the primary.
   */
  readDb?: Db;
  user: SessionUser | null;
  session: SessionInfo | null;
  config: ServerConfig;
  /** Break-glass reason from the `x-enlace-justification` header (percent-encoded UTF-8), if sent. */
  justification?: string | null;
}

/** A signed-in, fully authenticated user (the auth hook guarantees it on routes with a permission). */
export function requireUser(ctx: RequestContext): SessionUser {
  if (!ctx.user) throw new Error('requireUser on a public route');
  return ctx.user;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route needs (see security/permissions.ts). */
    permission?: Permission;
    /** Explicitly public (no session needed). Every route must have `permission`, `public` or `session`. */
    public?: boolean;
    /** Needs a session in any MFA state (login/MFA flow only). */
    session?: boolean;
    /** For the authorization-matrix test: the route reads/writes records owned by an agency. */
    scope?: 'agency' | 'none';
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type RouteModule = (app: App) => Promise<void> | void;
