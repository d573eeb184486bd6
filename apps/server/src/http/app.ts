import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaValidationError,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { justificationHeader } from '../api/alerts/access.ts';
import { loadSession } from '../api/auth/repository.ts';
import { SESSION_COOKIE, sessionIdOf } from '../api/auth/service.ts';
import { routeModules } from '../api/index.ts';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { can, isPersonal } from '../security/permissions.ts';
import { transformOpenApi } from './answers.ts';
import { type ErrorAnswer, transformOpenApiObject } from './components.ts';
import type { App, RequestContext } from './context.ts';
import { registerIdempotency } from './idempotency.ts';

declare module 'fastify' {
  interface FastifyInstance {
    enlaceConfig: ServerConfig;
    /** Every route with its access rule, for the authorization-matrix test. */
    routeTable: RouteInfo[];
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  permission?: string | undefined;
  public: boolean;
  session: boolean;
  scope?: 'agency' | 'none' | undefined;
}

export const DEFAULT_WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** The Content-Security-Policy: nothing inline, nothing from elsewhere. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function errorBody(code: string, message: string, details?: readonly unknown[]): ErrorAnswer {
  return details?.length ? { error: { code, message, details: [...details] } } : { error: { code, message } };
}

/** The host of an `Origin` header; null when it is `null` (sandboxed frames, file:) or not a URL. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Whether a parsed input (params, query or JSON body) holds a string with U+0000 (walked without recursion). */
export function hasNul(input: unknown): boolean {
  const todo: unknown[] = [input];
  while (todo.length) {
    const v = todo.pop();
    if (typeof v === 'string') {
      if (v.includes('\0')) return true;
    } else if (
      v &&
      typeof v === 'object' &&
      !ArrayBuffer.isView(v) &&
      typeof (v as { pipe?: unknown }).pipe !== 'function'
    ) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\0')) return true;
        todo.push(x);
      }
    }
  }
  return false;
}

/** PostgreSQL's class 22 (data exception): a value the database refused; never after a commit. */
function isDataException(err: { code?: unknown; severity?: unknown }): boolean {
  return typeof err.code === 'string' && /^22[0-9A-Z]{3}$/.test(err.code) && 'severity' in err;
}

const errClass = (err: unknown) => (err as Error)?.constructor?.name ?? typeof err;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface BuildAppOptions {
  db: Db;
  /** The read pool for dashboard, report and publication queries (DATABASE_READ_URL); default `db`. */
  readDb?: Db | undefined;
  config: ServerConfig;
  /** Where log lines go (default stdout); tests read them. */
  logStream?: NodeJS.WritableStream;
}

/**
 * The whole HTTP server, in the order its parts must be put together: hooks before the routes they
 * watch, the access hook before the NUL guard, the routes before the web app's catch-all.
 */
export async function buildApp(opts: BuildAppOptions): Promise<App> {
  const app = createFastify(opts);
  decorate(app, opts.config);
  recordRouteTable(app);
  addSecurityHeaders(app);
  await registerPlugins(app);
  addAccessHook(app, opts);
  addNulGuard(app);
  registerIdempotency(app, opts.db);
  app.setErrorHandler(answerError);
  await registerRoutes(app, opts.db);
  await serveWebApp(app, opts.config.webDist ?? DEFAULT_WEB_DIST);
  return app;
}

/** Fastify with its limits, proxy trust and a logger that never writes personal data. */
function createFastify(opts: BuildAppOptions): App {
  const { config } = opts;
  const app = Fastify({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    logger: {
      level: config.logLevel,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      // Never personal data in logs: no bodies, no query strings, no cookies, no auth headers.
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          route: req.routeOptions?.url ?? 'unmatched',
          id: req.id,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: {
        paths: ['req.headers', 'headers', 'body', 'email', 'password', '*.password', '*.email'],
        remove: true,
      },
    },
  }).withTypeProvider<ZodTypeProvider>();
  return app as unknown as App;
}

/** Zod validates and serializes; the config, the route table and each request's context hang on the app. */
function decorate(app: App, config: ServerConfig): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('enlaceConfig', config);
  app.decorate('routeTable', [] as RouteInfo[]);
  app.decorateRequest('ctx', null as unknown as RequestContext);
}

