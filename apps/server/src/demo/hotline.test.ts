import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/server.ts';
import { upsertAgency } from '../api/agencies/repository.ts';
import { annualReport, loadData } from '../report/service.ts';
import { loadDemoHotline } from './hotline.ts';

/** The hotline part of the demo on its own (the whole demo is loaded by load.test.ts). */
let srv: TestServer;
const accounts = new Map<
  string,
  {
    id: string;
    email: string;
    displayName: string;
    role: 'hotline_operator' | 'caseworker' | 'supervisor';
    agencyId: string;
  }
>();

beforeAll(async () => {
  srv = await startTestServer();
  for (const [email, role, agencyId] of [
    ['linea@linea.demo', 'hotline_operator', 'linea-nacional-trata'],
    ['operador@linea.demo', 'hotline_operator', 'linea-nacional-trata'],
    ['supervisora@linea.demo', 'supervisor', 'linea-nacional-trata'],
    ['fiscal@cdmx.demo', 'caseworker', 'fge-cmx'],
  ] as const) {
    const u = await srv.createUser({ role, agencyId, email });
    accounts.set(email, { id: u.id, email, displayName: email, role, agencyId });
  }
  await upsertAgency(srv.db, {
    id: 'linea-nacional-trata',
    name: 'Línea Nacional contra la Trata de Personas',
    level: 'federal',
    kind: 'hotline',
    stateCode: null,
    country: 'MEX',
  });
  await upsertAgency(srv.db, {
    id: 'fge-cmx',
    name: 'Fiscalía General de Justicia de la Ciudad de México',
    level: 'state',
    kind: 'prosecutor',
    stateCode: '09',
    country: 'MEX',
  });
}, 60_000);
afterAll(async () => srv.close());

describe('demo hotline', () => {
  it('fills the queue, the CDMX inbox and twelve weeks of trends, counted by the annual report', async () => {
    const n = await loadDemoHotline(srv.db, accounts);
    expect(n).toBeGreaterThanOrEqual(50);
    const { rows } = await srv.db.query<{ urgency: string; status: string; n: number }>(
      'SELECT urgency, status, count(*)::int AS n FROM hl_contacts GROUP BY 1, 2',
    );
    expect(rows.find((r) => r.urgency === 'critical' && r.status === 'open')?.n).toBe(1);
    const inbox = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM hl_contacts WHERE referred_to_agency_id = 'fge-cmx' AND referral_status = 'pending'",
    );
    expect(inbox.rows[0]!.n).toBe(1);
    const messages = await srv.db.query<{ status: string }>('SELECT status FROM hl_messages ORDER BY at');
    expect(messages.rows.map((m) => m.status).sort()).toEqual([
      'not_sent',
      'received',
      'received',
      'received',
    ]);
    const weeks = await srv.db.query<{ n: number }>(
      "SELECT count(DISTINCT date_trunc('week', received_at))::int AS n FROM hl_contacts",
    );
    expect(weeks.rows[0]!.n).toBeGreaterThanOrEqual(10);
    const stats = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hotline_contacts');
    expect(stats.rows[0]!.n).toBe(n);
    const year = new Date().getUTCFullYear();
    const rep = annualReport(await loadData({ kind: 'db', db: srv.db }, year - 1, year), year);
    expect(rep.hotline.trafficking_related_contacts).toBeGreaterThan(0);
  });
});
