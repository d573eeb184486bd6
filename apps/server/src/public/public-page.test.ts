/**
 * The server-rendered public tip page and follow-up, over real HTTP on PostgreSQL: form-encoded POSTs, CSRF
 * (form token + Origin), honeypot, rate limits, bad input naming the field with nothing stored, compression and
 * the byte budget, languages, follow-up with folio + key, spam from the queue, and no IP address stored or logged.
 */
import { Writable } from 'node:stream';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { upsertAgency } from '../api/agencies/repository.ts';
import { createUser } from '../api/users/service.ts';
import { configFromEnv } from '../config.ts';
import type { Db } from '../db/index.ts';
import { buildApp } from '../http/app.ts';
import type { App } from '../http/context.ts';
import { currentTotp } from '../security/totp.ts';
import { DEFAULT_HOTLINES, hotlinesFromEnv, telOf } from './hotlines.ts';
import { EN, ES, PAGE_LANGUAGES, PENDING, pickLanguage, translator } from './i18n.ts';
import {
  ACCESS_TOKEN_TTL_MS,
  accessToken,
  accessTokenTip,
  FORM_TOKEN_TTL_MS,
  formToken,
  formTokenValid,
  newFollowupKey,
  normaliseFollowupKey,
} from './tokens.ts';

let db: Db;
let app: App;
let url: string;
const logLines: string[] = [];
const NATIONAL = { id: 'national', number: '800 123 4567', tel: '8001234567' };

beforeAll(async () => {
  db = await testDatabases()
    .find((d) => d.name === 'postgres')!
    .open();
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  app = await buildApp({
    db,
    config: {
      ...configFromEnv(),
      logLevel: 'info', // every request is logged: the test checks that no address is
      publicFormRateLimitPerMinute: 1000,
      followupRateLimitPerMinute: 1000,
      hotlines: [DEFAULT_HOTLINES[0]!, NATIONAL, DEFAULT_HOTLINES[3]!],
    },
    logStream,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  await upsertAgency(db, {
    id: 'linea-nacional',
    name: 'Línea Nacional',
    level: 'federal',
    kind: 'hotline',
    stateCode: null,
    country: 'MEX',
  });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const tokenOf = (page: string) => /name="t" value="([^"]+)"/.exec(page)?.[1] ?? '';
const accessOf = (page: string) => /name="a" value="([^"]+)"/.exec(page)?.[1] ?? '';
const text = (page: string) =>
  page
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function getPage(path = '/denuncia') {
  const r = await fetch(url + path);
  return { status: r.status, headers: r.headers, body: await r.text() };
}

async function post(
  path: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const r = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, ...headers },
    body,
  });
  return { status: r.status, headers: r.headers, body: await r.text() };
}

const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tips')).rows[0]!.n;
const GOOD = {
  category: 'labor',
  description: 'En un rancho de Villa de Arista trabajan familias de Guerrero sin pago y no las dejan salir.',
  stateCode: '24',
  language: 'nah',
  urgent: '1',
};

async function sendTip(fields: Record<string, string | string[]> = GOOD) {
  const page = await getPage();
  return post('/denuncia', { t: tokenOf(page.body), lang: 'es-MX', ...fields });
}

