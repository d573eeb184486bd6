/**
 * The national hotline in the demo: open contacts at several stages (a critical call just screened, a
 * WhatsApp thread waiting for a reply, a referral waiting in the CDMX prosecutor's inbox, an unassigned SMS,
 * a warm transfer to a partner in the United States) and twelve weeks of closed contacts for the trends
 * page. Written through the console's own services, so every contact is also the annual report's record.
 * Every person and message is invented.
 */
import { stateProsecutorId } from '@enlace/core/demo';
import { getAgency, upsertAgency } from '../api/agencies/repository.ts';
import { syncRecord } from '../api/hotline/repository.ts';
import { CreateContactBody } from '../api/hotline/schema.ts';
import * as hl from '../api/hotline/service.ts';
import { configFromEnv } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { RequestContext, SessionUser } from '../http/context.ts';

type DemoAccount = {
  id: string;
  email: string;
  displayName: string;
  role: SessionUser['role'];
  agencyId: string;
};

export const DEMO_US_PARTNER = 'us-linea-aliada-frontera';

async function ctxOf(db: Db, u: DemoAccount): Promise<RequestContext> {
  const a = (await getAgency(db, u.agencyId))!;
  return {
    db,
    actor: { userId: u.id, agencyId: u.agencyId },
    session: null,
    config: { ...configFromEnv(), twilioAccountSid: undefined, twilioAuthToken: undefined },
    user: {
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
    },
  };
}

const CHANNELS = ['phone', 'phone', 'phone', 'whatsapp', 'chat', 'sms', 'email', 'web'] as const;
const STATES = ['09', '09', '15', '14', '07', '02', '19', '23', '21', '08', '26', '12'] as const;
const FORMS = ['sexual', 'sexual', 'forced_labor', 'forced_labor', 'forced_begging', null] as const;
const OUTCOMES = ['information', 'information', 'referred', 'no_action', 'case_opened'] as const;

