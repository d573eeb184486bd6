import { type ColumnDef, FILE_BY_KIND, FILES, type FileDef, type RecordKind } from '@enlace/core';
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../src/api/records/kinds.ts';
import { type Client, startTestServer, type TestServer } from './server.ts';

/**
 * The trust boundary between agencies, as an attacker tries it. Generated, not written by hand:
 * - from the exchange format's reference columns (every `references` of every file) × the two write paths that
 *   take exchange rows from an agency (the records API and the .zip upload): agency A writes a row that names
 *   agency B's record; the answer must be exactly the answer for a record that does not exist;
 * - from the registered write routes of the API × their body reference fields (`BODY_REFERENCES`: a new write
 *   route fails this test until its references are listed there);
 * and afterwards every one of B's records is still unreadable to A and unchanged.
 */

const A = 'fge-cmx';
const B = 'fge-mex';
const SHELTER = 'refugio-s';

/** B's record of each referenced kind (created in beforeAll). */
const B_IDS: Partial<Record<RecordKind, string>> = {
  persons: 'fge-mex/imp-00009',
  investigations: 'fge-mex/inv-0001',
  prosecutions: 'fge-mex/pro-0001',
  convictions: 'fge-mex/con-0001',
};
/** A's own record of each referenced kind: a valid row of A references these. */
const A_IDS: Partial<Record<RecordKind, string>> = {
  agencies: A,
  persons: 'fge-cmx/p-0001',
  investigations: 'fge-cmx/inv-0001',
  prosecutions: 'fge-cmx/pro-0001',
  convictions: 'fge-cmx/con-0001',
};

/** A valid cell for a column, from its type alone (references go to the agency's own records). */
function cell(def: FileDef, c: ColumnDef, agency: string, own: Partial<Record<RecordKind, string>>): string {
  if (c.name === def.agencyColumn) return agency;
  if (c.references) return own[c.references] ?? '';
  if (!c.required && c.type !== 'enum') return '';
  switch (c.type) {
    case 'date':
      return '2025-03-01';
    case 'boolean':
      return 'false';
    case 'integer':
      return '1';
    case 'decimal':
      return '100.00';
    case 'enum':
      return c.required ? (c.values?.[0] ?? '') : '';
    default:
      return 'x';
  }
}

function row(kind: RecordKind, agency: string, own: Partial<Record<RecordKind, string>>, id: string) {
  const def = FILE_BY_KIND[kind];
  const values: Record<string, string> = {};
  for (const c of def.columns) values[c.name] = c.name === def.idColumn ? id : cell(def, c, agency, own);
  return values;
}

const PERSON_B = {
  given_names: 'Rosa Isela',
  surname_1: 'Hernández',
  surname_2: 'Cruz',
  birth_date: '1994-07-12',
  sex: 'female',
  nationality: 'MEX',
  curp: 'HECR940712MMCRRS00',
  phone: '5512345678',
  email: 'rosa@example.test',
  address: 'Calle 5 de Mayo 10, Toluca',
};

/** The reference columns of the exchange format, generated from the spec (agency owner columns included). */
const REFERENCE_COLUMNS = FILES.filter((f) => f.kind !== 'agencies').flatMap((def) =>
  def.columns
    .filter((c) => c.references && c.references !== 'agencies')
    .map((c) => ({ def, column: c.name, target: c.references! })),
);

/**
 * Every write route of the API and the fields of its body that name another record. Path ids are proven by the
 * authorization matrix (scope fixtures); here the body. `[]`: the body names no record of another agency (an
 * agency id of the public directory, a provider of the public directory, or nothing).
 */
const BODY_REFERENCES: Record<
  string,
  {
    field: string;
    kind:
      | 'persons'
      | 'convictions'
      | 'screenings'
      | 'cases'
      | 'users'
      // justice (issue 14)
      | 'defendants'
      | 'justice_chains'
      | 'investigations';
  }[]