/** Every route with its access rule goes into `app.routeTable`; an /api/ route without one refuses to start. */
function recordRouteTable(app: App): void {
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ?? {}) as {
      permission?: string;
      public?: boolean;
      session?: boolean;
      scope?: 'agency' | 'none';
    };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.startsWith('/api/') && !cfg.permission && !cfg.public && !cfg.session) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} declares no permission (config.permission / public / session)`,
      );
    }
    for (const m of methods) {
      if (m === 'HEAD') continue;
      app.routeTable.push({
        method: m,
        url: route.url,
        permission: cfg.permission,
        public: !!cfg.public,
        session: !!cfg.session,
        scope: cfg.scope,
      });
    }
  });
}

/**
 * Security headers on every response (API, static files, 404s). Helmet's middleware is built once here:
 * @fastify/helmet rebuilds it, CSP parsing included, on every request.
 */
function addSecurityHeaders(app: App): void {
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP },
    crossOriginEmbedderPolicy: true,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
}

/** Cookies, rate limits (per route, answered like every other error) and the OpenAPI document. */
async function registerPlugins(app: App): Promise<void> {
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      ...errorBody('rate_limited', `Too many requests: try again in ${Math.ceil(ctx.ttl / 1000)} s`),
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Enlace API',
        version: '1.0.0',
        description:
          'Coordination against human trafficking. All personal-data access is scoped and audited.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: transformOpenApi,
    transformObject: transformOpenApiObject,
  });
}

type AccessConfig = {
  permission?: Parameters<typeof can>[1];
  public?: boolean;
  session?: boolean;
};

/** Authentication and authorization, before validation: unknown users never reach a handler. */
function addAccessHook(app: App, opts: BuildAppOptions): void {
  const { db, config } = opts;
  app.addHook('preValidation', async (req, reply) => {
    req.ctx = {
      db,
      readDb: opts.readDb ?? db,
      config,
      user: null,
      session: null,
      actor: { userId: null, agencyId: null },
    };
    req.ctx.justification = justificationHeader(req.headers['x-enlace-justification']);
    const cfg = req.routeOptions.config as AccessConfig;
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    await attachSession(req, db, config);
    if (cfg.public) return refuseCrossSitePost(req, reply);
    return checkSignedInAccess(req, reply, cfg);
  });
}

/** The session of the request's cookie, if it is still valid, and its user become the request's actor. */
async function attachSession(req: FastifyRequest, db: Db, config: ServerConfig): Promise<void> {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return;
  const loaded = await loadSession(db, sessionIdOf(token), config.sessionIdleMinutes);
  if (loaded) {
    req.ctx = {
      ...req.ctx,
      user: loaded.user,
      session: loaded.session,
      actor: { userId: loaded.user.id, agencyId: loaded.user.agencyId },
    };
  }
}

/** Login CSRF on public routes: a cross-site form cannot post here (SameSite + Origin check). */
function refuseCrossSitePost(req: FastifyRequest, reply: FastifyReply) {
  const origin = req.headers.origin;
  if (!SAFE_METHODS.has(req.method) && origin && originHost(origin) !== req.headers.host) {
    return reply.code(403).send(errorBody('bad_origin', 'Request from another site refused'));
  }
  return;
}

/** A session, a CSRF token on writes, finished MFA (unless the route is part of signing in) and the permission. */
function checkSignedInAccess(req: FastifyRequest, reply: FastifyReply, cfg: AccessConfig) {
  if (!req.ctx.session || !req.ctx.user)
    return reply.code(401).send(errorBody('unauthenticated', 'Please sign in'));
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameToken(sent, req.ctx.session.csrfToken)) {
      return reply.code(403).send(errorBody('csrf_failed', 'Missing or wrong CSRF token: reload the page'));
    }
  }
  if (cfg.session) return;
  if (req.ctx.session.mfaState !== 'ok') {
    return reply.code(401).send(errorBody('mfa_required', 'Finish two-step verification first'));
  }
  if (!cfg.permission || !can(req.ctx.user.role, cfg.permission)) {
    return reply
      .code(403)
      .send(
        errorBody('forbidden', 'Your role does not allow this', [{ permission: cfg.permission ?? null }]),
      );
  }
  if (isPersonal(cfg.permission)) reply.header('cache-control', 'no-store');
  return;
}

/** PostgreSQL text cannot hold U+0000 and no field has a use for it: refused in ids, query and body alike. */
function addNulGuard(app: App): void {
  app.addHook('preValidation', async (req, reply) => {
    if (hasNul(req.params) || hasNul(req.query) || hasNul(req.body)) {
      return reply
        .code(400)
        .send(errorBody('invalid_input', 'The request contains a NUL character (U+0000)'));
    }
  });
}

/** Every error as `{ error: { code, message, details? } }` with a stable code; a 500 only for our own faults. */
function answerError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError)
    return reply.code(err.status).send(errorBody(err.code, err.message, err.details));
  if (hasZodFastifySchemaValidationErrors(err)) return answerInvalidInput(err, reply);
  if (isResponseSerializationError(err)) {
    req.log.error({ code: 'response_serialization' }, 'response did not match its schema');
    return reply.code(500).send(errorBody('internal_error', 'Something went wrong; nothing was changed'));
  }
  const status = err.statusCode ?? 500;
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return reply.code(413).send(errorBody('body_too_large', 'The request body is too large'));
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return reply.code(415).send(errorBody('unsupported_media_type', 'Send JSON (application/json)'));
  if (
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err instanceof SyntaxError
  ) {
    return reply.code(400).send(errorBody('malformed_json', 'The request body is not valid JSON'));
  }
  if (status === 429)
    return reply.code(429).send(errorBody('rate_limited', 'Too many requests: try again later'));
  if (status >= 400 && status < 500)
    return reply.code(status).send(errorBody('bad_request', 'The request is not valid'));
  if (isDataException(err)) {
    // A value the database cannot take (date out of range, bad number…): the statement failed, nothing changed.
    req.log.warn({ errClass: errClass(err), code: err.code }, 'value refused by the database');
    return reply
      .code(400)
      .send(errorBody('invalid_input', 'A value of the request is out of range or not valid'));
  }
  // The error class and code only: messages and stacks may quote data (and say where to look for it).
  req.log.error({ errClass: errClass(err), code: err.code }, 'unhandled error');
  return reply.code(500).send(errorBody('internal_error', 'Something went wrong; nothing was changed'));
}

/** A 400 `invalid_input` naming each field the schema refused (dotted path, or the keys of an unknown-key issue). */
function answerInvalidInput(
  err: FastifyError & { validation: FastifySchemaValidationError[] },
  reply: FastifyReply,
) {
  const details = err.validation.map((v) => ({
    field:
      [
        v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        (v.params as { issue?: { keys?: string[] } })?.issue?.keys?.join(','),
      ]
        .filter(Boolean)
        .join('.') ||
      (err.validationContext ?? 'body'),
    message: v.message,
  }));
  const first = details[0];
  return reply
    .code(400)
    .send(
      errorBody(
        'invalid_input',
        `Invalid ${err.validationContext ?? 'input'}${first ? `: ${first.field}: ${first.message}` : ''}`,
        details,
      ),
    );
}

/** The health check, the OpenAPI document and every resource's routes (api/index.ts). */
async function registerRoutes(app: App, db: Db): Promise<void> {
  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => {
    await db.query('SELECT 1');
    return { status: 'ok' };
  });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  for (const mod of routeModules) await app.register(mod);
}

/** Vite's content-hashed build output: a new build gives new names, so a browser may keep these for good. */
const HASHED_ASSETS = '/assets/';

/**
 * The built web app when it is there (its index.html for every other GET), else a JSON 404. Its files are sent
 * compressed (brotli or gzip, in this plugin's own context: the JSON API is unchanged) and the hashed assets with a
 * year-long immutable cache, so a second visit asks only for index.html and the API. A missing asset is a 404,
 * never index.html under a script's name.
 */
async function serveWebApp(app: App, webDist: string): Promise<void> {
  const hasWeb = existsSync(join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(async (web) => {
      await web.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
      await web.register(fastifyStatic, {
        root: webDist,
        prefix: '/',
        wildcard: false,
        index: ['index.html'],
        setHeaders(reply, path) {
          if (path.startsWith(join(webDist, 'assets')))
            reply.header('cache-control', 'public, max-age=31536000, immutable');
        },
      });
    });
  }
  app.setNotFoundHandler(async (req, reply) => {
    if (
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      !req.url.startsWith(HASHED_ASSETS) &&
      hasWeb
    ) {
      const html = await readFile(join(webDist, 'index.html'), 'utf8');
      return reply.type('text/html; charset=utf-8').send(html);
    }
    return reply.code(404).send(errorBody('not_found', 'No such resource'));
  });
}