/** Loads the hotline demo; `users` are the demo accounts by e-mail. Returns how many contacts. */
export async function loadDemoHotline(db: Db, users: ReadonlyMap<string, DemoAccount>): Promise<number> {
  const op = users.get('linea@linea.demo');
  const op2 = users.get('operador@linea.demo');
  const cmxUser = users.get('fiscal@cdmx.demo');
  if (!op || !op2 || !cmxUser) return 0;
  await upsertAgency(db, {
    id: DEMO_US_PARTNER,
    name: 'Línea Aliada Frontera Norte (EE. UU., demo)',
    level: 'foreign',
    kind: 'hotline',
    stateCode: null,
    country: 'USA',
  });
  const ctx = await ctxOf(db, op);
  const ctx2 = await ctxOf(db, op2);
  const cmx = stateProsecutorId('09');
  let n = 0;
  const take = async (c: RequestContext, body: Record<string, unknown>) => {
    n++;
    return hl.createContact(c, CreateContactBody.parse(body));
  };

  // 1. A critical call, screened, with a follow-up already overdue.
  const critical = await take(ctx, {
    channel: 'phone',
    callerType: 'victim',
    callerName: 'Guadalupe',
    callerContact: '+52 55 4411 2233',
    language: 'spa',
    stateCode: '09',
    municipality: '09007',
    narrative:
      'Llama desde el baño de un bar en Iztapalapa. Dice que el encargado tiene su credencial y no la deja salir; le dicen que debe 30 mil pesos del viaje.',
    urgency: 'critical',
    riskIndicators: ['immediate_danger', 'locked_in', 'documents_taken'],
    trafficking: 'yes',
    primaryForm: 'sexual',
  });
  await hl.saveScreen(ctx, critical.id, {
    safe_now: 'no',
    work_kind: 'bar_hotel',
    promise_kept: 'no',
    can_leave: 'no',
    documents_kept: 'yes',
    owes_money: 'yes',
    debt_unpayable: 'yes',
  });
  await hl.addTask(ctx, critical.id, {
    title: 'Volver a llamar a Guadalupe en cuanto pueda hablar',
    dueAt: new Date(Date.now() - 30 * 60_000).toISOString(),
  });

  // 2. A WhatsApp thread from Tapachula, waiting for the operator's answer.
  await hl.receiveMessage(db, {
    sid: `SM${'d'.repeat(31)}1`,
    from: 'whatsapp:+5219621234567',
    to: 'whatsapp:+525500000000',
    body: 'Hola, me ofrecieron trabajo en un restaurante en Monterrey pero ya llevamos 3 días encerradas en una casa',
    channel: 'whatsapp',
  });
  await hl.receiveMessage(db, {
    sid: `SM${'d'.repeat(31)}2`,
    from: 'whatsapp:+5219621234567',
    to: 'whatsapp:+525500000000',
    body: 'Somos 4, una de ellas tiene 16 años',
    channel: 'whatsapp',
  });
  n++;
  const wa = (await hl.listQueue(ctx, { status: 'open', limit: 50, offset: 0 })).items.find(
    (c) => c.channel === 'whatsapp',
  );
  if (wa) {
    await hl.takeContact(ctx2, wa.id);
    await hl.updateContact(ctx2, wa.id, {
      stateCode: '07',
      municipality: '07089',
      urgency: 'high',
      riskIndicators: ['locked_in', 'minor_involved'],
      language: 'spa',
      callerType: 'victim',
    });
    await hl.replyContact(ctx2, wa.id, 'Estamos contigo. ¿Puedes decirnos en qué colonia o calle están?');
  }

  // 3. Referred to the CDMX prosecutor: waiting in fiscal@cdmx.demo's "Canalizaciones de la Línea".
  const referred = await take(ctx2, {
    channel: 'phone',
    callerType: 'family',
    callerName: 'Rosa Hernández Cruz',
    callerContact: '+52 55 1234 5678',
    language: 'spa',
    stateCode: '09',
    municipality: '09010',
    narrative:
      'Su sobrina Itzel, de 19 años, se fue con un novio que conoció por Facebook. Ahora le manda mensajes diciendo que la obligan a trabajar en un hotel de Álvaro Obregón y que le quitan todo el dinero.',
    urgency: 'high',
    riskIndicators: ['threats'],
    trafficking: 'yes',
    primaryForm: 'sexual',
    consentShare: true,
  });
  await hl.referContact(ctx2, referred.id, {
    toAgencyId: cmx,
    note: 'La familia puede acompañar la denuncia; la joven tiene su celular.',
  });

  // 4. An unassigned SMS from Tijuana.
  await hl.receiveMessage(db, {
    sid: `SM${'e'.repeat(31)}1`,
    from: '+5216641112233',
    to: '+525500000000',
    body: 'En la obra de la calle 5 hay trabajadores que duermen ahí y no les pagan',
    channel: 'sms',
  });
  n++;

  // 5. A warm transfer to the partner hotline in the United States.
  const cross = await take(ctx, {
    channel: 'phone',
    callerType: 'victim',
    callerName: 'Marisol',
    language: 'spa',
    stateCode: '08',
    narrative:
      'Está en El Paso, Texas. La cruzaron con una oferta de trabajo en limpieza; le retienen el pasaporte.',
    urgency: 'high',
    riskIndicators: ['documents_taken', 'moving_across_border'],
    trafficking: 'yes',
    primaryForm: 'forced_labor',
    crossBorder: true,
    consentCrossBorder: true,
  });
  await hl.transferContact(ctx, cross.id, {
    recipientAgencyId: DEMO_US_PARTNER,
    services: ['shelter', 'legal'],
    note: 'Transferencia en caliente acordada por teléfono.',
    includeContact: false,
  });

  // 6. Twelve weeks of closed contacts for the trends (deterministic).
  for (let i = 0; i < 48; i++) {
    const c = await take(i % 2 ? ctx : ctx2, {
      channel: CHANNELS[i % CHANNELS.length],
      callerType: (['victim', 'family', 'witness', 'professional'] as const)[i % 4],
      language: i % 11 === 0 ? 'nah' : i % 13 === 0 ? 'tzo' : 'spa',
      stateCode: STATES[i % STATES.length],
      narrative: 'Contacto de demostración.',
      urgency: (['medium', 'low', 'high', 'medium'] as const)[i % 4],
      trafficking: i % 3 === 0 ? 'no' : 'yes',
      primaryForm: i % 3 === 0 ? null : FORMS[i % FORMS.length],
      crossBorder: i % 9 === 0,
    });
    const outcome = i % 3 === 0 ? 'information' : OUTCOMES[i % OUTCOMES.length]!;
    await hl.closeContact(i % 2 ? ctx : ctx2, c.id, outcome);
    const days = 2 + ((i * 37) % 82);
    await db.query(
      `UPDATE hl_contacts SET received_at = now() - make_interval(days => $2::int, hours => $3::int),
              closed_at = now() - make_interval(days => $2::int) + interval '40 minutes'
        WHERE id = $1`,
      [c.id, days, i % 9],
    );
    await syncRecord(db, c.id);
  }
  return n;
}