describe('GET /denuncia', () => {
  it('is HTML that works without JavaScript, with tel: links from configuration, strict headers and no cookie', async () => {
    const r = await getPage();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.body).toContain('<form method="post" action="/denuncia"');
    expect(r.body).toContain('href="tel:8001234567">800 123 4567</a>');
    expect(r.body).toContain('href="tel:911"');
    expect(r.body).toContain('href="tel:+18883737888"');
    expect(r.body).toContain('href="sms:233733"');
    expect(r.body).not.toContain('800 000 0000');
    for (const k of [
      'signs.jobOffer',
      'signs.novio',
      'signs.online',
      'signs.debt',
      'signs.documents',
      'rights.title',
    ])
      expect(text(r.body)).toContain(ES[k]!.replace(/\s+/g, ' '));
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('fits the byte budget compressed: ≤ 30 KB with every sub-resource (brotli and gzip)', async () => {
    for (const enc of ['br', 'gzip']) {
      const res = await app.inject({ method: 'GET', url: '/denuncia', headers: { 'accept-encoding': enc } });
      expect(res.headers['content-encoding']).toBe(enc);
      const html = (
        enc === 'br' ? brotliDecompressSync(res.rawPayload) : gunzipSync(res.rawPayload)
      ).toString();
      expect(html).toContain('</html>');
      // sub-resources: only the optional script (the stylesheet is inline, the icon a data: URL)
      const subs = [
        ...(html || res.body).matchAll(/(?:src|href)="(\/[^"]*\.(?:js|css|png|svg|woff2?)[^"]*)"/g),
      ].map((m) => m[1]!);
      let total = res.rawPayload.length;
      for (const s of subs) {
        const sub = await app.inject({ method: 'GET', url: s, headers: { 'accept-encoding': enc } });
        expect(sub.statusCode).toBe(200);
        total += sub.rawPayload.length;
      }
      expect(total).toBeLessThanOrEqual(30 * 1024);
      console.log(`/denuncia first load (${enc}): ${total} bytes in ${1 + subs.length} requests`);
    }
  });

  it('sends typed or reloaded addresses to the page meant', async () => {
    for (const [from, to] of [
      ['/denuncia/', '/denuncia'],
      ['/denuncia/seguimiento/agregar?lang=en-US', '/denuncia/seguimiento?lang=en-US'],
    ]) {
      const r = await fetch(url + from!, { redirect: 'manual' });
      expect(`${from} ${r.status}`).toBe(`${from} 303`);
      expect(r.headers.get('location')).toBe(to);
    }
  });

  it('speaks es-MX by default, en-US on ?lang=, and Indigenous catalogs fall back to Spanish with a visible note', async () => {
    expect((await getPage()).body).toContain('<html lang="es-MX">');
    const en = await getPage('/denuncia?lang=en-US');
    expect(en.body).toContain('<html lang="en-US">');
    expect(text(en.body)).toContain(EN['signs.novio']!);
    const accept = await fetch(`${url}/denuncia`, { headers: { 'accept-language': 'en-GB,en;q=0.8' } });
    expect(await accept.text()).toContain('<html lang="es-MX">'); // the browser's language is not guessed
    for (const l of ['nah', 'yua', 'tzo', 'tzh', 'mix', 'zap']) {
      const r = await getPage(`/denuncia?lang=${l}`);
      expect(r.status).toBe(200);
      expect(r.body).toContain('class="note" role="note"'); // translation pending review
      expect(text(r.body)).toContain(ES['signs.debt']!); // Spanish fallback
      expect(r.body).toContain(`name="lang" value="${l}"`);
      expect(r.body).toContain(`<option value="${l}" selected>`); // contact language preselected
    }
    // the switcher: plain links
    for (const l of PAGE_LANGUAGES) expect(en.body).toContain(`href="/denuncia?lang=${l}"`);
  });
});

describe('POST /denuncia (form-encoded)', () => {
  it('stores the tip and shows the folio and a one-time key; only an argon2id hash of the key is kept; no IP anywhere', async () => {
    const before = await count();
    const r = await sendTip();
    expect(r.status).toBe(201);
    const folio = /data-testid="folio">([^<]+)</.exec(r.body)?.[1] ?? '';
    const key = /data-testid="followup-key">([^<]+)</.exec(r.body)?.[1] ?? '';
    expect(folio).toMatch(/^D-[A-Z2-9]{8}$/);
    expect(key).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);
    expect(await count()).toBe(before + 1);
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM tips WHERE folio = $1', [folio]);
    const row = rows[0]!;
    expect(row.category).toBe('labor');
    expect(row.state_code).toBe('24');
    expect(row.language).toBe('nah');
    expect(row.urgent).toBe(true);
    expect(String(row.followup_hash)).toMatch(/^\$argon2id\$/);
    const everything =
      JSON.stringify(rows) + JSON.stringify((await db.query('SELECT * FROM audit_log')).rows);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain('Villa de Arista'); // encrypted
    expect(everything).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
    const cols = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name IN ('tips', 'tip_additions')",
    );
    expect(
      cols.rows.map((c) => c.column_name).filter((c) => /(^|_)ip($|_)|addr|agent|forwarded/i.test(c)),
    ).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    // (the start-up line names the address the server listens on, not a client's)
    const requestLogs = logLines.filter((l) => !l.includes('Server listening at'));
    expect(requestLogs.join('\n')).toContain('/denuncia');
    expect(requestLogs.join('\n')).not.toMatch(/127\.0\.0\.1|remoteAddress|"ip"|x-forwarded/);
    expect(logLines.join('\n')).not.toContain('Villa de Arista');
  });

  it('bad input: 400, the page names each field, keeps what was written, and stores nothing', async () => {
    const before = await count();
    const r = await sendTip({
      category: 'aliens',
      description: 'corto',
      stateCode: '99',
      language: 'xx',
      contact: 'x'.repeat(301),
    });
    expect(r.status).toBe(400);
    const t = text(r.body);
    expect(t).toContain(ES['errors.title']!);
    expect(t).toContain('Tipo de situación: elige una opción.');
    expect(t).toContain('¿Qué sabes?: escribe entre 10 y 5,000 caracteres.');
    expect(t).toContain('Estado donde ocurre: elige un estado de la lista.');
    expect(t).toContain('Lengua: elige una lengua de la lista.');
    expect(t).toContain('Contacto: escribe como máximo 300 caracteres.');
    expect(r.body).toContain('href="#f-description"');
    expect(r.body).toContain('>corto</textarea>');
    expect(r.body).toContain('aria-invalid="true"');
    const missing = await sendTip({ description: GOOD.description });
    expect(missing.status).toBe(400);
    expect(text(missing.body)).toContain('Tipo de situación: elige una opción.');
    const twice = await sendTip({ ...GOOD, category: ['labor', 'sexual'] });
    expect(twice.status).toBe(400);
    const en = await post('/denuncia', {
      t: tokenOf((await getPage()).body),
      lang: 'en-US',
      description: 'x',
    });
    expect(text(en.body)).toContain('Kind of situation: choose one option.');
    const huge = await sendTip({ ...GOOD, description: 'ñ'.repeat(30_000) });
    expect(huge.status).toBe(413);
    expect(text(huge.body)).toContain(ES['errors.tooLarge']!);
    expect(await count()).toBe(before);
    // the longest valid text in 3-byte UTF-8 (percent-encoded, 45 KB) fits the body limit
    const longest = await sendTip({ ...GOOD, description: '漢'.repeat(5000) });
    expect(longest.status).toBe(201);
  });

  it('refuses the honeypot, a missing or forged form token and another site’s Origin, storing nothing', async () => {
    const before = await count();
    const bot = await sendTip({ ...GOOD, website: 'http://spam.example' });
    expect(bot.status).toBe(400);
    expect(text(bot.body)).toContain(ES['errors.honeypot']!);
    expect((await post('/denuncia', GOOD)).status).toBe(403);
    expect(
      (await post('/denuncia', { ...GOOD, t: `${Date.now()}.AAAAAAAAAAAA.${'A'.repeat(43)}` })).status,
    ).toBe(403);
    const cross = await post(
      '/denuncia',
      { ...GOOD, t: tokenOf((await getPage()).body) },
      { origin: 'https://evil.example' },
    );
    expect(cross.status).toBe(403);
    expect(text(cross.body)).toContain(ES['errors.origin']!);
    expect(await count()).toBe(before);
  });

  it('the JSON API is unchanged: a form-encoded POST to /api/public/tips still answers 415', async () => {
    const r = await fetch(`${url}/api/public/tips`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'category=labor',
    });
    expect(r.status).toBe(415);
    expect(r.headers.get('content-encoding')).toBeNull();
  });
});

