/**
 * The convictions a case's restitution order can be recorded on, those that concern the case first.
 *
 * A conviction concerns the case when a justice chain of the agency (docs/justice.md) names the case's victim
 * (the exchange person the case names, or the case's statistics mirror `cw-<id>`) or a defendant recorded from
 * the case's perpetrators, and the conviction is that chain's record: the record of one of its stages, or the
 * conviction of a prosecution or investigation that is. Every other conviction the agency may read follows.
 * Each comes with what a person recognises it by — date, court, file number, defendants, charges — never an id to
 * type. Only the agency's own records are read (convictions' read scope, apps/server/src/api/records/scope.ts).
 */
import { screening } from '@enlace/core';
import { z } from 'zod';
import { audit } from '../../audit/service.ts';
import type { Db } from '../../db/index.ts';
import type { App } from '../../http/context.ts';
import { requireJustificationForCase } from '../alerts/access.ts';
import { displayName, readablePersonNames } from '../justice/service.ts';
import { scopeSql } from '../records/scope.ts';
import { decJson } from './crypto-json.ts';
import { mirrorId } from './exchange-sync.ts';
import { IdParams } from './schema.ts';
import { type Ctx, caseInScope } from './service.ts';

/**
 * The convictions the case's restitution can be ordered on: first those of a justice chain naming the case's victim
 * (`link: victim`) or a defendant recorded from the case (`link: defendant`), then the agency's others (`link: null`),
 * each with what identifies it to a person (never an id to type).
 */
export const RestitutionConvictions = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      date: z.string(),
      link: z.enum(['victim', 'defendant']).nullable(),
      /** The court of the sentence (or of the chain's latest stage that names one). */
      court: z.string().nullable(),
      /** The file number (causa penal) of the sentence or its chain. */
      reference: z.string().nullable(),
      /** Defendants' names (the sentence's, or the prosecution's defendant). */
      defendants: z.array(z.string()),
      /** Articles of the 2012 General Law charged in the chain (`@enlace/core/justice` `LAW_ARTICLES`). */
      charges: z.array(z.string()),
      primaryForm: z.string(),
      stateCode: z.string().nullable(),
      sentenceMonths: z.number().int().nullable(),
    }),
  ),
  /**
   * Restitution already ordered for this case's victim on a sentence in Justicia penal (docs/justice.md): what
   * was ordered and paid there, so it is not recorded twice; `stageId` opens the sentence's page.
   */
  justiceOrders: z.array(
    z.object({
      id: z.string(),
      stageId: z.string(),
      convictionRef: z.string(),
      orderedMxn: z.string(),
      orderedOn: z.string().nullable(),
      paidMxn: z.string(),
      outstandingMxn: z.string(),
      payments: z.array(
        z.object({ id: z.string(), paidOn: z.string(), amountMxn: z.string(), payer: z.string() }),
      ),
    }),
  ),
});

export type ConvictionLink = 'victim' | 'defendant' | null;

interface ConvictionRow {
  id: string;
  date: string;
  primary_form: string;
  state_code: string | null;
  sentence_months: number | null;
  prosecution_id: string | null;
  investigation_id: string | null;
  defendant_person_id: string | null;
}

interface StageRow {
  id: string;
  chain_id: string;
  stage: string;
  record_ref: string | null;
  reference: string;
  court: string;
  charges: string[];
  started_on: string;
}

/** Chains of the agency naming one of the case's persons (victim) or a defendant recorded from the case. */
async function linkedChains(db: Db, agencyId: string, caseId: string, personIds: readonly string[]) {
  const { rows } = await db.query<{ chain_id: string; why: 'victim' | 'defendant' }>(
    `SELECT DISTINCT s.chain_id, 'victim' AS why FROM jd_stages s JOIN jd_stage_victims v ON v.stage_id = s.id
      WHERE s.agency_id = $1 AND v.person_id = ANY($2::text[])
     UNION
     SELECT DISTINCT s.chain_id, 'defendant' AS why FROM jd_stages s
       JOIN jd_stage_defendants sd ON sd.stage_id = s.id JOIN jd_defendants d ON d.id = sd.defendant_id
      WHERE s.agency_id = $1 AND d.agency_id = $1 AND d.source_case_id = $3`,
    [agencyId, personIds, caseId],
  );
  const out = new Map<string, 'victim' | 'defendant'>();
  for (const r of rows) if (out.get(r.chain_id) !== 'victim') out.set(r.chain_id, r.why);
  return out;
}

