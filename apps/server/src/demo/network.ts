/**
 * The demo's networks (issue 14): two synthetic rings in FEVIMTRA's records whose persons share phones,
 * addresses, an e-mail, a CLABE account, a vehicle and a company, each written two or three ways (so the
 * network's normalisation has work to do), with an investigation, a prosecution of the recruiter and a
 * financial intelligence report. One more ring in the CDMX prosecutor's records (never in FEVIMTRA's graph).
 * Every name, number and address is invented.
 */

import { stateProsecutorId } from '@enlace/core/demo';
import { memorySource } from '@enlace/core/exchange/source';
import { encJson } from '../api/cases/crypto-json.ts';
import type { IdentifierKind } from '../api/network/normalise.ts';
import { insertIdentifier } from '../api/network/repository.ts';
import type { Db } from '../db/index.ts';
import { importFolder } from '../import/engine.ts';

const FGR = 'fgr-fevimtra';

export async function loadDemoNetwork(db: Db): Promise<void> {
  const cdmx = stateProsecutorId('09');
  if (!(await importRingRecords(db, cdmx))) return;
  await recordRingIdentifiers(db);
  const defendantId = await recordDefendant(db);
  const chainId = await recordJusticeChain(db, defendantId);
  await recordFinancialReport(db, chainId, defendantId);
}

/**
 * The rings' persons, identifications, investigation, prosecution, conviction and financial report as an exchange
 * folder, imported; false when the demo's agencies are not there (then there are no networks).
 */