describe('follow-up with folio and key, no account', () => {
  it('shows the status, takes more information, follows the queue (spam shows as closed) and refuses a wrong key', async () => {
    const sent = await sendTip({ ...GOOD, urgent: '' as string });
    const folio = /data-testid="folio">([^<]+)</.exec(sent.body)![1]!;
    const key = /data-testid="followup-key">([^<]+)</.exec(sent.body)![1]!;
    const lookup = async (f: string, k: string) =>
      post('/denuncia/seguimiento', {
        t: tokenOf((await getPage('/denuncia/seguimiento')).body),
        f: '',
        folio: f,
        key: k,
      });

    const wrong = await lookup(folio, newFollowupKey());
    expect(wrong.status).toBe(404);
    expect(text(wrong.body)).toContain(ES['followup.wrong']!);
    expect((await lookup('D-ZZZZZZZZ', key)).status).toBe(404);
    const empty = await lookup('', '');
    expect(empty.status).toBe(400);
    expect(text(empty.body)).toContain(ES['followup.missingFolio']!);

    // typed loosely: lower case, spaces instead of dashes
    const ok = await lookup(folio.toLowerCase(), key.toLowerCase().replace(/-/g, ' '));
    expect(ok.status).toBe(200);
    expect(text(ok.body)).toContain(ES['followup.status.new']!);
    expect(ok.body).not.toContain('Villa de Arista'); // the tip's text is never shown back

    const addPath = '/denuncia/seguimiento/agregar';
    const short = await post(addPath, { t: tokenOf(ok.body), a: accessOf(ok.body), text: 'poco' });
    expect(short.status).toBe(400);
    expect(text(short.body)).toContain('¿Qué más sabes?: escribe entre 10 y 5,000 caracteres.');
    const forged = await post(addPath, {
      t: tokenOf(ok.body),
      a: accessOf(ok.body).replace(/.$/, 'x'),
      text: 'algo nuevo que agregar',
    });
    expect(forged.status).toBe(403);
    const added = await post(addPath, {
      t: tokenOf(ok.body),
      a: accessOf(ok.body),
      text: 'Los llevan en una camioneta blanca cada lunes a las 5 de la mañana.',
      contact: '',
    });
    expect(added.status).toBe(201);
    expect(text(added.body)).toContain(ES['followup.added']!);
    const stored = await db.query<{ text_enc: string }>(
      'SELECT a.text_enc FROM tip_additions a JOIN tips t ON t.id = a.tip_id WHERE t.folio = $1',
      [folio],
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.text_enc).not.toContain('camioneta');

    // the hotline operator sees the addition, and marks the tip as spam
    const op = await operator();
    const list = await op('GET', '/api/tips');
    const id = list.json.items.find((t: { folio: string }) => t.folio === folio).id;
    const detail = await op('GET', `/api/tips/${id}`);
    expect(detail.json.additions?.[0]?.text).toContain('camioneta');
    const spam = await op('PATCH', `/api/tips/${id}`, { status: 'spam' });
    expect(spam.status).toBe(200);
    expect(spam.json.status).toBe('spam');
    expect((await op('GET', '/api/tips?status=spam')).json.items.map((t: { id: string }) => t.id)).toContain(
      id,
    );

    const after = await lookup(folio, key);
    expect(text(after.body)).toContain(ES['followup.status.closed']!); // spam is not revealed as such
    expect(text(after.body)).toContain(ES['followup.closedNote']!);
    const late = await post(addPath, {
      t: tokenOf(ok.body),
      a: accessOf(ok.body),
      text: 'otra cosa más que agregar',
    });
    expect(late.status).toBe(409);
    expect(JSON.stringify((await db.query('SELECT * FROM tip_additions')).rows)).not.toMatch(/127\.0\.0\.1/);
  });
});

