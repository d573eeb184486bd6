/**
 * The public pages, server-rendered (no JavaScript needed), outside /api/:
 *
 *   GET  /denuncia[?lang=]                      awareness text, helplines and the tip form
 *   POST /denuncia                              the form (application/x-www-form-urlencoded) → folio + key
 *   GET  /denuncia/seguimiento[?lang=]          folio + key form
 *   POST /denuncia/seguimiento                  → status, dates, and a form to add information
 *   POST /denuncia/seguimiento/agregar          adds information (with the access token of the page above)
 *   GET  /denuncia/mejora.js                    the optional script (character counter, no double submit)
 *   GET  /denuncia/, /denuncia/seguimiento/, /denuncia/seguimiento/agregar   → 303 to the page meant
 *
 * Form bodies and compression (brotli, gzip) are registered in this plugin's own context only: the JSON API is
 * unchanged. CSRF without cookies: a signed form token in every form and an Origin check. Rate limits are keyed by
 * an HMAC of the address (tokens.ts), and nothing of the connection is stored or logged.
 */
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TipBody } from '../api/tips/schema.ts';
import { AppError } from '../errors.ts';
import type { App } from '../http/context.ts';
import { addInformation, lookUpTip, submitPublicTip } from './followup.ts';
import { DEFAULT_HOTLINES } from './hotlines.ts';
import { isPageLanguage, pickLanguage, type Translator, translator } from './i18n.ts';
import {
  CONTACT_LANGUAGES,
  CONTACT_MAX,
  CSS_HASH,
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  type FieldErrors,
  followupLookupPage,
  followupStatusPage,
  messagePage,
  SCRIPT,
  sentPage,
  type TipField,
  type TipFormValues,
  tipPage,
} from './pages.ts';
import { publicView } from './repository.ts';
import { accessToken, accessTokenTip, formToken, formTokenValid, rateLimitKey } from './tokens.ts';

/** 5,000 in es-MX and en-US (the Indigenous pages read Spanish numbers). */
const number = (tr: Translator, n: number) => n.toLocaleString(tr.lang === 'en-US' ? 'en-US' : 'es-MX');

type Form = Record<string, string | string[] | undefined>;

/** One value of a form field; a repeated field counts as invalid (undefined with `repeated`). */
function one(form: Form, name: string): { value: string | undefined; repeated: boolean } {
  const v = form[name];
  if (Array.isArray(v)) return { value: undefined, repeated: true };
  return { value: typeof v === 'string' ? v : undefined, repeated: false };
}

const langOf = (req: FastifyRequest) => {
  const fromBody = req.body && typeof req.body === 'object' ? (req.body as Form).lang : undefined;
  return translator(pickLanguage(fromBody ?? (req.query as { lang?: unknown } | undefined)?.lang));
};

/** Whether a POST came from this site (absent Origin is let through: the form token still has to be valid). */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The tip form's values, checked with the API's own schema (TipBody); errors name the field in the page's language. */
export function readTipForm(
  tr: Translator,
  form: Form,
): { values: TipFormValues; errors: FieldErrors; body?: ReturnType<typeof TipBody.parse> } {
  const values: TipFormValues = {};
  const errors: FieldErrors = {};
  const msg = (f: TipField) =>
    tr.t(`errors.${f}`, {
      min: DESCRIPTION_MIN,
      max: number(tr, f === 'contact' ? CONTACT_MAX : DESCRIPTION_MAX),
    }).text;
  const fields: TipField[] = ['category', 'description', 'stateCode', 'language', 'contact'];
  const raw: Record<string, string | undefined> = {};
  for (const f of fields) {
    const { value, repeated } = one(form, f);
    if (repeated) errors[f] = msg(f);
    raw[f] = value;
  }
  const urgent = one(form, 'urgent');
  if (urgent.repeated || (urgent.value !== undefined && !['', '1', 'on'].includes(urgent.value)))
    errors.urgent = msg('urgent');
  values.category = raw.category;
  values.description = raw.description;
  values.stateCode = raw.stateCode;
  values.language = raw.language;
  values.contact = raw.contact;
  values.urgent = urgent.value === '1' || urgent.value === 'on';
  if (raw.language !== undefined && !(CONTACT_LANGUAGES as readonly string[]).includes(raw.language))
    errors.language = msg('language');
  const candidate = {
    category: raw.category,
    description: raw.description ?? '',
    ...(raw.stateCode ? { stateCode: raw.stateCode } : {}),
    ...(raw.language ? { language: raw.language } : {}),
    urgent: values.urgent,
    ...(raw.contact?.trim() ? { contact: raw.contact } : {}),
  };
  const parsed = TipBody.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const f = issue.path[0];
      if (typeof f === 'string' && (fields as string[]).includes(f))
        errors[f as TipField] ??= msg(f as TipField);
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { values, errors };
  return { values, errors, body: parsed.data };
}

