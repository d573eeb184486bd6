import { z } from 'zod';
import type { App } from '../../http/context.ts';
import {
  DefendantBody,
  DefendantListQuery,
  DefendantPatch,
  FinancialReportBody,
  FromCaseBody,
  IdParams,
  LinkDecisionBody,
  LinkParams,
  ListQuery,
  RestitutionOrderBody,
  RestitutionPaymentBody,
  StageBody,
  StagePatch,
} from './schema.ts';
import {
  addRestitutionOrder,
  addRestitutionPayment,
  createDefendant,
  createFinancial,
  createStage,
  decideLink,
  defendantFromCase,
  linkQueue,
  listChains,
  listDefendants,
  listFinancial,
  options,
  readDefendant,
  readFinancial,
  readStage,
  searchVictims,
  updateDefendant,
  updateFinancial,
  updateStage,
} from './service.ts';

const tags = ['justice'];
const READ = { permission: 'justice:read' } as const;
const WRITE = { permission: 'justice:write' } as const;

/** Defendants, the justice chain, restitution on conviction records, financial intelligence (docs/justice.md). */
export async function justiceRoutes(app: App) {
  const warn = (req: { log: { warn: (o: object, m: string) => void } }) => (err: unknown) =>
    req.log.warn(
      { errClass: (err as Error)?.constructor?.name },
      'defendant linkage after a committed write failed; the next write of the defendant retries',
    );
  app.get(
    '/api/defendants',
    {
      schema: { tags, summary: "My agency's defendants (names audited)", querystring: DefendantListQuery },
      config: READ,
    },
    async (req) => listDefendants(req.ctx, req.query),
  );
  app.post(
    '/api/defendants',
    {
      schema: {
        tags,
        summary: 'Record a defendant (identity encrypted; linked with the others)',
        body: DefendantBody,
      },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await createDefendant(req.ctx, req.body, warn(req))),
  );
  app.post(
    '/api/defendants/from-case',
    {
      schema: {
        tags,
        summary: "Record a case's perpetrator as a defendant (linked to the case)",
        body: FromCaseBody,
      },
      config: WRITE,
    },
    async (req, reply) =>
      reply.code(201).send(await defendantFromCase(req.ctx, req.body.caseId, req.body.index, warn(req))),
  );
  app.get(
    '/api/defendants/:id',
    {
      schema: {
        tags,
        summary: 'One defendant, the stages and reports naming them, possible same persons',
        params: IdParams,
      },
      config: READ,
    },
    async (req) => readDefendant(req.ctx, req.params.id),
  );
  app.patch(
    '/api/defendants/:id',
    {
      schema: { tags, summary: 'Change a defendant', params: IdParams, body: DefendantPatch },
      config: WRITE,
    },
    async (req) => updateDefendant(req.ctx, req.params.id, req.body, warn(req)),
  );
  app.get(
    '/api/defendant-links',
    {
      schema: {
        tags,
        summary: "Possible same-person pairs with one of my agency's defendants (others' shown by a handle)",
      },
      config: READ,
    },
    async (req) => linkQueue(req.ctx),
  );
  app.post(
    '/api/defendant-links/:a/:b/decision',
    {
      schema: {
        tags,
        summary: 'Decide a pair of my agency’s defendants',
        params: LinkParams,
        body: LinkDecisionBody,
      },
      config: WRITE,
    },
    async (req) => decideLink(req.ctx, req.params.a, req.params.b, req.body.status),
  );
  app.get(
    '/api/justice/options',
    {
      schema: { tags, summary: 'What the forms pick from: my defendants, victims, chains, exchange records' },
      config: READ,
    },
    async (req) => options(req.ctx),
  );
  app.get(
    '/api/justice/victims',
    {
      schema: {
        tags,
        summary: "Search my agency's persons by name to name them as victims (at most 20; audited)",
        querystring: z.strictObject({ q: z.string().trim().min(2).max(100) }),
      },
      config: READ,
    },
    async (req) => searchVictims(req.ctx, req.query.q),
  );
  app.get(
    '/api/justice/chains',
    { schema: { tags, summary: "My agency's justice chains with durations" }, config: READ },
    async (req) => listChains(req.ctx),
  );
  app.post(
    '/api/justice/stages',
    {
      schema: { tags, summary: 'Record a stage (an investigation opens a chain)', body: StageBody },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await createStage(req.ctx, req.body)),
  );
  app.get(
    '/api/justice/stages/:id',
    {
      schema: {
        tags,
        summary: 'A stage with its chain timeline, durations and restitution',
        params: IdParams,
      },
      config: READ,
    },
    async (req) => readStage(req.ctx, req.params.id),
  );
  app.patch(
    '/api/justice/stages/:id',
    { schema: { tags, summary: 'Change a stage', params: IdParams, body: StagePatch }, config: WRITE },
    async (req) => updateStage(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/justice/stages/:id/restitution',
    {
      schema: {
        tags,
        summary: 'Restitution ordered in a sentence, on a conviction record, for a victim',
        params: IdParams,
        body: RestitutionOrderBody,
      },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await addRestitutionOrder(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/justice/restitution/:id/payments',
    {
      schema: {
        tags,
        summary: 'A payment of ordered restitution, and who paid',
        params: IdParams,
        body: RestitutionPaymentBody,
      },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await addRestitutionPayment(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/financial-intelligence',
    {
      schema: { tags, summary: "My agency's financial intelligence reports", querystring: ListQuery },
      config: READ,
    },
    async (req) => listFinancial(req.ctx, req.query),
  );
  app.post(
    '/api/financial-intelligence',
    {
      schema: { tags, summary: 'Record a financial intelligence report', body: FinancialReportBody },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await createFinancial(req.ctx, req.body)),
  );
  app.get(
    '/api/financial-intelligence/:id',
    { schema: { tags, summary: 'One financial intelligence report', params: IdParams }, config: READ },
    async (req) => readFinancial(req.ctx, req.params.id),
  );
  app.patch(
    '/api/financial-intelligence/:id',
    {
      schema: {
        tags,
        summary: 'Replace a financial intelligence report',
        params: IdParams,
        body: FinancialReportBody,
      },
      config: WRITE,
    },
    async (req) => updateFinancial(req.ctx, req.params.id, req.body),
  );
}