let opClient: ((m: string, p: string, b?: unknown) => Promise<{ status: number; json: any }>) | undefined;
async function operator() {
  if (opClient) return opClient;
  const email = `op.${Date.now()}@example.test`;
  const password = 'Kx9#operadora-linea-2026';
  await createUser(
    { db, actor: { userId: null, agencyId: null } },
    {
      email,
      displayName: 'Operadora',
      role: 'hotline_operator',
      agencyId: 'linea-nacional',
      password,
    },
  );
  let cookie = '';
  let csrf = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(url + path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), cookie, 'x-csrf-token': csrf },
      body: body ? JSON.stringify(body) : undefined,
    });
    const t = await r.text();
    return { status: r.status, json: t ? JSON.parse(t) : null, headers: r.headers };
  };
  const login = await call('POST', '/api/auth/login', { email, password });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  csrf = login.json.csrfToken;
  const setup = await call('POST', '/api/auth/mfa/setup');
  await call('POST', '/api/auth/mfa/enable', { code: currentTotp(setup.json.secret) });
  opClient = call;
  return call;
}

describe('rate limits (keyed by an HMAC of the address, never the address)', () => {
  it('answers 429 after the limit, shows the form again with what was written, and stores nothing more', async () => {
    const limited = await buildApp({
      db,
      config: {
        ...configFromEnv(),
        logLevel: 'silent',
        publicFormRateLimitPerMinute: 2,
        followupRateLimitPerMinute: 2,
      },
    });
    await limited.ready();
    try {
      const page = await limited.inject({ method: 'GET', url: '/denuncia' });
      const t = tokenOf(page.body);
      const before = await count();
      const statuses: number[] = [];
      let last = '';
      for (let i = 0; i < 3; i++) {
        const r = await limited.inject({
          method: 'POST',
          url: '/denuncia',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            ...GOOD,
            t,
            description: `Denuncia número ${i} con suficiente texto`,
          }).toString(),
        });
        statuses.push(r.statusCode);
        last = r.body;
      }
      expect(statuses).toEqual([201, 201, 429]);
      expect(text(last)).toContain(ES['errors.rateLimited']!);
      expect(last).toContain('Denuncia número 2 con suficiente texto</textarea>');
      expect(await count()).toBe(before + 2);
      const lookups: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await limited.inject({
          method: 'POST',
          url: '/denuncia/seguimiento',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ t, folio: 'D-AAAAAAAA', key: 'AAAAA' }).toString(),
        });
        lookups.push(r.statusCode);
      }
      expect(lookups).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('hostile form bodies (seeded, bounded)', () => {
  it('300 random bodies to the three forms: never 5xx, never a stack, a tip stored only for a valid form', async () => {
    const t = tokenOf((await getPage()).body);
    const field = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('labor', 'sexual', '09', 'nah', '1', 'on', '', 'D-AAAAAAAA', 'x'.repeat(6000)),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
    );
    const name = fc.constantFrom(
      'category',
      'description',
      'stateCode',
      'language',
      'urgent',
      'contact',
      'website',
      't',
      'lang',
      'folio',
      'key',
      'a',
      'text',
      '__proto__',
      'constructor',
    );
    const paths = fc.constantFrom('/denuncia', '/denuncia/seguimiento', '/denuncia/seguimiento/agregar');
    await fc.assert(
      fc.asyncProperty(
        paths,
        fc.array(fc.tuple(name, field), { maxLength: 12 }),
        fc.boolean(),
        async (path, pairs, withToken) => {
          const body = new URLSearchParams();
          if (withToken) body.append('t', t);
          for (const [k, v] of pairs) body.append(k, v);
          const before = await count();
          const r = await app.inject({
            method: 'POST',
            url: path,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: body.toString(),
          });
          expect(r.statusCode).toBeLessThan(500);
          expect(r.body).not.toMatch(/at [\w.]+ \(|node_modules/);
          const stored = (await count()) - before;
          if (stored) expect(r.statusCode).toBe(201);
        },
      ),
      { numRuns: 300, seed: 1204 },
    );
    expect(logLines.join('\n')).not.toMatch(/"level":50/);
  }, 120_000);
});