> = {
  'POST /api/cases': [
    { field: 'personRef', kind: 'persons' },
    { field: 'fromScreeningId', kind: 'screenings' },
  ],
  'PATCH /api/cases/:id': [{ field: 'personRef', kind: 'persons' }],
  'POST /api/cases/:id/restitution': [{ field: 'convictionRef', kind: 'convictions' }],
  'POST /api/case-referrals': [{ field: 'caseId', kind: 'cases' }],
  'POST /api/packets': [{ field: 'caseId', kind: 'cases' }],
  'POST /api/providers/match': [{ field: 'caseId', kind: 'cases' }],
  'PUT /api/cases/:id/assignee': [{ field: 'userId', kind: 'users' }],
  // hotline console (issue 12); the operator's own refusal is proven in api/hotline/hotline.test.ts
  'PUT /api/hotline/contacts/:id/case': [{ field: 'caseId', kind: 'cases' }],
  // justice (issue 14): defendants, chain stages, restitution on conviction records, financial intelligence
  'POST /api/defendants': [{ field: 'sourceCaseId', kind: 'cases' }],
  'POST /api/defendants/from-case': [{ field: 'caseId', kind: 'cases' }],
  'POST /api/justice/stages': [
    { field: 'chainId', kind: 'justice_chains' },
    { field: 'defendantIds', kind: 'defendants' },
    { field: 'victimPersonIds', kind: 'persons' },
    { field: 'recordRef', kind: 'investigations' },
  ],
  'PATCH /api/justice/stages/:id': [
    { field: 'defendantIds', kind: 'defendants' },
    { field: 'victimPersonIds', kind: 'persons' },
    { field: 'recordRef', kind: 'investigations' },
  ],
  'POST /api/justice/stages/:id/restitution': [
    { field: 'convictionRef', kind: 'convictions' },
    { field: 'victimPersonId', kind: 'persons' },
    { field: 'debtorDefendantId', kind: 'defendants' },
  ],
  'POST /api/justice/restitution/:id/payments': [{ field: 'payerDefendantId', kind: 'defendants' }],
  // network analysis (issue 14): an identifier recorded on a person, a defendant or an investigation
  'POST /api/network/identifiers': [
    { field: 'personId', kind: 'persons' },
    { field: 'defendantId', kind: 'defendants' },
    { field: 'chainId', kind: 'justice_chains' },
  ],
  'POST /api/financial-intelligence': [
    { field: 'chainIds', kind: 'justice_chains' },
    { field: 'defendantIds', kind: 'defendants' },
  ],
  'PATCH /api/financial-intelligence/:id': [
    { field: 'chainIds', kind: 'justice_chains' },
    { field: 'defendantIds', kind: 'defendants' },
  ],
};
/** Write routes whose bodies name no record of another agency (see above). */
const NO_BODY_REFERENCES = new Set([
  // a CTDC / HTCDS file (text/csv body): its rows become the caller's agency's records, ids in its namespace
  'POST /api/report/htcds',
  'DELETE /api/network/identifiers/:id',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/mfa/setup',
  'POST /api/auth/mfa/enable',
  'POST /api/auth/mfa/verify',
  'POST /api/public/tips',
  'POST /api/audit/verify',
  'PUT /api/agencies/:id',
  'POST /api/users',
  'PATCH /api/users/:id',
  'PATCH /api/tips/:id',
  'PUT /api/providers/mine',
  'PUT /api/providers/mine/capacity',
  'POST /api/screenings',
  'PUT /api/screenings/:id/answers/:itemId',
  'POST /api/screenings/:id/complete',
  'POST /api/cases/:id/closure',
  'POST /api/cases/:id/closure/approve',
  'POST /api/cases/:id/closure/reject',
  'POST /api/cases/:id/consents',
  // issue 11, "may be known elsewhere": a reason (the case is in the path) / a decision (the request in the path)
  'POST /api/cases/:id/access-requests',
  'POST /api/access-requests/:id/answer',
  'POST /api/cases/:id/plan/approve',
  // issue 11, transfer of a case: an agency id of the public directory and a reason (the case in the path), or the
  // transfer in the path (another agency's transfer is 404; proven in api/transfers/transfers.test.ts)
  'POST /api/cases/:id/transfers',
  'POST /api/case-transfers/:id/approve',
  'POST /api/case-transfers/:id/reject',
  'POST /api/case-transfers/:id/cancel',
  'POST /api/case-transfers/:id/accept',
  'POST /api/case-transfers/:id/decline',
  // issue 11, agency settings: the caller's own agency's contact (no id at all)
  'PUT /api/agency-settings',
  'POST /api/cases/:id/services',
  'POST /api/cases/:id/restitution/:orderId/payments',
  'POST /api/case-referrals/:id/accept',
  'POST /api/case-referrals/:id/decline',
  'POST /api/case-referrals/:id/complete',
  'POST /api/case-referrals/:id/services',
  'POST /api/packets/import',
  'POST /api/packets/trusted-keys',
  'POST /api/linkage/pairs/:a/:b/decision',
  'POST /api/linkage/decisions/:id/undo',
  'POST /api/imports',
  'POST /api/auth/password',
  'POST /api/auth/mfa/recovery-codes',
  'POST /api/users/:id/password-reset',
  'POST /api/alerts/:id/acknowledge',
  'PUT /api/alerts/settings',
  // hotline console (issue 12): agency ids of the public directory, the contact in the path, or nothing
  'POST /api/hotline/webhooks/twilio',
  'POST /api/hotline/contacts',
  'PATCH /api/hotline/contacts/:id',
  'POST /api/hotline/contacts/:id/take',
  'PUT /api/hotline/contacts/:id/screen',
  'POST /api/hotline/contacts/:id/referral',
  'POST /api/hotline/contacts/:id/case',
  'POST /api/hotline/contacts/:id/transfer',
  'POST /api/hotline/contacts/:id/tasks',
  'POST /api/hotline/contacts/:id/tasks/:taskId/done',
  'POST /api/hotline/contacts/:id/messages',
  'POST /api/hotline/contacts/:id/close',
  'POST /api/hotline/inbox/contacts/:id/accept',
  'POST /api/hotline/inbox/contacts/:id/decline',
  'POST /api/hotline/inbox/tips/:id/accept',
  'POST /api/hotline/inbox/tips/:id/decline',
  // public releases of the national figures (issue 13): a year, k and ε, or the release in the path; national
  // aggregates with no agency's record referenced
  'POST /api/releases',
  'POST /api/releases/:id/approve',
  'POST /api/releases/:id/discard',
  // justice (issue 14): the defendant or the pair in the path, and the defendant's own fields
  'PATCH /api/defendants/:id',
  'POST /api/defendant-links/:a/:b/decision',
]);