async function importRingRecords(db: Db, cdmx: string): Promise<boolean> {
  const p = (
    id: string,
    agency: string,
    given: string,
    s1: string,
    s2: string,
    sex: string,
    phone: string,
    email: string,
    address: string,
  ) => `${agency}/red-${id},${agency},${given},${s1},${s2},${sex},MEX,"${phone}",${email},"${address}"`;
  const persons = [
    p(
      'v1',
      FGR,
      'Ana Karen',
      'López',
      'Díaz',
      'female',
      '55 4821 3390',
      '',
      'Calle Jacarandas 45, Col. Santa Cruz, Puebla',
    ),
    p(
      'v2',
      FGR,
      'Brenda',
      'Ruiz',
      'Salgado',
      'female',
      '(55) 4821-3390',
      '',
      'C. Jacarandas No. 45 Colonia Santa Cruz, Puebla',
    ),
    p(
      'v3',
      FGR,
      'Daniela',
      'Ortiz',
      'Campos',
      'female',
      '+52 1 222 318 7745',
      'contacto.empleos@correo.test',
      '',
    ),
    p(
      'v4',
      FGR,
      'Guadalupe',
      'Santos',
      'Pérez',
      'female',
      '',
      '',
      'Calle Jacarandas 45 Col Santa Cruz Puebla',
    ),
    p(
      'p1',
      FGR,
      'Julio César',
      'Hernández',
      'Mora',
      'male',
      '+52 55 4821 3390',
      'Contacto.Empleos@correo.test',
      '',
    ),
    p(
      'p2',
      FGR,
      'Rogelio',
      'Vázquez',
      'Téllez',
      'male',
      '222 318 7745',
      '',
      'Av. Reforma 210, Col. Centro, Puebla',
    ),
    p(
      'p3',
      FGR,
      'Leticia',
      'Moreno',
      'Ibarra',
      'female',
      '',
      'leticia.mi@correo.test',
      'Avenida Reforma 210 Colonia Centro Puebla',
    ),
    p('v5', FGR, 'Sofía', 'Ramírez', 'Luna', 'female', '33 1456 7788', '', ''),
    p('p4', FGR, 'Arturo', 'Delgado', 'Fuentes', 'male', '33-1456-7788', '', ''),
    p('v6', cdmx, 'Karla', 'Mendoza', 'Ríos', 'female', '55 4821 3390', '', ''),
    p('p5', cdmx, 'Héctor', 'Galindo', 'Paz', 'male', '55 9001 2233', '', ''),
  ];
  // the folder names its agencies as they already are (an import needs agencies.csv; nothing about them changes)
  const ag = await db.query<{
    id: string;
    name: string;
    level: string;
    kind: string;
    state_code: string | null;
    country: string;
  }>(
    `SELECT id, name, level, kind, state_code, country FROM agencies WHERE id = ANY($1::text[]) ORDER BY id`,
    [[FGR, cdmx]],
  );
  if (ag.rows.length < 2) return false; // not the demo's agencies: no networks
  const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const files = {
    'agencies.csv': `agency_id,name,level,kind,state_code,country\n${ag.rows
      .map((a) => [a.id, q(a.name), a.level, a.kind, a.state_code ?? '', a.country].join(','))
      .join('\n')}\n`,
    'persons.csv': `person_id,agency_id,given_names,surname_1,surname_2,sex,nationality,phone,email,address\n${persons.join('\n')}\n`,
    'identifications.csv': `identification_id,person_id,agency_id,date,state_code,primary_form\n${[
      'v1',
      'v2',
      'v3',
      'v4',
      'v5',
    ]
      .map((v, i) => `${FGR}/red-i${v},${FGR}/red-${v},${FGR},2024-0${i + 2}-10,21,sexual`)
      .join('\n')}\n${cdmx}/red-iv6,${cdmx}/red-v6,${cdmx},2024-03-01,09,sexual\n`,
    'investigations.csv': `investigation_id,agency_id,opened_date,primary_form,state_code\n${FGR}/red-inv-01,${FGR},2024-04-01,sexual,21\n`,
    'prosecutions.csv': `prosecution_id,agency_id,investigation_id,defendant_person_id,initiated_date,primary_form,state_code\n${FGR}/red-pro-01,${FGR},${FGR}/red-inv-01,${FGR}/red-p1,2024-07-15,sexual,21\n`,
    'financial_reports.csv': `report_id,agency_id,date,amount_usd,investigation_id\n${FGR}/red-uif-01,${FGR},2024-05-20,48000,${FGR}/red-inv-01\n`,
    'convictions.csv': `conviction_id,agency_id,prosecution_id,date,primary_form,state_code,sentence_months,fine_mxn,restitution_ordered_mxn\n${FGR}/red-con-01,${FGR},${FGR}/red-pro-01,2024-09-28,sexual,21,300,250000,180000\n`,
  };
  const r = await importFolder({ db, actor: { userId: null, agencyId: null } }, memorySource(files));
  if (!r.ok) throw new Error(`demo network: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return true;
}

/** Accounts, handles, a vehicle and a company recorded on the rings' persons, written two or three ways. */
async function recordRingIdentifiers(db: Db): Promise<void> {
  const ids: [string, IdentifierKind, string][] = [
    ['p1', 'account', '0122 1800 1234 5678 91'],
    ['p3', 'account', '012218001234567891'],
    ['p1', 'handle', '@julio_empleos_mx'],
    ['v3', 'handle', 'Julio_Empleos_MX'],
    ['p2', 'vehicle', 'PUE-45-21'],
    ['p2', 'company', 'Transportes Serranos S.A. de C.V.'],
    ['p3', 'company', 'Transportes Serranos, S.A. de C.V.'],
    ['p4', 'handle', '@arturo.modelos'],
    ['v5', 'handle', '@Arturo.Modelos'],
  ];
  for (const [who, kind, value] of ids)
    await insertIdentifier(db, { agencyId: FGR, personId: `${FGR}/red-${who}`, kind, value });
}

/** The ring's transporter as a defendant in FEVIMTRA's justice records, with what an investigator recorded on him. */
async function recordDefendant(db: Db): Promise<string> {
  // A defendant of FEVIMTRA's justice records with what an investigator recorded on him (Imputados → his page):
  // the ring's vehicle written another way and an online handle, so he joins the ring in the graph.
  const def = await db.query<{ id: string }>(
    `INSERT INTO jd_defendants (agency_id, sex, nationality, network_roles, identity_enc)
     VALUES ($1, 'male', 'MEX', ARRAY['transporter'], $2) RETURNING id`,
    [
      FGR,
      encJson('jd_defendants', 'identity_enc', {
        givenNames: 'Efrén',
        surname1: 'Castillo',
        surname2: 'Ruiz',
        aliases: ['El Chaparro'],
        birthDate: null,
        approximateAge: 41,
        approximateAgeOn: '2024-07-15',
        curp: null,
      }),
    ],
  );
  const defendantId = def.rows[0]!.id;
  const defendantIds: [IdentifierKind, string, string][] = [
    ['vehicle', 'PUE 45 21', 'Camioneta en la que llevaba a las víctimas a Puebla'],
    ['handle', '@chaparro.viajes', 'Perfil desde el que ofrecía los traslados'],
  ];
  for (const [kind, value, note] of defendantIds)
    await insertIdentifier(db, { agencyId: FGR, defendantId: defendantId, kind, value, note });
  return defendantId;
}

/** The ring's justice chain (investigation, prosecution, sentence with restitution) and the CLABE on it. */
async function recordJusticeChain(db: Db, defendantId: string): Promise<string> {
  // The ring's justice chain (Justicia penal): the investigation (the exchange record red-inv-01) naming him and
  // two of the victims, charged four months later; on the investigation, the CLABE the payments went to, written
  // as the bank's report gave it — the same node as the recruiter's account in the graph.
  const stage = async (v: {
    chain: string | null;
    stage: 'investigation' | 'prosecution' | 'sentence';
    sentenceMonths?: number;
    fineMxn?: string;
    reference: string;
    recordRef: string;
    startedOn: string;
    court: string;
    outcome: string;
  }) => {
    const r = await db.query<{ id: string }>(
      `INSERT INTO jd_stages (id, agency_id, chain_id, stage, reference, record_ref, started_on, court, charges, outcome,
         sentence_months, fine_mxn)
       SELECT x, $1, COALESCE($2::uuid, x), $3, $4, $5, $6, $7, ARRAY['10', '13'], $8, $9, $10::numeric
         FROM gen_random_uuid() x
       RETURNING id`,
      [
        FGR,
        v.chain,
        v.stage,
        v.reference,
        v.recordRef,
        v.startedOn,
        v.court,
        v.outcome,
        v.sentenceMonths ?? null,
        v.fineMxn ?? null,
      ],
    );
    const id = r.rows[0]!.id;
    await db.query('INSERT INTO jd_stage_defendants (stage_id, defendant_id) VALUES ($1, $2)', [
      id,
      defendantId,
    ]);
    for (const v of ['v1', 'v2'])
      await db.query('INSERT INTO jd_stage_victims (stage_id, person_id) VALUES ($1, $2)', [
        id,
        `${FGR}/red-${v}`,
      ]);
    return id;
  };
  const chain = await stage({
    chain: null,
    stage: 'investigation',
    reference: 'FED/FEVIMTRA/PUE/0044/2024',
    recordRef: `${FGR}/red-inv-01`,
    startedOn: '2024-04-01',
    court: '',
    outcome: 'charged',
  });
  await stage({
    chain,
    stage: 'prosecution',
    reference: 'CP 112/2024',
    recordRef: `${FGR}/red-pro-01`,
    startedOn: '2024-07-15',
    court: 'Juzgado de Distrito Especializado en el Sistema Penal Acusatorio, Puebla',
    outcome: 'sent_to_trial',
  });
  // the sentence (the conviction record red-con-01): 25 years, restitution to Ana Karen ordered on the conviction,
  // partly paid from seized assets (recorded by the FEVIMTRA prosecutor of the demo when there is one)
  const sentence = await stage({
    chain,
    stage: 'sentence',
    reference: 'CP 112/2024',
    recordRef: `${FGR}/red-con-01`,
    startedOn: '2024-09-28',
    court: 'Tribunal de Enjuiciamiento del Sistema Penal Acusatorio, Puebla',
    outcome: 'convicted',
    sentenceMonths: 300,
    fineMxn: '250000',
  });
  const recorder = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE agency_id = $1 ORDER BY created_at, id LIMIT 1',
    [FGR],
  );
  if (recorder.rows[0]) {
    const order = await db.query<{ id: string }>(
      `INSERT INTO jd_restitution_orders (stage_id, conviction_ref, victim_person_id, debtor_defendant_id, ordered_mxn,
         ordered_on, recorded_by)
       VALUES ($1, $2, $3, $4, 180000, '2024-09-28', $5) RETURNING id`,
      [sentence, `${FGR}/red-con-01`, `${FGR}/red-v1`, defendantId, recorder.rows[0].id],
    );
    await db.query(
      `INSERT INTO jd_restitution_payments (order_id, paid_on, amount_mxn, payer, recorded_by)
       VALUES ($1, '2024-11-10', 60000, 'seized_assets', $2)`,
      [order.rows[0]!.id, recorder.rows[0].id],
    );
  }
  await insertIdentifier(db, {
    agencyId: FGR,
    chainId: chain,
    kind: 'account',
    value: '012-218-00123456789-1',
    note: 'CLABE receptora de los depósitos de los clientes (reporte de la UIF)',
  });
  return chain;
}

/** The bank's report on the ring's account, linked to the chain and the defendant. */
async function recordFinancialReport(db: Db, chain: string, defendantId: string): Promise<void> {
  // The bank's unusual-operation report on that account (Inteligencia financiera), linked to the investigation
  // and to the defendant; it names the ring's company, so in the graph it meets the ring there too.
  const fin = await db.query<{ id: string }>(
    `INSERT INTO jd_financial_reports (agency_id, report_type, reference, reported_on, institution, amount, currency,
       subjects_enc, accounts_enc)
     VALUES ($1, 'unusual_operation', 'UIF/ROI/2024/03117', '2024-05-20', 'Banco del Centro, S.A.', 48000, 'USD', $2, $3)
     RETURNING id`,
    [
      FGR,
      encJson('jd_financial_reports', 'subjects_enc', [
        { kind: 'company', name: 'Transportes Serranos, S.A. de C.V.', taxId: 'TSE190312AB4' },
        { kind: 'person', name: 'Efrén Castillo Ruiz', taxId: '' },
      ]),
      encJson('jd_financial_reports', 'accounts_enc', [
        {
          institution: 'Banco del Centro, S.A.',
          number: '012218001234567891',
          holder: 'Transportes Serranos',
        },
      ]),
    ],
  );
  await db.query('INSERT INTO jd_financial_report_chains (report_id, chain_id) VALUES ($1, $2)', [
    fin.rows[0]!.id,
    chain,
  ]);
  await db.query('INSERT INTO jd_financial_report_defendants (report_id, defendant_id) VALUES ($1, $2)', [
    fin.rows[0]!.id,
    defendantId,
  ]);
}
