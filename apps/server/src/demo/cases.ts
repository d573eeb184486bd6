/**
 * Demo cases at several stages, written through the same services the API uses, so that a caseworker
 * signing in to the demo finds work in progress: a case ready to be matched, referrals waiting for an
 * answer, accepted referrals with services under way, a closure waiting for the supervisor. Every
 * person is invented; the contents are fixed and the dates are relative to the day the demo is loaded.
 */
import { stateProsecutorId } from '@enlace/core/demo';
import { getAgency } from '../api/agencies/repository.ts';
import { CreateCaseBody } from '../api/cases/schema.ts';
import { type Ctx, createCase, requestClosure } from '../api/cases/service.ts';
import { recordConsent } from '../api/consents/service.ts';
import { getProviderByAgency } from '../api/providers/repository.ts';
import {
  acceptReferral,
  completeReferral,
  createReferral,
  recordReferralService,
} from '../api/referral-workflow/service.ts';
import { decide, requestTransfer } from '../api/transfers/service.ts';
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../http/context.ts';

type Stage = 'new' | 'consented' | 'pending' | 'accepted' | 'in_service' | 'closure_requested';

interface DemoCase {
  /** Demo account that opens the case. */
  by: string;
  stage: Stage;
  body: Record<string, unknown>;
  /** Provider agencies referred to (with the services asked for) once consent is recorded. */
  referrals?: {
    to: string;
    services: string[];
    until: 'pending' | 'accepted' | 'in_service' | 'completed';
  }[];
  /** A transfer to another agency (the person consented), asked and, if `approved`, approved by a supervisor. */
  transfer?: { to: string; until: 'requested' | 'approved'; reason: string };
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const CASES: readonly DemoCase[] = [
  {
    by: 'fiscal@cdmx.demo',
    stage: 'consented',
    body: {
      person: {
        givenNames: 'Citlali',
        sex: 'female',
        birthDate: '2001-03-18',
        nationality: 'MEX',
        languages: ['spa'],
      },
      identification: {
        date: day(-2),
        stateCode: '09',
        primaryForm: 'sexual',
        sector: 'bar_cantina',
        meansOfControl: ['romantic_deception', 'threats'],
        recruitment: ['intimate_partner'],
      },
      needs: ['shelter', 'psychological', 'legal'],
      municipality: '09007',
      notes: 'Caso de demostración: consentimiento registrado; falta buscar proveedores y canalizar.',
    },
  },
  {
    by: 'fiscal@cdmx.demo',
    stage: 'pending',
    body: {
      person: {
        givenNames: 'Yolotl',
        sex: 'male',
        birthDate: '1989-07-02',
        nationality: 'MEX',
        indigenous: true,
        languages: ['nah', 'spa'],
      },
      identification: {
        date: day(-5),
        stateCode: '09',
        primaryForm: 'forced_labor',
        sector: 'construction',
        meansOfControl: ['debt_bondage', 'withholds_wages'],
        recruitment: ['labor_recruiter'],
      },
      needs: ['interpretation', 'legal', 'employment'],
      municipality: '09015',
      notes: 'Caso de demostración: canalizado a intérpretes de náhuatl; esperando respuesta.',
    },
    referrals: [{ to: 'ong-tlahtolli-interpretes', services: ['interpretation'], until: 'pending' }],
  },
  {
    by: 'fiscal@cdmx.demo',
    stage: 'in_service',
    body: {
      person: {
        givenNames: 'María Guadalupe',
        sex: 'female',
        birthDate: '1978-11-23',
        nationality: 'MEX',
        languages: ['spa', 'mix'],
        indigenous: true,
      },
      identification: {
        date: day(-30),
        stateCode: '09',
        primaryForm: 'servitude',
        sector: 'domestic_work',
        meansOfControl: ['withholds_documents', 'restricts_movement'],
      },
      needs: ['legal', 'employment', 'psychological'],
      municipality: '09003',
      notes: 'Caso de demostración: la colectiva aceptó la canalización y da asesoría jurídica.',
    },
    referrals: [{ to: 'ong-manos-dignas-hogar', services: ['legal', 'employment'], until: 'in_service' }],
  },
  {
    by: 'fiscal@cdmx.demo',
    stage: 'closure_requested',
    body: {
      person: {
        givenNames: 'Ximena',
        sex: 'female',
        birthDate: '1999-01-09',
        nationality: 'MEX',
        languages: ['spa'],
      },
      identification: {
        date: day(-120),
        stateCode: '09',
        primaryForm: 'sexual',
        sector: 'online',
        recruitment: ['social_media'],
      },
      needs: ['shelter', 'psychological'],
      municipality: '09005',
      notes: 'Caso de demostración: atención concluida; cierre solicitado, pendiente de la supervisora.',
    },
    referrals: [{ to: 'ong-refugio-alba-cdmx', services: ['shelter', 'psychological'], until: 'completed' }],
  },
  {
    by: 'fiscal@chiapas.demo',
    stage: 'pending',
    body: {
      person: {
        givenNames: 'Xunka',
        sex: 'female',
        birthDate: '2004-06-30',
        nationality: 'MEX',
        indigenous: true,
        languages: ['tzo'],
      },
      identification: {
        date: day(-3),
        stateCode: '07',
        primaryForm: 'sexual',
        sector: 'bar_cantina',
        recruitment: ['job_offer'],
      },
      needs: ['shelter', 'interpretation', 'psychological'],
      municipality: '07078',
      notes: 'Caso de demostración: intérprete de tsotsil aceptó; el refugio aún no responde.',
    },
    referrals: [
      { to: 'ong-batsi-kop-interpretes', services: ['interpretation'], until: 'accepted' },
      { to: 'ong-casa-ceiba-chis', services: ['shelter', 'psychological'], until: 'pending' },
    ],
  },
  {
    by: 'procuraduria@dif-cdmx.demo',
    stage: 'in_service',
    body: {
      person: {
        givenNames: 'Kevin',
        sex: 'male',
        birthDate: '2012-09-14',
        nationality: 'MEX',
        languages: ['spa'],
      },
      identification: {
        date: day(-10),
        stateCode: '09',
        primaryForm: 'forced_criminality',
        sector: 'criminal_activity',
      },
      needs: ['shelter', 'education', 'psychological'],
      municipality: '09007',
      notes: 'Caso de demostración: adolescente en el Centro de Asistencia Social.',
    },
    referrals: [{ to: 'dif-cdmx-cas-tonalli', services: ['shelter', 'education'], until: 'in_service' }],
  },
  {
    by: 'fiscal@fgr.demo',
    stage: 'new',
    body: {
      person: {
        givenNames: 'Dayana',
        sex: 'female',
        birthDate: '2002-02-11',
        nationality: 'HND',
        languages: ['spa'],
        migrationStatus: 'irregular',
      },
      identification: {
        date: day(-1),
        stateCode: '07',
        primaryForm: 'sexual',
        sector: 'bar_cantina',
        recruitment: ['job_offer'],
      },
      needs: ['shelter', 'legal', 'repatriation'],
      municipality: '07089',
      notes: 'Caso de demostración: recién abierto; falta registrar el consentimiento.',
    },
  },
  {
    by: 'fiscal@fgr.demo',
    stage: 'consented',
    body: {
      person: {
        givenNames: 'Marisol',
        surname1: 'Pacheco',
        surname2: 'Luna',
        sex: 'female',
        birthDate: '1998-11-05',
        nationality: 'MEX',
        languages: ['spa'],
      },
      identification: {
        date: day(-6),
        stateCode: '09',
        primaryForm: 'forced_labor',
        sector: 'domestic_work',
        recruitment: ['job_offer'],
      },
      needs: ['legal', 'psychological', 'employment'],
      municipality: '09007',
      notes: 'Caso de demostración: traslado aprobado a la Fiscalía de la CDMX; espera su respuesta.',
    },
    transfer: {
      to: stateProsecutorId('09'),
      until: 'approved',
      reason:
        'La persona vive en Iztapalapa y los hechos ocurrieron solo en la Ciudad de México: corresponde a la fiscalía local.',
    },
  },
  {
    by: 'fiscal@cdmx.demo',
    stage: 'consented',
    body: {
      person: {
        givenNames: 'Yareli',
        surname1: 'Domínguez',
        sex: 'female',
        birthDate: '2004-06-21',
        nationality: 'MEX',
        languages: ['spa', 'nah'],
        indigenous: true,
      },
      identification: {
        date: day(-4),
        stateCode: '09',
        primaryForm: 'sexual',
        sector: 'online',
        recruitment: ['social_media'],
      },
      needs: ['shelter', 'legal'],
      municipality: '09007',
      notes: 'Caso de demostración: traslado a FEVIMTRA solicitado; espera la aprobación de la supervisora.',
    },
    transfer: {
      to: 'fgr-fevimtra',
      until: 'requested',
      reason:
        'La red la trasladó por Puebla, Tlaxcala y la Ciudad de México: delincuencia organizada, competencia federal.',
    },
  },
];

/** Signs a demo account in for the services (no HTTP session: the demo writes as these users would). */
async function sessionOf(
  db: Db,
  u: { id: string; email: string; displayName: string; role: SessionUser['role']; agencyId: string },
): Promise<Ctx> {
  const a = (await getAgency(db, u.agencyId))!;
  const user: SessionUser = {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    agencyId: u.agencyId,
    agencyName: a.name,
    agencyLevel: a.level,
    agencyKind: a.kind,
    stateCode: a.stateCode ?? null,
    locale: 'es-MX',
  };
  return { db, actor: { userId: u.id, agencyId: u.agencyId }, user };
}

/** Writes the demo cases; `users` are the created demo accounts by e-mail. Returns how many cases. */
export async function loadDemoCases(
  db: Db,
  users: ReadonlyMap<
    string,
    { id: string; email: string; displayName: string; role: SessionUser['role']; agencyId: string }
  >,
): Promise<number> {
  const staffOf = new Map(
    [...users.values()].filter((u) => u.role === 'service_provider').map((u) => [u.agencyId, u]),
  );
  for (const c of CASES) {
    const ctx = await sessionOf(db, users.get(c.by)!);
    const created = await createCase(ctx, CreateCaseBody.parse(c.body));
    if (c.stage === 'new') continue;
    await recordConsent(ctx, created.id, { purpose: 'referral', action: 'granted', method: 'written' });
    for (const r of c.referrals ?? []) {
      const provider = (await getProviderByAgency(db, r.to))!;
      const ref = await createReferral(ctx, {
        caseId: created.id,
        providerId: provider.id,
        services: r.services,
      });
      if (r.until === 'pending') continue;
      const pctx = await sessionOf(db, staffOf.get(r.to)!);
      await acceptReferral(pctx, ref.id);
      if (r.until === 'accepted') continue;
      for (const s of r.services) {
        await recordReferralService(pctx, ref.id, {
          service: s,
          startDate: day(-7),
          endDate: r.until === 'completed' ? day(-1) : null,
          funding: r.to.startsWith('dif-') ? 'state' : 'ngo',
        });
      }
      if (r.until === 'completed') await completeReferral(pctx, ref.id);
    }
    if (c.transfer) {
      await recordConsent(ctx, created.id, { purpose: 'transfer', action: 'granted', method: 'written' });
      const tr = await requestTransfer(ctx, created.id, c.transfer.to, c.transfer.reason);
      if (c.transfer.until === 'approved') {
        const sup = [...users.values()].find(
          (u) => u.role === 'supervisor' && u.agencyId === ctx.user!.agencyId,
        )!;
        await decide(await sessionOf(db, sup), tr.id, 'approve');
      }
    }
    if (c.stage === 'closure_requested') await requestClosure(ctx, created.id, 'goals_met');
  }
  return CASES.length;
}

/**
 * The cases of two victims of the demo's justice chain (apps/server/src/demo/network.ts), opened by FEVIMTRA's
 * prosecutor on their exchange records: Brenda Ruiz Salgado, whose case page offers the ring's sentence first ("De
 * esta víctima") so restitution is recorded without typing a code, and Ana Karen López Díaz, whose case page shows
 * the restitution the prosecutor recorded on the sentence (ordered, paid from seized assets, outstanding). Call
 * after `loadDemoNetwork` (the persons must exist).
 */
export async function loadDemoJusticeCase(
  db: Db,
  users: ReadonlyMap<
    string,
    { id: string; email: string; displayName: string; role: SessionUser['role']; agencyId: string }
  >,
): Promise<number> {
  const by = users.get('fiscal@fgr.demo');
  if (!by) return 0;
  const ctx = await sessionOf(db, by);
  const victims = [
    // Brenda: no restitution recorded yet; the case page offers the ring's sentence first
    {
      personRef: 'fgr-fevimtra/red-v2',
      person: { givenNames: 'Brenda', surname1: 'Ruiz', surname2: 'Salgado' },
      date: '2024-03-10',
      notes:
        'Caso de demostración: víctima en la cadena FED/FEVIMTRA/PUE/0044/2024; falta registrar la reparación del daño ordenada en la sentencia.',
    },
    // Ana Karen: the prosecutor recorded her restitution on the sentence; her case page shows it (ordered, paid)
    {
      personRef: 'fgr-fevimtra/red-v1',
      person: { givenNames: 'Ana Karen', surname1: 'López', surname2: 'Díaz' },
      date: '2024-02-10',
      notes:
        'Caso de demostración: la sentencia de la cadena FED/FEVIMTRA/PUE/0044/2024 ordenó reparación; se pagó una parte con bienes decomisados.',
    },
  ];
  let n = 0;
  for (const v of victims) {
    const person = await db.query('SELECT 1 FROM persons WHERE person_id = $1 AND agency_id = $2', [
      v.personRef,
      by.agencyId,
    ]);
    if (person.rows.length === 0) continue; // not the demo's networks
    const created = await createCase(
      ctx,
      CreateCaseBody.parse({
        personRef: v.personRef,
        person: { ...v.person, sex: 'female', nationality: 'MEX', languages: ['spa'] },
        identification: {
          date: v.date,
          stateCode: '21',
          primaryForm: 'sexual',
          sector: 'residential_brothel',
          recruitment: ['job_offer'],
        },
        needs: ['legal', 'psychological'],
        municipality: '21114',
        notes: v.notes,
      }),
    );
    await recordConsent(ctx, created.id, { purpose: 'referral', action: 'granted', method: 'written' });
    n++;
  }
  return n;
}
