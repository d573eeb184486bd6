import { createServer, type IncomingMessage, type Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../../../test/server.ts';
import { twilioSignature, validTwilioSignature } from './channel.ts';

const TOKEN = 'test-auth-token-0123456789abcdef';
const ACCOUNT = 'AC00000000000000000000000000000000';
const HOOK_URL = 'https://linea.example.mx/api/hotline/webhooks/twilio';
const HOTLINE = 'linea-nacional';

/** A stand-in for Twilio's REST API on a loopback port: records what it is sent, answers like Twilio. */
let fake: Server;
let fakeUrl = '';
let fakeStatus = 201;
const received: { url: string; auth: string; body: URLSearchParams }[] = [];

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

let srv: TestServer;
let op: Client;

beforeAll(async () => {
  fake = createServer(async (req, res) => {
    received.push({
      url: req.url ?? '',
      auth: req.headers.authorization ?? '',
      body: new URLSearchParams(await bodyOf(req)),
    });
    res.writeHead(fakeStatus, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sid: `SM${'f'.repeat(32)}`, status: 'queued' }));
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const addr = fake.address();
  fakeUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  srv = await startTestServer({
    config: {
      twilioAuthToken: TOKEN,
      twilioAccountSid: ACCOUNT,
      twilioWebhookUrl: HOOK_URL,
      twilioApiBaseUrl: fakeUrl,
    },
  });
  const user = await srv.createUser({ role: 'hotline_operator', agencyId: HOTLINE });
  await srv.ensureAgency(HOTLINE, 'federal', null, 'hotline');
  op = await srv.login(user);
}, 60_000);
afterAll(async () => {
  await srv.close();
  await new Promise((r) => fake.close(r));
});

const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;

function post(
  params: Record<string, string>,
  signature?: string,
  url = `${srv.url}/api/hotline/webhooks/twilio`,
) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature !== undefined ? { 'x-twilio-signature': signature } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
}
const signed = (params: Record<string, string>) => post(params, twilioSignature(TOKEN, HOOK_URL, params));

const message = (n: number, from: string, body: string) => ({
  MessageSid: sid(n),
  AccountSid: ACCOUNT,
  From: from,
  To: 'whatsapp:+525500000000',
  Body: body,
  NumMedia: '0',
});

async function contacts() {
  return (await op.request('GET', '/api/hotline/contacts')).json.items as {
    id: string;
    channel: string;
    operator: unknown;
  }[];
}