describe('catalogs, configuration and tokens', () => {
  it('es-MX and en-US are complete; every Indigenous catalog lists every string as awaiting review or reviewed', () => {
    expect(Object.keys(EN).sort()).toEqual(Object.keys(ES).sort());
    for (const v of Object.values(EN)) expect(v.trim()).not.toBe('');
    for (const l of ['nah', 'yua', 'tzo', 'tzh', 'mix', 'zap']) {
      const cat = PENDING[l]!;
      expect(cat.language).toBe(l);
      expect(Object.keys(cat.strings).sort()).toEqual(Object.keys(ES).sort());
      for (const s of Object.values(cat.strings)) {
        // a string shown as final has text and names its native-speaker reviewer
        if (s.status === 'reviewed') expect(s.text.trim() && s.reviewer?.trim()).toBeTruthy();
      }
      const tr = translator(l as 'nah');
      expect(tr.pendingReview).toBe(true);
      expect(tr.t('page.title')).toEqual({ text: ES['page.title'], lang: 'es-MX' });
    }
  });

  it('an unreviewed translation is never shown; a reviewed one is, in its own language', () => {
    const cat = PENDING.nah!;
    const saved = cat.strings['page.title']!;
    try {
      cat.strings['page.title'] = { text: 'Texto de prueba', status: 'awaiting_native_review' };
      expect(translator('nah').t('page.title').text).toBe(ES['page.title']);
      cat.strings['page.title'] = { text: 'Texto de prueba', status: 'reviewed', reviewer: 'prueba' };
      expect(translator('nah').t('page.title')).toEqual({ text: 'Texto de prueba', lang: 'nah' });
    } finally {
      cat.strings['page.title'] = saved;
    }
  });

  it('picks the language from ?lang=, else es-MX', () => {
    expect(pickLanguage('tzh')).toBe('tzh');
    expect(pickLanguage('en-US')).toBe('en-US');
    expect(pickLanguage('xx')).toBe('es-MX');
    expect(pickLanguage(['en-US'])).toBe('es-MX');
    // other public pages may negotiate
    expect(pickLanguage(undefined, 'en-GB,en;q=0.8')).toBe('en-US');
    expect(pickLanguage('tzo', 'en-GB')).toBe('tzo');
    expect(pickLanguage(undefined, 'fr-FR, es;q=0.5')).toBe('es-MX');
    fc.assert(fc.property(fc.anything(), fc.string(), (q, a) => PAGE_LANGUAGES.includes(pickLanguage(q, a))));
  });

  it('helplines come from the environment: the national number alone, a whole list, or a file; bad settings are named', () => {
    expect(hotlinesFromEnv({})).toEqual(DEFAULT_HOTLINES);
    const n = hotlinesFromEnv({ ENLACE_HOTLINE_NATIONAL: '800 999 1234' });
    expect(telOf(n.find((h) => h.id === 'national')!)).toBe('8009991234');
    const list = hotlinesFromEnv({
      ENLACE_HOTLINES: JSON.stringify([
        { id: 'local', number: '+52 (55) 5533-5533', label: { 'es-MX': 'Línea local' } },
      ]),
    });
    expect(telOf(list[0]!)).toBe('+525555335533');
    expect(() => hotlinesFromEnv({ ENLACE_HOTLINES: '[{"id":"x"}]' })).toThrow(/ENLACE_HOTLINES: 0\.number/);
    expect(() => hotlinesFromEnv({ ENLACE_HOTLINES: 'nope' })).toThrow(/not valid JSON/);
    expect(() => hotlinesFromEnv({ ENLACE_HOTLINE_NATIONAL: 'x' })).toThrow(/ENLACE_HOTLINE_NATIONAL/);
  });

  it('form and access tokens expire (injected clock) and cannot be forged; keys have 125 bits and fold as typed', () => {
    const t0 = 1_800_000_000_000;
    const t = formToken(t0);
    expect(formTokenValid(t, t0 + 1000)).toBe(true);
    expect(formTokenValid(t, t0 + FORM_TOKEN_TTL_MS + 1)).toBe(false);
    expect(formTokenValid(t.replace(/^\d+/, String(t0 + 5000)), t0 + 6000)).toBe(false);
    const id = '0b6a1c2e-1111-4222-8333-944455556666';
    const a = accessToken(id, t0);
    expect(accessTokenTip(a, t0 + 1000)).toBe(id);
    expect(accessTokenTip(a, t0 + ACCESS_TOKEN_TTL_MS + 1)).toBe('expired');
    expect(accessTokenTip(a.replace(id, id.replace('0b', '0c')), t0)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(formTokenValid(s, t0)).toBe(false);
        expect(accessTokenTip(s, t0)).toBeNull();
      }),
    );
    const keys = new Set(Array.from({ length: 200 }, newFollowupKey));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(normaliseFollowupKey(k.toLowerCase().replace(/-/g, ' '))).toBe(k);
  });
});
