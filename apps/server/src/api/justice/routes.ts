import { z } from 'zod';
import type { App } from '../../http/context.ts';
import {
  ChainList,
  DefendantBody,
  DefendantLinks,
  DefendantList,
  DefendantListQuery,
  DefendantPatch,
  DefendantRead,
  DefendantView,
  FinancialReportBody,
  FinancialReportList,
  FinancialReportView,
  FromCaseBody,
  IdParams,
  JusticeOptions,
  LinkDecided,
  LinkDecisionBody,
  LinkParams,
  ListQuery,
  RecordMatches,
  RecordSearchQuery,
  RestitutionOrderBody,
  RestitutionOrdered,
  RestitutionPaid,
  RestitutionPaymentBody,
  StageBody,
  StagePatch,
  StageRead,
  StageWritten,
  VictimMatches,
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
  searchRecords,
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
      schema: {
        tags,
        summary: "My agency's defendants (names audited)",
        querystring: DefendantListQuery,
        response: { 200: DefendantList },
      },
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
        response: { 201: DefendantView },
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
        response: { 201: DefendantView },
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
        response: { 200: DefendantRead },
      },
      config: READ,
    },
    async (req) => readDefendant(req.ctx, req.params.id),
  );
  app.patch(
    '/api/defendants/:id',
    {
      schema: {
        tags,
        summary: 'Change a defendant',
        params: IdParams,
        body: DefendantPatch,
        response: { 200: DefendantView },
      },
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
        response: { 200: DefendantLinks },
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
        response: { 200: LinkDecided },
      },
      config: WRITE,
    },
    async (req) => decideLink(req.ctx, req.params.a, req.params.b, req.body.status),
  );
  app.get(
    '/api/justice/options',
    {
      schema: {
        tags,
        summary: 'What the forms pick from: my defendants, victims, chains, exchange records',
        response: { 200: JusticeOptions },
      },
      config: READ,
    },
    async (req) => options(req.ctx),
  );
  app.get(
    '/api/justice/records',
    {
      schema: {
        tags,
        summary:
          "Search my agency's exchange records of a kind to pick one: file number, defendant's name, dates, state (audited)",
        querystring: RecordSearchQuery,
        response: { 200: RecordMatches },
      },
      config: READ,
    },
    async (req) => searchRecords(req.ctx, req.query),
  );
  app.get(
    '/api/justice/victims',
    {
      schema: {
        tags,
        summary: "Search my agency's persons by name to name them as victims (at most 20; audited)",
        querystring: z.strictObject({ q: z.string().trim().min(2).max(100) }),
        response: { 200: VictimMatches },
      },
      config: READ,
    },
    async (req) => searchVictims(req.ctx, req.query.q),
  );
  app.get(
    '/api/justice/chains',
    {
      schema: { tags, summary: "My agency's justice chains with durations", response: { 200: ChainList } },
      config: READ,
    },
    async (req) => listChains(req.ctx),
  );
  app.post(
    '/api/justice/stages',
    {
      schema: {
        tags,
        summary: 'Record a stage (an investigation opens a chain)',
        body: StageBody,
        response: { 201: StageWritten },
      },
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
        response: { 200: StageRead },
      },
      config: READ,
    },
    async (req) => readStage(req.ctx, req.params.id),
  );
  app.patch(
    '/api/justice/stages/:id',
    {
      schema: {
        tags,
        summary: 'Change a stage',
        params: IdParams,
        body: StagePatch,
        response: { 200: StageWritten },
      },
      config: WRITE,
    },
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
        response: { 201: RestitutionOrdered },
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
        response: { 201: RestitutionPaid },
      },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await addRestitutionPayment(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/api/financial-intelligence',
    {
      schema: {
        tags,
        summary: "My agency's financial intelligence reports",
        querystring: ListQuery,
        response: { 200: FinancialReportList },
      },
      config: READ,
    },
    async (req) => listFinancial(req.ctx, req.query),
  );
  app.post(
    '/api/financial-intelligence',
    {
      schema: {
        tags,
        summary: 'Record a financial intelligence report',
        body: FinancialReportBody,
        response: { 201: FinancialReportView },
      },
      config: WRITE,
    },
    async (req, reply) => reply.code(201).send(await createFinancial(req.ctx, req.body)),
  );
  app.get(
    '/api/financial-intelligence/:id',
    {
      schema: {
        tags,
        summary: 'One financial intelligence report',
        params: IdParams,
        response: { 200: FinancialReportView },
      },
      config: READ,
    },
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
        response: { 200: FinancialReportView },
      },
      config: WRITE,
    },
    async (req) => updateFinancial(req.ctx, req.params.id, req.body),
  );
}