describe('Twilio-format webhook', () => {
  it('matches the signatures of Twilio’s documented examples', () => {
    // TwilioDevEd/api-snippets, security/signature_validation (auth token 12345)
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = (phone: string) => ({
      CallSid: 'CA1234567890ABCDE',
      Caller: phone,
      Digits: '1234',
      From: phone,
      To: '+18005551212',
    });
    expect(twilioSignature('12345', url, params('+14158675309'))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilioSignature('12345', url, params('+14158675310'))).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });

  it('signature property: any change of URL, name or value, or another token, fails', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), {
          maxKeys: 6,
        }),
        fc.string({ minLength: 1, maxLength: 10 }),
        (params, extra) => {
          const s = twilioSignature(TOKEN, HOOK_URL, params);
          expect(validTwilioSignature(TOKEN, HOOK_URL, params, s)).toBe(true);
          expect(validTwilioSignature(`${TOKEN}x`, HOOK_URL, params, s)).toBe(false);
          expect(validTwilioSignature(TOKEN, `${HOOK_URL}?${extra}`, params, s)).toBe(false);
          expect(validTwilioSignature(TOKEN, HOOK_URL, { ...params, [`z${extra}`]: extra }, s)).toBe(false);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });

  it('a signed message opens a contact; the next one from the same number continues it; a replay changes nothing', async () => {
    const r = await signed(message(1, 'whatsapp:+5215511112222', 'Hola, necesito ayuda, no me dejan salir'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/xml');
    expect(await r.text()).toContain('<Response>');
    let list = await contacts();
    expect(list).toHaveLength(1);
    expect(list[0]!.channel).toBe('whatsapp');
    expect(list[0]!.operator).toBeNull();

    expect((await signed(message(2, 'whatsapp:+5215511112222', 'Estoy en Tijuana'))).status).toBe(200);
    expect((await signed(message(2, 'whatsapp:+5215511112222', 'Estoy en Tijuana'))).status).toBe(200);
    list = await contacts();
    expect(list).toHaveLength(1);
    const one = await op.request('GET', `/api/hotline/contacts/${list[0]!.id}`);
    expect(one.json.messages.map((m: { body: string }) => m.body)).toEqual([
      'Hola, necesito ayuda, no me dejan salir',
      'Estoy en Tijuana',
    ]);
    expect(one.json.hasThread).toBe(true);
    const raw = await srv.db.query<{ body_enc: string }>('SELECT body_enc FROM hl_messages');
    for (const m of raw.rows) expect(m.body_enc).not.toContain('Tijuana');

    // another number is another contact; SMS by its address
    expect((await signed(message(3, '+5215533334444', 'Quiero denunciar'))).status).toBe(200);
    list = await contacts();
    expect(list.map((c) => c.channel).sort()).toEqual(['sms', 'whatsapp']);
  });

  it('refuses a missing, wrong or replayed-with-changes signature, and malformed messages', async () => {
    const m = message(10, '+5215599990000', 'texto');
    expect((await post(m)).status).toBe(403);
    expect((await post(m, 'AAAA')).status).toBe(403);
    const sig = twilioSignature(TOKEN, HOOK_URL, m);
    expect((await post({ ...m, Body: 'texto cambiado' }, sig)).status).toBe(403);
    expect((await post(m, twilioSignature('other-token', HOOK_URL, m))).status).toBe(403);
    const bad = { ...m, MessageSid: 'nope' };
    expect((await post(bad, twilioSignature(TOKEN, HOOK_URL, bad))).status).toBe(400);
    const json = await fetch(`${srv.url}/api/hotline/webhooks/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(m),
    });
    expect(json.status).toBe(403);
    const n = await srv.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hl_messages WHERE provider_sid = $1',
      [sid(10)],
    );
    expect(n.rows[0]!.n).toBe(0);
  });

  it('replies from the console go out through the REST adapter (local fake), failures are kept as failed', async () => {
    const list = await contacts();
    const wa = list.find((c) => c.channel === 'whatsapp')!;
    await op.request('POST', `/api/hotline/contacts/${wa.id}/take`);
    const r = await op.request('POST', `/api/hotline/contacts/${wa.id}/messages`, {
      body: 'Estamos contigo. ¿Puedes decirnos en qué colonia estás?',
    });
    expect(r.status).toBe(200);
    const out = r.json.messages.at(-1);
    expect(out.direction).toBe('out');
    expect(out.status).toBe('sent');
    const sent = received.at(-1)!;
    expect(sent.url).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(sent.auth).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(sent.body.get('To')).toBe('whatsapp:+5215511112222');
    expect(sent.body.get('From')).toBe('whatsapp:+525500000000');
    expect(sent.body.get('Body')).toContain('colonia');

    fakeStatus = 500;
    const f = await op.request('POST', `/api/hotline/contacts/${wa.id}/messages`, { body: 'Otro mensaje' });
    fakeStatus = 201;
    expect(f.json.messages.at(-1)).toMatchObject({ status: 'failed', statusDetail: 'http_500' });
  });
});

describe('without a configured channel', () => {
  let plain: TestServer;
  let noSend: TestServer;
  beforeAll(async () => {
    plain = await startTestServer({ config: { twilioAuthToken: undefined, twilioAccountSid: undefined } });
    noSend = await startTestServer({
      config: { twilioAuthToken: TOKEN, twilioAccountSid: undefined, twilioWebhookUrl: HOOK_URL },
    });
  }, 60_000);
  afterAll(async () => {
    await plain.close();
    await noSend.close();
  });

  it('the webhook answers 404 channel_not_configured', async () => {
    const m = message(20, '+5215500000001', 'hola');
    const r = await post(m, twilioSignature(TOKEN, HOOK_URL, m), `${plain.url}/api/hotline/webhooks/twilio`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('channel_not_configured');
  });

  it('with no account to send from, replies are stored and marked not sent', async () => {
    const user = await noSend.createUser({ role: 'hotline_operator', agencyId: HOTLINE });
    await noSend.ensureAgency(HOTLINE, 'federal', null, 'hotline');
    const client = await noSend.login(user);
    const m = message(21, '+5215500000002', 'hola');
    const r = await post(m, twilioSignature(TOKEN, HOOK_URL, m), `${noSend.url}/api/hotline/webhooks/twilio`);
    expect(r.status).toBe(200);
    const id = (await client.request('GET', '/api/hotline/contacts')).json.items[0].id;
    const before = received.length;
    const reply = await client.request('POST', `/api/hotline/contacts/${id}/messages`, {
      body: 'Te escuchamos',
    });
    expect(reply.json.messages.at(-1)).toMatchObject({
      body: 'Te escuchamos',
      status: 'not_sent',
      statusDetail: 'channel_not_configured',
    });
    expect(received.length).toBe(before);
  });
});