describe.each(['pglite', 'postgres'] as const)('cross-agency references on %s', (database) => {
  let srv: TestServer;
  let cwA: Client;
  let supA: Client;
  let cwB: Client;
  let bCase: string;
  let aCase: string;
  let bScreening: string;
  let bUser: string;
  let snapshot: string;
  const jd = { bDefendant: '', bChain: '', aChain: '', aSentence: '', aOrder: '', aReport: '' };

  /** What B sees of its own records: must not change whatever A tries. */
  async function bView(): Promise<string> {
    const out: unknown[] = [];
    for (const cfg of KINDS) {
      const r = await cwB.request('GET', `/api/${cfg.path}?limit=500`);
      out.push(cfg.kind, r.status, r.json?.items);
    }
    return JSON.stringify(out);
  }

  beforeAll(async () => {
    srv = await startTestServer({ database });
    await srv.ensureAgency(A, 'state', '09', 'prosecutor');
    await srv.ensureAgency(B, 'state', '15', 'prosecutor');
    await srv.ensureAgency(SHELTER, 'ngo', null, 'service_provider');
    cwA = await srv.login(await srv.createUser({ role: 'caseworker', agencyId: A }));
    supA = await srv.login(await srv.createUser({ role: 'supervisor', agencyId: A }));
    const userB = await srv.createUser({ role: 'caseworker', agencyId: B });
    bUser = userB.id;
    cwB = await srv.login(userB);
    const put = async (c: Client, kind: RecordKind, values: Record<string, string>) => {
      const cfg = KINDS.find((k) => k.kind === kind)!;
      const def = FILE_BY_KIND[kind];
      const { [def.idColumn]: id, ...body } = values;
      const r = await c.request('PUT', `/api/${cfg.path}/${encodeURIComponent(id!)}`, body);
      expect(r.status, `${kind} ${JSON.stringify(r.json)}`).toBe(200);
    };
    for (const [who, ids, client] of [
      [B, B_IDS, cwB],
      [A, A_IDS, cwA],
    ] as const) {
      const own = { ...ids, agencies: who };
      for (const kind of ['persons', 'investigations', 'prosecutions', 'convictions'] as const) {
        const values = row(kind, who, own, ids[kind]!);
        await put(client, kind, kind === 'persons' ? { ...values, ...PERSON_B } : values);
      }
    }
    const c = await cwB.request('POST', '/api/cases', { person: { givenNames: 'Rosa' } });
    bCase = c.json.id;
    aCase = (await cwA.request('POST', '/api/cases', { person: { givenNames: 'Ana' } })).json.id;
    bScreening = (await cwB.request('POST', '/api/screenings', { instrumentId: 'short-screen' })).json.id;
    // justice (issue 14): B's defendant and chain; A's chain, sentence, restitution order and financial report
    jd.bDefendant = (
      await cwB.request('POST', '/api/defendants', { identity: { givenNames: 'Rubén' } })
    ).json.id;
    jd.bChain = (
      await cwB.request('POST', '/api/justice/stages', { stage: 'investigation', startedOn: '2024-01-02' })
    ).json.id;
    jd.aChain = (
      await cwA.request('POST', '/api/justice/stages', { stage: 'investigation', startedOn: '2024-01-02' })
    ).json.id;
    jd.aSentence = (
      await cwA.request('POST', '/api/justice/stages', {
        stage: 'sentence',
        chainId: jd.aChain,
        startedOn: '2025-01-02',
        outcome: 'convicted',
      })
    ).json.id;
    jd.aOrder = (
      await cwA.request('POST', `/api/justice/stages/${jd.aSentence}/restitution`, {
        convictionRef: A_IDS.convictions,
        victimPersonId: A_IDS.persons,
        orderedMxn: '100.00',
      })
    ).json.id;
    jd.aReport = (
      await cwA.request('POST', '/api/financial-intelligence', {
        reportType: 'cash_deposit',
        reportedOn: '2024-02-01',
        amount: '10.00',
        currency: 'MXN',
      })
    ).json.id;
    expect(Object.values(jd).every(Boolean), JSON.stringify(jd)).toBe(true);
    snapshot = await bView();
  }, 300_000);
  afterAll(async () => srv?.close());

  it('lists a reference column for every reference of the exchange format', () => {
    expect(REFERENCE_COLUMNS.length).toBeGreaterThanOrEqual(9);
    expect(Object.keys(B_IDS).sort()).toEqual([...new Set(REFERENCE_COLUMNS.map((r) => r.target))].sort());
  });

  it('records API: a row naming B’s record is answered exactly as one naming a missing record', async () => {
    const failures: string[] = [];
    let n = 0;
    for (const { def, column, target } of REFERENCE_COLUMNS) {
      const cfg = KINDS.find((k) => k.kind === def.kind)!;
      const attempt = async (ref: string) => {
        const values = row(def.kind, A, A_IDS, `fge-cmx/att-${n++}`);
        values[column] = ref;
        const { [def.idColumn]: id, ...body } = values;
        const r = await cwA.request('PUT', `/api/${cfg.path}/${encodeURIComponent(id!)}`, body);
        return {
          status: r.status,
          code: r.json?.error?.code,
          details: (r.json?.error?.details ?? []).map((d: { field: string; code: string }) => [
            d.field,
            d.code,
          ]),
        };
      };
      const foreign = await attempt(B_IDS[target]!);
      const missing = await attempt(`fge-mex/none-${target}`);
      if (foreign.status < 400)
        failures.push(`${def.file}.${column} → ${target}: accepted (${foreign.status})`);
      if (JSON.stringify(foreign) !== JSON.stringify(missing))
        failures.push(
          `${def.file}.${column}: ${JSON.stringify(foreign)} ≠ missing ${JSON.stringify(missing)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it('import (.zip upload): a row naming B’s record is refused like a missing one, and nothing is written', async () => {
    const failures: string[] = [];
    const agencies = stringify([
      ['agency_id', 'name', 'level', 'kind', 'state_code', 'country'],
      [A, 'Fiscalía CDMX', 'state', 'prosecutor', '09', 'MEX'],
    ]);
    const upload = async (def: FileDef, values: Record<string, string>) => {
      const csv = stringify([def.columns.map((c) => c.name), def.columns.map((c) => values[c.name] ?? '')]);
      const zip = zipSync({ 'agencies.csv': strToU8(agencies), [def.file]: strToU8(csv) });
      const r = await fetch(`${srv.url}/api/imports`, {
        method: 'POST',
        headers: { cookie: supA.cookie, 'x-csrf-token': supA.csrfToken, 'content-type': 'application/zip' },
        body: zip,
      });
      const j = (await r.json()) as {
        ok?: boolean;
        errors?: { file: string; column: string; code: string }[];
      };
      return { status: r.status, ok: j.ok, errors: (j.errors ?? []).map((e) => [e.file, e.column, e.code]) };
    };
    let n = 0;
    for (const { def, column, target } of REFERENCE_COLUMNS) {
      const attempt = (ref: string) => {
        const values = row(def.kind, A, A_IDS, `fge-cmx/zip-${n++}`);
        values[column] = ref;
        return upload(def, values);
      };
      const foreign = await attempt(B_IDS[target]!);
      const missing = await attempt(`fge-mex/none-${target}`);
      if (foreign.ok !== false) failures.push(`${def.file}.${column} → ${target}: imported`);
      if (JSON.stringify(foreign) !== JSON.stringify(missing))
        failures.push(
          `${def.file}.${column}: ${JSON.stringify(foreign)} ≠ missing ${JSON.stringify(missing)}`,
        );
    }
    // the finding of the attack: 20 referral rows "to my own agency" of B's persons
    const def = FILE_BY_KIND.referrals;
    const forged = Array.from(
      { length: 20 },
      (_, i): Record<string, string> => ({
        ...row('referrals', A, A_IDS, `fge-cmx/ref-forged-${i}`),
        person_id: B_IDS.persons!,
        to_agency_id: A,
      }),
    );
    const csv = stringify([
      def.columns.map((c) => c.name),
      ...forged.map((v) => def.columns.map((c) => v[c.name])),
    ]);
    const r = await fetch(`${srv.url}/api/imports`, {
      method: 'POST',
      headers: { cookie: supA.cookie, 'x-csrf-token': supA.csrfToken, 'content-type': 'application/zip' },
      body: zipSync({ 'agencies.csv': strToU8(agencies), 'referrals.csv': strToU8(csv) }),
    });
    expect(((await r.json()) as { ok: boolean }).ok).toBe(false);
    expect(failures).toEqual([]);
  });

  it('the forged referral of the finding is refused and opens nothing', async () => {
    const r = await cwA.request('PUT', '/api/referrals/fge-cmx%2Fref-forged-1', {
      person_id: B_IDS.persons!,
      from_agency_id: A,
      to_agency_id: A,
      date: '2026-01-05',
      status: 'pending',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.details.map((d: { code: string }) => d.code)).toEqual(['unknown_reference']);
    const s = await cwA.request('PUT', '/api/services/fge-cmx%2Fsrv-forged-1', {
      person_id: B_IDS.persons!,
      provider_agency_id: A,
      service: 'shelter',
    });
    expect(s.status).toBe(400);
    expect((await cwA.request('GET', `/api/persons/${encodeURIComponent(B_IDS.persons!)}`)).status).toBe(404);
  });

  it('every write route is classified, and its body references to B’s records are refused like missing ones', async () => {
    const writes = srv.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'GET' && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    const unclassified = writes.filter(
      (w) => !BODY_REFERENCES[w] && !NO_BODY_REFERENCES.has(w) && !/^PUT \/api\/[a-z-]+\/:id$/.test(w),
    );
    expect(unclassified, 'list the body references of these write routes in BODY_REFERENCES').toEqual([]);

    const uuid = '00000000-0000-4000-8000-000000000000';
    const foreignOf = {
      persons: B_IDS.persons!,
      convictions: B_IDS.convictions!,
      screenings: bScreening,
      cases: bCase,
      users: bUser,
      defendants: jd.bDefendant,
      justice_chains: jd.bChain,
      investigations: B_IDS.investigations!,
    };
    const missingOf = {
      persons: 'fge-mex/none',
      convictions: 'fge-mex/none',
      screenings: uuid,
      cases: uuid,
      users: uuid,
      defendants: uuid,
      justice_chains: uuid,
      investigations: 'fge-mex/none',
    };
    const bodyOf = (route: string, field: string, ref: string): [string, unknown] => {
      switch (route) {
        case 'POST /api/cases':
          return ['/api/cases', { [field]: ref }];
        case 'PATCH /api/cases/:id':
          return [`/api/cases/${aCase}`, { [field]: ref }];
        case 'POST /api/cases/:id/restitution':
          return [`/api/cases/${aCase}/restitution`, { convictionRef: ref, orderedMxn: '10.00' }];
        case 'POST /api/case-referrals':
          return ['/api/case-referrals', { caseId: ref, providerId: uuid, services: ['shelter'] }];
        case 'POST /api/packets':
          return [
            '/api/packets',
            {
              caseId: ref,
              recipient: { agencyId: 'us-hotline', name: 'US', country: 'USA' },
              services: ['legal'],
            },
          ];
        case 'PUT /api/cases/:id/assignee':
          return [`/api/cases/${aCase}/assignee`, { userId: ref }];
        case 'PUT /api/hotline/contacts/:id/case':
          return [`/api/hotline/contacts/${uuid}/case`, { caseId: ref }];
        case 'POST /api/providers/match':
          return ['/api/providers/match', { caseId: ref, services: ['shelter'] }];
        // justice (issue 14): list fields carry the reference as their one element
        case 'POST /api/defendants/from-case':
          return ['/api/defendants/from-case', { caseId: ref, index: 0 }];
        case 'POST /api/defendants':
          return ['/api/defendants', { identity: { givenNames: 'Iván' }, [field]: ref }];
        case 'POST /api/justice/stages':
          return [
            '/api/justice/stages',
            field === 'chainId'
              ? { stage: 'prosecution', startedOn: '2024-03-01', chainId: ref }
              : {
                  stage: 'investigation',
                  startedOn: '2024-03-01',
                  [field]: field.endsWith('Ids') ? [ref] : ref,
                },
          ];
        case 'PATCH /api/justice/stages/:id':
          return [`/api/justice/stages/${jd.aChain}`, { [field]: field.endsWith('Ids') ? [ref] : ref }];
        case 'POST /api/justice/stages/:id/restitution':
          return [
            `/api/justice/stages/${jd.aSentence}/restitution`,
            {
              convictionRef: A_IDS.convictions,
              victimPersonId: A_IDS.persons,
              orderedMxn: '10.00',
              [field]: ref,
            },
          ];
        case 'POST /api/network/identifiers':
          return ['/api/network/identifiers', { kind: 'phone', value: '55 4821 3390', [field]: ref }];
        case 'POST /api/justice/restitution/:id/payments':
          return [
            `/api/justice/restitution/${jd.aOrder}/payments`,
            { paidOn: '2025-02-01', amountMxn: '1.00', payer: 'defendant', [field]: ref },
          ];
        case 'POST /api/financial-intelligence':
        case 'PATCH /api/financial-intelligence/:id':
          return [
            route.startsWith('POST')
              ? '/api/financial-intelligence'
              : `/api/financial-intelligence/${jd.aReport}`,
            {
              reportType: 'other',
              reportedOn: '2024-02-01',
              amount: '1.00',
              currency: 'MXN',
              [field]: [ref],
            },
          ];
        default:
          throw new Error(`no body for ${route}`);
      }
    };
    const failures: string[] = [];
    for (const [route, refs] of Object.entries(BODY_REFERENCES)) {
      const method = route.split(' ')[0]!;
      for (const { field, kind } of refs) {
        const answer = async (ref: string) => {
          const [path, body] = bodyOf(route, field, ref);
          const r = await (route.includes('assignee') ? supA : cwA).request(method, path, body);
          return { status: r.status, code: r.json?.error?.code };
        };
        const foreign = await answer(foreignOf[kind]);
        const missing = await answer(missingOf[kind]);
        if (foreign.status < 400)
          failures.push(`${route} ${field}: accepted B's ${kind} (${foreign.status})`);
        if (JSON.stringify(foreign) !== JSON.stringify(missing))
          failures.push(`${route} ${field}: ${JSON.stringify(foreign)} ≠ missing ${JSON.stringify(missing)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('A can neither test which of B’s ids exist nor take one (records API and .zip upload), mirror ids included', async () => {
    const failures: string[] = [];
    for (const cfg of KINDS) {
      const def = FILE_BY_KIND[cfg.kind];
      const attempt = async (id: string) => {
        const { [def.idColumn]: _id, ...body } = row(cfg.kind, A, A_IDS, id);
        const r = await cwA.request('PUT', `/api/${cfg.path}/${encodeURIComponent(id)}`, body);
        return { status: r.status, code: r.json?.error?.code };
      };
      const existing = B_IDS[cfg.kind] ? await attempt(B_IDS[cfg.kind]!) : null;
      const free = await attempt(`fge-mex/free-${cfg.kind}`);
      const mirror = await attempt(`cw-${bCase}`);
      if (free.status < 400) failures.push(`${cfg.kind}: took fge-mex/free-${cfg.kind} (${free.status})`);
      if (mirror.status < 400)
        failures.push(`${cfg.kind}: took the mirror id cw-${bCase} (${mirror.status})`);
      if (existing && JSON.stringify(existing) !== JSON.stringify(free))
        failures.push(
          `${cfg.kind}: ${JSON.stringify(existing)} for B's id ≠ ${JSON.stringify(free)} for a free one`,
        );
    }
    expect(failures).toEqual([]);
    // the attempts are in A's audit log for A's auditors
    const refused = await srv.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'write_refused' AND agency_id = $1",
      [A],
    );
    expect(refused.rows[0]!.n).toBeGreaterThanOrEqual(KINDS.length * 2);
  });

  it('afterwards every record of B is still unreadable to A, and unchanged', async () => {
    for (const [kind, id] of Object.entries(B_IDS)) {
      const cfg = KINDS.find((k) => k.kind === kind)!;
      const r = await cwA.request('GET', `/api/${cfg.path}/${encodeURIComponent(id)}`);
      expect(r.status, `${kind} ${id}`).toBe(404);
    }
    for (const cfg of KINDS) {
      const list = await supA.request('GET', `/api/${cfg.path}?limit=500`);
      const text = JSON.stringify(list.json ?? {});
      expect(text.includes('fge-mex/'), `${cfg.path} lists a record of B`).toBe(false);
      expect(text.includes(PERSON_B.curp)).toBe(false);
    }
    expect((await cwA.request('GET', `/api/cases/${bCase}`)).status).toBe(404);
    expect(await bView()).toBe(snapshot);
  });
});