export async function publicPageRoutes(app: App) {
  const hotlines = () => app.enlaceConfig.hotlines ?? DEFAULT_HOTLINES;
  const now = () => Date.now();
  const limit = (bucket: string, max: number) => ({
    max,
    timeWindow: '1 minute',
    // after the body is read, so that a refused form can be shown again with what the person wrote
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => rateLimitKey(req.ip, bucket),
  });

  await app.register(formbody, { bodyLimit: 128 * 1024 }); // 5,000 characters of 3-byte UTF-8, percent-encoded: 45 KB
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 256,
    globalDecompression: false,
  });

  // Every page: no copy kept by the browser or a proxy (a shared phone must not show a folio and key again), the
  // inline stylesheet allowed by its hash (the rest of the CSP unchanged), the referrer only to this site (so that
  // form POSTs carry an Origin to check).
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('cache-control', 'no-store');
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      if (csp && !csp.includes(CSS_HASH))
        reply.header(
          'content-security-policy',
          csp.replace(/style-src 'self'/, `style-src 'self' ${CSS_HASH}`),
        );
      reply.header('referrer-policy', 'same-origin');
    }
    return payload;
  });

  const send = (reply: FastifyReply, status: number, page: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(page);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const tr = langOf(req);
    const status = err.statusCode ?? 500;
    if (status === 429) {
      // The tip form is shown again with what was written, so nothing is lost.
      if (
        req.routeOptions.url === '/denuncia' &&
        req.method === 'POST' &&
        req.body &&
        typeof req.body === 'object'
      ) {
        const { values } = readTipForm(tr, req.body as Form);
        return send(
          reply,
          429,
          tipPage(tr, hotlines(), {
            token: formToken(now()),
            values,
            errors: {},
            general: tr.t('errors.rateLimited').text,
          }),
        );
      }
      return send(
        reply,
        429,
        messagePage(tr, tr.t('errors.rateLimited').text, tr.t('errors.rateLimited').text, hotlines()),
      );
    }
    if (err instanceof AppError && err.code === 'tips_unavailable')
      return send(
        reply,
        503,
        messagePage(tr, tr.t('errors.unavailable').text, tr.t('errors.unavailable').text, hotlines()),
      );
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return send(
        reply,
        413,
        messagePage(tr, tr.t('errors.tooLarge').text, tr.t('errors.tooLarge').text, hotlines()),
      );
    if (status >= 400 && status < 500)
      return send(
        reply,
        status,
        messagePage(tr, tr.t('errors.generic').text, tr.t('errors.generic').text, hotlines()),
      );
    req.log.error({ errClass: err?.constructor?.name, code: err.code }, 'public page error');
    return send(
      reply,
      500,
      messagePage(tr, tr.t('errors.generic').text, tr.t('errors.generic').text, hotlines()),
    );
  });

  const hidden = { hide: true };

  app.get(
    '/denuncia',
    { schema: hidden, config: { public: true, rateLimit: limit('page', 120) } },
    async (req, reply) => {
      const tr = langOf(req);
      return send(
        reply,
        200,
        tipPage(tr, hotlines(), { token: formToken(now()), values: {}, errors: {}, general: null }),
      );
    },
  );

  app.post(
    '/denuncia',
    {
      schema: hidden,
      config: { public: true, rateLimit: limit('tip', app.enlaceConfig.publicFormRateLimitPerMinute) },
    },
    async (req, reply) => {
      const tr = langOf(req);
      const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Form;
      const { values, errors, body } = readTipForm(tr, form);
      const again = (status: number, general: string | null, errs: FieldErrors = errors) =>
        send(
          reply,
          status,
          tipPage(tr, hotlines(), { token: formToken(now()), values, errors: errs, general }),
        );
      if (!sameOrigin(req)) return again(403, tr.t('errors.origin').text, {});
      if (!formTokenValid(one(form, 't').value, now())) return again(403, tr.t('errors.token').text, {});
      const website = one(form, 'website');
      if (website.repeated || (website.value ?? '') !== '')
        return again(400, tr.t('errors.honeypot').text, {});
      if (!body) return again(400, null);
      const { folio, key } = await submitPublicTip(req.ctx, body);
      return send(reply, 201, sentPage(tr, hotlines(), folio, key));
    },
  );

  app.get(
    '/denuncia/seguimiento',
    { schema: hidden, config: { public: true, rateLimit: limit('page', 120) } },
    async (req, reply) =>
      send(reply, 200, followupLookupPage(langOf(req), { token: formToken(now()), errors: [] })),
  );

  app.post(
    '/denuncia/seguimiento',
    {
      schema: hidden,
      config: {
        public: true,
        rateLimit: limit('followup', app.enlaceConfig.followupRateLimitPerMinute ?? 10),
      },
    },
    async (req, reply) => {
      const tr = langOf(req);
      const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Form;
      const folio = one(form, 'folio').value?.trim() ?? '';
      const key = one(form, 'key').value?.trim() ?? '';
      const again = (status: number, errors: string[]) =>
        send(
          reply,
          status,
          followupLookupPage(tr, { token: formToken(now()), folio: folio.slice(0, 40), errors }),
        );
      if (!sameOrigin(req)) return again(403, [tr.t('errors.origin').text]);
      if (!formTokenValid(one(form, 't').value, now())) return again(403, [tr.t('errors.token').text]);
      const missing = [
        ...(folio ? [] : [tr.t('followup.missingFolio').text]),
        ...(key ? [] : [tr.t('followup.missingSecret').text]),
      ];
      if (missing.length) return again(400, missing);
      const view = folio.length <= 40 && key.length <= 80 ? await lookUpTip(req.ctx, folio, key) : undefined;
      if (!view) return again(404, [tr.t('followup.wrong').text]);
      return send(
        reply,
        200,
        followupStatusPage(tr, { view, access: accessToken(view.id, now()), token: formToken(now()) }),
      );
    },
  );

  app.post(
    '/denuncia/seguimiento/agregar',
    {
      schema: hidden,
      config: { public: true, rateLimit: limit('add', app.enlaceConfig.publicFormRateLimitPerMinute) },
    },
    async (req, reply) => {
      const tr = langOf(req);
      const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Form;
      const lookupAgain = (status: number, message: string) =>
        send(reply, status, followupLookupPage(tr, { token: formToken(now()), errors: [message] }));
      if (!sameOrigin(req)) return lookupAgain(403, tr.t('errors.origin').text);
      if (!formTokenValid(one(form, 't').value, now())) return lookupAgain(403, tr.t('errors.token').text);
      const tipId = accessTokenTip(one(form, 'a').value, now());
      if (tipId === 'expired') return lookupAgain(403, tr.t('followup.expired').text);
      if (!tipId) return lookupAgain(403, tr.t('errors.token').text);
      const text = one(form, 'text').value?.trim() ?? '';
      const contact = one(form, 'contact').value?.trim() ?? '';
      const show = async (
        status: number,
        extra: { added?: boolean; error?: string; text?: string; contact?: string },
      ) => {
        const view = await publicView(req.ctx.db, tipId);
        if (!view) return lookupAgain(404, tr.t('followup.wrong').text);
        return send(
          reply,
          status,
          followupStatusPage(tr, {
            view,
            access: accessToken(view.id, now()),
            token: formToken(now()),
            ...extra,
          }),
        );
      };
      const bad =
        text.length < DESCRIPTION_MIN || text.length > DESCRIPTION_MAX || contact.length > CONTACT_MAX;
      if (bad || one(form, 'text').repeated || one(form, 'contact').repeated)
        return show(400, {
          error: tr.t(contact.length > CONTACT_MAX ? 'errors.contact' : 'followup.addError', {
            min: DESCRIPTION_MIN,
            max: number(tr, contact.length > CONTACT_MAX ? CONTACT_MAX : DESCRIPTION_MAX),
          }).text,
          text,
          contact,
        });
      const result = await addInformation(req.ctx, tipId, text, contact || null);
      if (result === 'not_found') return lookupAgain(404, tr.t('followup.wrong').text);
      return show(result === 'added' ? 201 : 409, { added: result === 'added' });
    },
  );

  // Addresses people type or reach by reloading: to the page they meant.
  for (const [from, to] of [
    ['/denuncia/', '/denuncia'],
    ['/denuncia/seguimiento/', '/denuncia/seguimiento'],
    ['/denuncia/seguimiento/agregar', '/denuncia/seguimiento'],
  ] as const) {
    app.get(from, { schema: hidden, config: { public: true } }, async (req, reply) => {
      const lang = (req.query as { lang?: unknown } | undefined)?.lang;
      return reply.redirect(isPageLanguage(lang) ? `${to}?lang=${lang}` : to, 303);
    });
  }

  app.get('/denuncia/mejora.js', { schema: hidden, config: { public: true } }, async (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(SCRIPT),
  );
}
