import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ database: 'postgres', config: { publicFormRateLimitPerMinute: 4 } });
  await srv.ensureAgency('linea-nacional', 'federal', null, 'hotline');
});
afterAll(async () => srv.close());

const send = (body: unknown) =>
  fetch(`${srv.url}/api/public/tips`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('anonymous public tips', () => {
  it('accepts a tip without an account, stores it encrypted in the hotline queue and gives a folio', async () => {
    const description = 'Vi a tres niñas vendiendo dulces de noche y un hombre les quita el dinero';
    const r = await send({
      category: 'child',
      description,
      stateCode: '14',
      contact: 'prefiero no dar contacto',
    });
    expect(r.status).toBe(201);
    const { folio } = (await r.json()) as { folio: string };
    expect(folio).toMatch(/^D-[A-Z0-9]{8}$/);
    const raw = await srv.db.query<{ description_enc: string; agency_id: string }>(
      'SELECT description_enc, agency_id FROM tips WHERE folio = $1',
      [folio],
    );
    expect(raw.rows[0]!.agency_id).toBe('linea-nacional');
    expect(raw.rows[0]!.description_enc).not.toContain('niñas');

    const op = await srv.login(
      await srv.createUser({ role: 'hotline_operator', agencyId: 'linea-nacional' }),
    );
    const list = await op.request('GET', '/api/tips');
    expect(list.status).toBe(200);
    const item = list.json.items.find((t: { folio: string }) => t.folio === folio);
    expect(item).toBeTruthy();
    expect(JSON.stringify(list.json)).not.toContain('niñas'); // lists carry no free text
    const one = await op.request('GET', `/api/tips/${item.id}`);
    expect(one.json.description).toBe(description);
    const audited = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE resource = 'tips' AND action = 'read' AND resource_id = $1",
      [item.id],
    );
    expect(audited.rows[0]!.n).toBe(1);
    const ref = await op.request('PATCH', `/api/tips/${item.id}`, { status: 'referred' });
    expect(ref.status).toBe(400);
    await srv.ensureAgency('fge-jal', 'state', '14', 'prosecutor');
    const ok = await op.request('PATCH', `/api/tips/${item.id}`, {
      status: 'referred',
      referredToAgencyId: 'fge-jal',
    });
    expect(ok.json.status).toBe('referred');
  });

  it('rejects bad input with the field named, and bots that fill the honeypot', async () => {
    const r = await send({ category: 'aliens', description: 'x' });
    expect(r.status).toBe(400);
    const j = (await r.json()) as any;
    expect(JSON.stringify(j.error.details)).toMatch(/category|description/);
    const bot = await send({
      category: 'other',
      description: 'a long enough description',
      website: 'http://spam',
    });
    expect(bot.status).toBe(400);
  });

  it('rate-limits the public form', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await send({ category: 'other', description: 'otra denuncia de prueba' })).status);
    expect(statuses).toContain(429);
  });
});