export async function convictionsForCase(ctx: Ctx, caseId: string) {
  const agencyId = ctx.user!.agencyId;
  const row = await caseInScope(ctx, caseId);
  await requireJustificationForCase(ctx, caseId);
  const db = ctx.db;
  const personIds = [mirrorId(caseId), ...(row.person_ref ? [row.person_ref] : [])];
  const chains = await linkedChains(db, agencyId, caseId, personIds);

  const convictions = (
    await db.query<ConvictionRow>(
      `SELECT t.conviction_id AS id, t.date::text AS date, t.primary_form, t.state_code, t.sentence_months,
              t.prosecution_id, p.investigation_id, p.defendant_person_id
         FROM convictions t LEFT JOIN prosecutions p ON p.prosecution_id = t.prosecution_id AND p.agency_id = t.agency_id
        WHERE ${scopeSql('convictions', 1)}
        ORDER BY t.date DESC, t.conviction_id COLLATE "C" LIMIT 1000`,
      [agencyId],
    )
  ).rows;

  // the agency's stages that name an exchange record (any chain), and the stages of the linked chains
  const stages = (
    await db.query<StageRow>(
      `SELECT id, chain_id, stage, record_ref, reference, court, charges, started_on::text AS started_on
         FROM jd_stages WHERE agency_id = $1 AND (record_ref IS NOT NULL OR chain_id = ANY($2::uuid[]))
        ORDER BY started_on, created_at`,
      [agencyId, [...chains.keys()]],
    )
  ).rows;
  const stageOfRecord = new Map<string, StageRow>();
  const chainOfRecord = new Map<string, string>();
  for (const s of stages) {
    if (!s.record_ref) continue;
    chainOfRecord.set(s.record_ref, s.chain_id);
    // a sentence or appeal names a conviction; keep the latest stage per record
    stageOfRecord.set(s.record_ref, s);
  }
  const stagesOfChain = new Map<string, StageRow[]>();
  for (const s of stages) stagesOfChain.set(s.chain_id, [...(stagesOfChain.get(s.chain_id) ?? []), s]);

  // defendants of the stages that will be shown
  const shownStageIds = new Set<string>();
  const chainFor = (c: ConvictionRow) =>
    [c.id, c.prosecution_id, c.investigation_id]
      .map((r) => (r ? chainOfRecord.get(r) : undefined))
      .find((x) => x !== undefined);
  for (const c of convictions) {
    const s = stageOfRecord.get(c.id);
    if (s) shownStageIds.add(s.id);
    const ch = chainFor(c);
    if (ch) for (const st of stagesOfChain.get(ch) ?? []) shownStageIds.add(st.id);
  }
  const defRows = (
    await db.query<{ stage_id: string; identity_enc: string }>(
      `SELECT sd.stage_id, d.identity_enc FROM jd_stage_defendants sd JOIN jd_defendants d ON d.id = sd.defendant_id
        WHERE sd.stage_id = ANY($1::uuid[]) AND d.agency_id = $2`,
      [[...shownStageIds], agencyId],
    )
  ).rows;
  const defendantsOfStage = new Map<string, string[]>();
  for (const d of defRows) {
    const i = decJson<{ givenNames?: string; surname1?: string; surname2?: string; aliases?: string[] }>(
      'jd_defendants',
      'identity_enc',
      d.identity_enc,
    );
    const name = displayName({
      givenNames: i?.givenNames ?? '',
      surname1: i?.surname1 ?? '',
      surname2: i?.surname2 ?? '',
      aliases: i?.aliases ?? [],
    });
    const list = defendantsOfStage.get(d.stage_id) ?? [];
    if (!list.includes(name)) list.push(name);
    defendantsOfStage.set(d.stage_id, list);
  }

  // the prosecution's defendant (an exchange person the agency may read) when no stage names one
  const personIdsToName = [
    ...new Set(convictions.map((c) => c.defendant_person_id).filter((x): x is string => !!x)),
  ];
  const personNames = await readablePersonNames(db, personIdsToName, agencyId);

  const items = convictions.map((c) => {
    const chain = chainFor(c);
    const link: ConvictionLink = chain ? (chains.get(chain) ?? null) : null;
    const own = stageOfRecord.get(c.id);
    const chainStages = chain ? (stagesOfChain.get(chain) ?? []) : [];
    // court and file number: the conviction's own stage, else the latest stage of its chain that has them
    const withCourt = own?.court ? own : [...chainStages].reverse().find((s) => s.court);
    const withRef = own?.reference ? own : [...chainStages].reverse().find((s) => s.reference);
    const charges = [...new Set((own ? [own] : chainStages).flatMap((s) => s.charges))].sort(
      (a, b) => Number(a) - Number(b),
    );
    const fromStages = [
      ...new Set((own ? [own] : chainStages).flatMap((s) => defendantsOfStage.get(s.id) ?? [])),
    ];
    const fromProsecution = c.defendant_person_id ? personNames.get(c.defendant_person_id) : undefined;
    return {
      id: c.id,
      date: c.date,
      link,
      court: withCourt?.court || null,
      reference: withRef?.reference || null,
      defendants: fromStages.length ? fromStages : fromProsecution ? [fromProsecution] : [],
      charges,
      primaryForm: c.primary_form,
      stateCode: c.state_code,
      sentenceMonths: c.sentence_months,
    };
  });
  const rank = (l: ConvictionLink) => (l === 'victim' ? 0 : l === 'defendant' ? 1 : 2);
  items.sort((a, b) => rank(a.link) - rank(b.link) || b.date.localeCompare(a.date) || (a.id < b.id ? -1 : 1));
  // what a prosecutor of the agency already ordered for this victim on a sentence (Justicia penal)
  const orders = (
    await db.query<{
      id: string;
      stage_id: string;
      conviction_ref: string;
      ordered_mxn: string;
      ordered_on: string | null;
    }>(
      `SELECT o.id, o.stage_id, o.conviction_ref, o.ordered_mxn::text, o.ordered_on::text
         FROM jd_restitution_orders o JOIN jd_stages s ON s.id = o.stage_id
        WHERE s.agency_id = $1 AND o.victim_person_id = ANY($2::text[]) ORDER BY o.created_at, o.id`,
      [agencyId, personIds],
    )
  ).rows;
  const pays = (
    await db.query<{ id: string; order_id: string; paid_on: string; amount_mxn: string; payer: string }>(
      `SELECT id, order_id, paid_on::text, amount_mxn::text, payer FROM jd_restitution_payments
        WHERE order_id = ANY($1::uuid[]) ORDER BY paid_on, created_at`,
      [orders.map((o) => o.id)],
    )
  ).rows;
  const cents = (x: string) => screening.parseMxn(x);
  const mxn = (c: bigint) => screening.formatMxn(c);
  const justiceOrders = orders.map((o) => {
    const mine = pays.filter((p) => p.order_id === o.id);
    const paid = mine.reduce((a, p) => a + cents(p.amount_mxn), 0n);
    const ordered = cents(o.ordered_mxn);
    return {
      id: o.id,
      stageId: o.stage_id,
      convictionRef: o.conviction_ref,
      orderedMxn: mxn(ordered),
      orderedOn: o.ordered_on,
      paidMxn: mxn(paid),
      outstandingMxn: mxn(ordered > paid ? ordered - paid : 0n),
      payments: mine.map((p) => ({
        id: p.id,
        paidOn: p.paid_on,
        amountMxn: mxn(cents(p.amount_mxn)),
        payer: p.payer,
      })),
    };
  });
  await audit(ctx, {
    action: 'list',
    resource: 'restitution_convictions',
    resourceId: caseId,
    fields: ['defendant_names'],
  });
  return { items, justiceOrders };
}

export async function caseRestitutionConvictionRoutes(app: App) {
  app.get(
    '/api/cases/:id/restitution/convictions',
    {
      schema: {
        tags: ['cases'],
        summary:
          "Convictions to order restitution on: those concerning the case's victim or defendants first",
        params: IdParams,
        response: { 200: RestitutionConvictions },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => convictionsForCase(req.ctx, req.params.id),
  );
}
