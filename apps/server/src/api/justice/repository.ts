/** SQL of the justice area (defendants, chain stages, restitution, financial intelligence). */
import type { Db } from '../../db/index.ts';
import { scopeSql } from '../records/scope.ts';

export interface DefendantRow {
  id: string;
  agency_id: string;
  sex: string | null;
  nationality: string | null;
  network_roles: string[];
  identity_enc: string;
  notes_enc: string | null;
  source_case_id: string | null;
  created_at: string;
  updated_at: string;
}
const DEF_COLS =
  'id, agency_id, sex, nationality, network_roles, identity_enc, notes_enc, source_case_id, created_at, updated_at';

export async function insertDefendant(
  db: Db,
  d: Omit<DefendantRow, 'created_at' | 'updated_at' | 'id'> & { created_by: string },
): Promise<DefendantRow> {
  const { rows } = await db.query<DefendantRow>(
    `INSERT INTO jd_defendants (agency_id, sex, nationality, network_roles, identity_enc, notes_enc, source_case_id, created_by)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8) RETURNING ${DEF_COLS}`,
    [
      d.agency_id,
      d.sex,
      d.nationality,
      d.network_roles,
      d.identity_enc,
      d.notes_enc,
      d.source_case_id,
      d.created_by,
    ],
  );
  return rows[0]!;
}

export async function updateDefendant(
  db: Db,
  id: string,
  d: Pick<DefendantRow, 'sex' | 'nationality' | 'network_roles' | 'identity_enc' | 'notes_enc'>,
): Promise<DefendantRow> {
  const { rows } = await db.query<DefendantRow>(
    `UPDATE jd_defendants SET sex = $2, nationality = $3, network_roles = $4::text[], identity_enc = $5, notes_enc = $6,
       updated_at = now() WHERE id = $1 RETURNING ${DEF_COLS}`,
    [id, d.sex, d.nationality, d.network_roles, d.identity_enc, d.notes_enc],
  );
  return rows[0]!;
}

export async function getDefendant(db: Db, id: string, forUpdate = false): Promise<DefendantRow | undefined> {
  const { rows } = await db.query<DefendantRow>(
    `SELECT ${DEF_COLS} FROM jd_defendants WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function listDefendants(
  db: Db,
  agencyId: string,
  limit: number,
  offset: number,
  caseId: string | null = null,
) {
  const total = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM jd_defendants WHERE agency_id = $1 AND ($2::uuid IS NULL OR source_case_id = $2)',
    [agencyId, caseId],
  );
  const { rows } = await db.query<DefendantRow>(
    `SELECT ${DEF_COLS} FROM jd_defendants WHERE agency_id = $1 AND ($4::uuid IS NULL OR source_case_id = $4)
      ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
    [agencyId, limit, offset, caseId],
  );
  return { total: total.rows[0]?.n ?? 0, rows };
}

/** Every defendant's identity (all agencies), for the linkage only: never returned to a client. */
export async function allDefendantIdentities(db: Db) {
  const { rows } = await db.query<
    Pick<DefendantRow, 'id' | 'agency_id' | 'sex' | 'nationality' | 'identity_enc'>
  >('SELECT id, agency_id, sex, nationality, identity_enc FROM jd_defendants ORDER BY id');
  return rows;
}

/** Which of `ids` are defendants of `agencyId`. */
export async function ownDefendantIds(
  db: Db,
  ids: readonly string[],
  agencyId: string,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM jd_defendants WHERE id = ANY($1::uuid[]) AND agency_id = $2',
    [ids, agencyId],
  );
  return new Set(rows.map((r) => r.id));
}

// ---- defendant links ----
export interface LinkRow {
  a: string;
  b: string;
  probability: number;
  status: 'pending' | 'same' | 'different';
  decided_at: string | null;
  a_agency: string;
  b_agency: string;
}

export async function upsertDefendantLink(db: Db, a: string, b: string, p: number) {
  await db.query(
    `INSERT INTO jd_defendant_links (a, b, probability) VALUES ($1, $2, $3)
     ON CONFLICT (a, b) DO UPDATE SET probability = EXCLUDED.probability`,
    [a, b, p],
  );
}

/** Undecided links of `id` whose pair no longer scores (after a change of the defendant). */
export async function dropStalePendingLinks(db: Db, id: string, keep: readonly string[]) {
  await db.query(
    `DELETE FROM jd_defendant_links WHERE status = 'pending' AND (a = $1 OR b = $1)
       AND NOT (CASE WHEN a = $1 THEN b ELSE a END = ANY($2::uuid[]))`,
    [id, keep],
  );
}

export async function linksOfAgency(db: Db, agencyId: string, defendantId?: string): Promise<LinkRow[]> {
  const { rows } = await db.query<LinkRow>(
    `SELECT l.a, l.b, l.probability, l.status, l.decided_at, da.agency_id AS a_agency, db.agency_id AS b_agency
       FROM jd_defendant_links l JOIN jd_defendants da ON da.id = l.a JOIN jd_defendants db ON db.id = l.b
      WHERE (da.agency_id = $1 OR db.agency_id = $1) AND ($2::uuid IS NULL OR l.a = $2 OR l.b = $2)
      ORDER BY (l.status = 'pending') DESC, l.probability DESC, l.a, l.b`,
    [agencyId, defendantId ?? null],
  );
  return rows.map((r) => ({ ...r, probability: Number(r.probability) }));
}

export async function decideDefendantLink(
  db: Db,
  a: string,
  b: string,
  status: string,
  userId: string,
): Promise<boolean> {
  const r = await db.query(
    `UPDATE jd_defendant_links SET status = $3, decided_by = CASE WHEN $3 = 'pending' THEN NULL ELSE $4::uuid END,
       decided_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END WHERE a = $1 AND b = $2 RETURNING a`,
    [a, b, status, userId],
  );
  return r.rows.length > 0;
}

// ---- stages ----
export interface StageRow {
  id: string;
  agency_id: string;
  chain_id: string;
  stage: string;
  reference: string;
  record_ref: string | null;
  started_on: string;
  ended_on: string | null;
  court: string;
  charges: string[];
  outcome: string | null;
  sentence_months: number | null;
  fine_mxn: string | null;
  official_complicity: boolean;
  complicity_enc: string | null;
  notes_enc: string | null;
  created_at: string;
  updated_at: string;
}
const STAGE_COLS = `id, agency_id, chain_id, stage, reference, record_ref, started_on, ended_on, court, charges, outcome,
  sentence_months, fine_mxn, official_complicity, complicity_enc, notes_enc, created_at, updated_at`;

export type StageWrite = Omit<
  StageRow,
  'created_at' | 'updated_at' | 'agency_id' | 'chain_id' | 'stage' | 'id'
>;

export async function insertStage(
  db: Db,
  s: StageWrite & { id: string; agency_id: string; chain_id: string; stage: string; created_by: string },
): Promise<StageRow> {
  const { rows } = await db.query<StageRow>(
    `INSERT INTO jd_stages (id, agency_id, chain_id, stage, reference, record_ref, started_on, ended_on, court, charges,
       outcome, sentence_months, fine_mxn, official_complicity, complicity_enc, notes_enc, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13, $14, $15, $16, $17) RETURNING ${STAGE_COLS}`,
    [
      s.id,
      s.agency_id,
      s.chain_id,
      s.stage,
      s.reference,
      s.record_ref,
      s.started_on,
      s.ended_on,
      s.court,
      s.charges,
      s.outcome,
      s.sentence_months,
      s.fine_mxn,
      s.official_complicity,
      s.complicity_enc,
      s.notes_enc,
      s.created_by,
    ],
  );
  return rows[0]!;
}

export async function updateStage(db: Db, id: string, s: StageWrite): Promise<StageRow> {
  const { rows } = await db.query<StageRow>(
    `UPDATE jd_stages SET reference = $2, record_ref = $3, started_on = $4, ended_on = $5, court = $6, charges = $7::text[],
       outcome = $8, sentence_months = $9, fine_mxn = $10, official_complicity = $11, complicity_enc = $12, notes_enc = $13,
       updated_at = now() WHERE id = $1 RETURNING ${STAGE_COLS}`,
    [
      id,
      s.reference,
      s.record_ref,
      s.started_on,
      s.ended_on,
      s.court,
      s.charges,
      s.outcome,
      s.sentence_months,
      s.fine_mxn,
      s.official_complicity,
      s.complicity_enc,
      s.notes_enc,
    ],
  );
  return rows[0]!;
}

export async function getStage(db: Db, id: string, forUpdate = false): Promise<StageRow | undefined> {
  const { rows } = await db.query<StageRow>(
    `SELECT ${STAGE_COLS} FROM jd_stages WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function stagesOfChain(db: Db, chainId: string): Promise<StageRow[]> {
  const { rows } = await db.query<StageRow>(
    `SELECT ${STAGE_COLS} FROM jd_stages WHERE chain_id = $1
      ORDER BY started_on, array_position(ARRAY['investigation','prosecution','trial','sentence','appeal'], stage), created_at`,
    [chainId],
  );
  return rows;
}

export async function chainsOfAgency(db: Db, agencyId: string): Promise<StageRow[]> {
  const { rows } = await db.query<StageRow>(
    `SELECT ${STAGE_COLS} FROM jd_stages WHERE agency_id = $1 ORDER BY chain_id, started_on, created_at`,
    [agencyId],
  );
  return rows;
}

/**
 * Replaces the rows of a link table that belong to one owner (`ownerCol` = ownerId) by one row per id. Table and
 * column names are this module's constants, never input.
 */
async function replaceLinks(
  db: Db,
  link: { table: string; ownerCol: string; idCol: string; idType: 'uuid' | 'text' },
  ownerId: string,
  ids: readonly string[],
) {
  await db.query(`DELETE FROM ${link.table} WHERE ${link.ownerCol} = $1`, [ownerId]);
  if (ids.length)
    await db.query(
      `INSERT INTO ${link.table} (${link.ownerCol}, ${link.idCol}) SELECT $1, unnest($2::${link.idType}[]) ON CONFLICT DO NOTHING`,
      [ownerId, ids],
    );
}

export async function setStageDefendants(db: Db, stageId: string, ids: readonly string[]) {
  await replaceLinks(
    db,
    { table: 'jd_stage_defendants', ownerCol: 'stage_id', idCol: 'defendant_id', idType: 'uuid' },
    stageId,
    ids,
  );
}

export async function setStageVictims(db: Db, stageId: string, ids: readonly string[]) {
  await replaceLinks(
    db,
    { table: 'jd_stage_victims', ownerCol: 'stage_id', idCol: 'person_id', idType: 'text' },
    stageId,
    ids,
  );
}

export async function stageParties(db: Db, stageIds: readonly string[]) {
  const d = await db.query<{ stage_id: string; defendant_id: string }>(
    'SELECT stage_id, defendant_id FROM jd_stage_defendants WHERE stage_id = ANY($1::uuid[])',
    [stageIds],
  );
  const v = await db.query<{ stage_id: string; person_id: string }>(
    'SELECT stage_id, person_id FROM jd_stage_victims WHERE stage_id = ANY($1::uuid[]) ORDER BY person_id',
    [stageIds],
  );
  return { defendants: d.rows, victims: v.rows };
}

export async function stagesOfDefendant(db: Db, defendantId: string): Promise<StageRow[]> {
  const { rows } = await db.query<StageRow>(
    `SELECT ${STAGE_COLS.replaceAll(/(^|,\s*)(\w+)/g, '$1s.$2')} FROM jd_stages s
       JOIN jd_stage_defendants sd ON sd.stage_id = s.id WHERE sd.defendant_id = $1 ORDER BY s.started_on`,
    [defendantId],
  );
  return rows;
}

export async function ownStageIds(
  db: Db,
  ids: readonly string[],
  agencyId: string,
  onlyChains = false,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM jd_stages WHERE id = ANY($1::uuid[]) AND agency_id = $2${onlyChains ? ` AND stage = 'investigation'` : ''}`,
    [ids, agencyId],
  );
  return new Set(rows.map((r) => r.id));
}

// ---- restitution ----
export interface OrderRow {
  id: string;
  stage_id: string;
  conviction_ref: string;
  victim_person_id: string;
  debtor_defendant_id: string | null;
  ordered_mxn: string;
  ordered_on: string | null;
}
export interface PaymentRow {
  id: string;
  order_id: string;
  paid_on: string;
  amount_mxn: string;
  payer: string;
  payer_defendant_id: string | null;
}

export async function insertOrder(
  db: Db,
  o: Omit<OrderRow, 'id'> & { recorded_by: string },
): Promise<OrderRow | undefined> {
  const { rows } = await db.query<OrderRow>(
    `INSERT INTO jd_restitution_orders (stage_id, conviction_ref, victim_person_id, debtor_defendant_id, ordered_mxn, ordered_on, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
     RETURNING id, stage_id, conviction_ref, victim_person_id, debtor_defendant_id, ordered_mxn::text, ordered_on`,
    [
      o.stage_id,
      o.conviction_ref,
      o.victim_person_id,
      o.debtor_defendant_id,
      o.ordered_mxn,
      o.ordered_on,
      o.recorded_by,
    ],
  );
  return rows[0];
}

export async function getOrder(db: Db, id: string): Promise<(OrderRow & { agency_id: string }) | undefined> {
  const { rows } = await db.query<OrderRow & { agency_id: string }>(
    `SELECT o.id, o.stage_id, o.conviction_ref, o.victim_person_id, o.debtor_defendant_id, o.ordered_mxn::text, o.ordered_on,
            s.agency_id
       FROM jd_restitution_orders o JOIN jd_stages s ON s.id = o.stage_id WHERE o.id = $1 FOR UPDATE OF o`,
    [id],
  );
  return rows[0];
}

export async function insertPayment(
  db: Db,
  p: Omit<PaymentRow, 'id'> & { recorded_by: string },
): Promise<PaymentRow> {
  const { rows } = await db.query<PaymentRow>(
    `INSERT INTO jd_restitution_payments (order_id, paid_on, amount_mxn, payer, payer_defendant_id, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, order_id, paid_on, amount_mxn::text, payer, payer_defendant_id`,
    [p.order_id, p.paid_on, p.amount_mxn, p.payer, p.payer_defendant_id, p.recorded_by],
  );
  return rows[0]!;
}

export async function restitutionOfStages(db: Db, stageIds: readonly string[]) {
  const o = await db.query<OrderRow>(
    `SELECT id, stage_id, conviction_ref, victim_person_id, debtor_defendant_id, ordered_mxn::text, ordered_on
       FROM jd_restitution_orders WHERE stage_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [stageIds],
  );
  const p = await db.query<PaymentRow>(
    `SELECT p.id, p.order_id, p.paid_on, p.amount_mxn::text, p.payer, p.payer_defendant_id
       FROM jd_restitution_payments p JOIN jd_restitution_orders o ON o.id = p.order_id
      WHERE o.stage_id = ANY($1::uuid[]) ORDER BY p.paid_on, p.created_at`,
    [stageIds],
  );
  return { orders: o.rows, payments: p.rows };
}

// ---- financial intelligence ----
export interface FinancialRow {
  id: string;
  agency_id: string;
  report_type: string;
  reference: string;
  reported_on: string;
  institution: string;
  amount: string;
  currency: string;
  subjects_enc: string | null;
  accounts_enc: string | null;
  notes_enc: string | null;
  created_at: string;
  updated_at: string;
}
const FIN_COLS = `id, agency_id, report_type, reference, reported_on, institution, amount::text, currency, subjects_enc,
  accounts_enc, notes_enc, created_at, updated_at`;
export type FinancialWrite = Omit<FinancialRow, 'id' | 'agency_id' | 'created_at' | 'updated_at'>;

export async function insertFinancial(
  db: Db,
  f: FinancialWrite & { agency_id: string; created_by: string },
): Promise<FinancialRow> {
  const { rows } = await db.query<FinancialRow>(
    `INSERT INTO jd_financial_reports (agency_id, report_type, reference, reported_on, institution, amount, currency,
       subjects_enc, accounts_enc, notes_enc, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${FIN_COLS}`,
    [
      f.agency_id,
      f.report_type,
      f.reference,
      f.reported_on,
      f.institution,
      f.amount,
      f.currency,
      f.subjects_enc,
      f.accounts_enc,
      f.notes_enc,
      f.created_by,
    ],
  );
  return rows[0]!;
}

export async function updateFinancial(db: Db, id: string, f: FinancialWrite): Promise<FinancialRow> {
  const { rows } = await db.query<FinancialRow>(
    `UPDATE jd_financial_reports SET report_type = $2, reference = $3, reported_on = $4, institution = $5, amount = $6,
       currency = $7, subjects_enc = $8, accounts_enc = $9, notes_enc = $10, updated_at = now()
      WHERE id = $1 RETURNING ${FIN_COLS}`,
    [
      id,
      f.report_type,
      f.reference,
      f.reported_on,
      f.institution,
      f.amount,
      f.currency,
      f.subjects_enc,
      f.accounts_enc,
      f.notes_enc,
    ],
  );
  return rows[0]!;
}

export async function getFinancial(db: Db, id: string, forUpdate = false): Promise<FinancialRow | undefined> {
  const { rows } = await db.query<FinancialRow>(
    `SELECT ${FIN_COLS} FROM jd_financial_reports WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function listFinancial(db: Db, agencyId: string, limit: number, offset: number) {
  const total = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM jd_financial_reports WHERE agency_id = $1',
    [agencyId],
  );
  const { rows } = await db.query<FinancialRow>(
    `SELECT ${FIN_COLS} FROM jd_financial_reports WHERE agency_id = $1 ORDER BY reported_on DESC, id LIMIT $2 OFFSET $3`,
    [agencyId, limit, offset],
  );
  return { total: total.rows[0]?.n ?? 0, rows };
}

export async function setFinancialLinks(
  db: Db,
  id: string,
  chainIds: readonly string[],
  defendantIds: readonly string[],
) {
  await replaceLinks(
    db,
    { table: 'jd_financial_report_chains', ownerCol: 'report_id', idCol: 'chain_id', idType: 'uuid' },
    id,
    chainIds,
  );
  await replaceLinks(
    db,
    { table: 'jd_financial_report_defendants', ownerCol: 'report_id', idCol: 'defendant_id', idType: 'uuid' },
    id,
    defendantIds,
  );
}

export async function financialLinks(db: Db, ids: readonly string[]) {
  const c = await db.query<{ report_id: string; chain_id: string }>(
    'SELECT report_id, chain_id FROM jd_financial_report_chains WHERE report_id = ANY($1::uuid[])',
    [ids],
  );
  const d = await db.query<{ report_id: string; defendant_id: string }>(
    'SELECT report_id, defendant_id FROM jd_financial_report_defendants WHERE report_id = ANY($1::uuid[])',
    [ids],
  );
  return { chains: c.rows, defendants: d.rows };
}

export async function financialOfDefendant(db: Db, defendantId: string): Promise<string[]> {
  const { rows } = await db.query<{ report_id: string }>(
    'SELECT report_id FROM jd_financial_report_defendants WHERE defendant_id = $1',
    [defendantId],
  );
  return rows.map((r) => r.report_id);
}

export async function financialOfChain(db: Db, chainId: string): Promise<string[]> {
  const { rows } = await db.query<{ report_id: string }>(
    'SELECT report_id FROM jd_financial_report_chains WHERE chain_id = $1',
    [chainId],
  );
  return rows.map((r) => r.report_id);
}

// ---- pickers ----
/** The agency's victims to pick from: persons named in its cases, and persons already in its chains. */
export async function victimOptions(db: Db, agencyId: string) {
  const { rows } = await db.query<{ person_id: string; person_enc: string | null }>(
    `SELECT DISTINCT ON (c.person_ref) c.person_ref AS person_id, c.person_enc
       FROM cw_cases c JOIN persons p ON p.person_id = c.person_ref AND p.agency_id = $1
      WHERE c.agency_id = $1 AND c.person_ref IS NOT NULL
      ORDER BY c.person_ref, c.updated_at DESC LIMIT 500`,
    [agencyId],
  );
  return rows;
}

/**
 * The agency's exchange records of a kind to pick a stage's record from, with what names them to a person: date,
 * state, form of exploitation, months of prison (convictions) and the file number of a stage already naming it.
 */
/** Persons' identity rows (for names of victims): the caller has checked the ids are readable. */
export async function personNames(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{
    person_id: string;
    given_names_enc: string | null;
    surname_1_enc: string | null;
    surname_2_enc: string | null;
  }>(
    'SELECT person_id, given_names_enc, surname_1_enc, surname_2_enc FROM persons WHERE person_id = ANY($1::text[])',
    [ids],
  );
  return rows;
}

/** Every chain's first date of each stage (all agencies: for the national report's annex, aggregates only). */
export async function chainFirstDates(db: Db) {
  const { rows } = await db.query<{ chain_id: string; stage: string; first_on: string }>(
    'SELECT chain_id, stage, min(started_on)::text AS first_on FROM jd_stages GROUP BY chain_id, stage',
  );
  return rows;
}

/** The agency's own persons' names (not the case-work mirror), to search victims by name (decrypted by the caller). */
export async function ownPersonNames(db: Db, agencyId: string) {
  const { rows } = await db.query<{
    person_id: string;
    given_names_enc: string | null;
    surname_1_enc: string | null;
    surname_2_enc: string | null;
  }>(
    `SELECT person_id, given_names_enc, surname_1_enc, surname_2_enc FROM persons
      WHERE agency_id = $1 AND left(person_id, 3) <> 'cw-' ORDER BY person_id COLLATE "C" LIMIT 50000`,
    [agencyId],
  );
  return rows;
}

export type RecordKindOpt = 'investigations' | 'prosecutions' | 'convictions';

/** A record to pick, with what may name it: file numbers of stages naming it and its defendants' encrypted names. */
export interface RecordCandidate {
  id: string;
  date: string | null;
  state_code: string | null;
  primary_form: string;
  sentence_months: number | null;
  reference: string | null;
  references: string[];
  /** The exchange defendant (prosecution's, or the conviction's prosecution's); readability checked by the caller. */
  defendant_person_id: string | null;
  /** Encrypted identities of the agency's defendants named by a stage on this record. */
  defendant_identities: string[];
  /** How many records pass the SQL filters (before `cap`). */
  total: number;
}

const RECORD_TABLES: Record<
  RecordKindOpt,
  { table: string; pk: string; date: string; months: boolean; person: string }
> = {
  investigations: {
    table: 'investigations',
    pk: 'investigation_id',
    date: 'opened_date',
    months: false,
    person: 'NULL::text',
  },
  prosecutions: {
    table: 'prosecutions',
    pk: 'prosecution_id',
    date: 'initiated_date',
    months: false,
    person: 't.defendant_person_id',
  },
  convictions: {
    table: 'convictions',
    pk: 'conviction_id',
    date: 'date',
    months: true,
    person: '(SELECT p.defendant_person_id FROM prosecutions p WHERE p.prosecution_id = t.prosecution_id)',
  },
};

/**
 * Restitution recorded on the case pages of the agency's own cases (cw_restitution_orders) on these convictions, with
 * what was paid: the sentence's page shows them beside its own orders, so one order is not recorded twice.
 */
export async function caseOrdersOfConvictions(db: Db, agencyId: string, convictionRefs: readonly string[]) {
  if (!convictionRefs.length) return [];
  const { rows } = await db.query<{
    id: string;
    case_id: string;
    person_ref: string | null;
    conviction_ref: string;
    ordered_mxn: string;
    ordered_on: string | null;
    paid_mxn: string;
  }>(
    `SELECT o.id, o.case_id, c.person_ref, o.conviction_ref, o.ordered_mxn::text, o.ordered_on::text,
            COALESCE((SELECT sum(p.amount_mxn) FROM cw_restitution_payments p WHERE p.order_id = o.id), 0)::text AS paid_mxn
       FROM cw_restitution_orders o JOIN cw_cases c ON c.id = o.case_id
      WHERE c.agency_id = $1 AND o.conviction_ref = ANY($2::text[])
      ORDER BY o.conviction_ref, o.ordered_on NULLS LAST, o.id`,
    [agencyId, convictionRefs],
  );
  return rows;
}

/**
 * The exchange records the agency's own stages and restitution orders name (any kind; each is read again through
 * `recordCandidates`, whose scope keeps only the agency's own records of that kind).
 */
export async function referencedRecordIds(db: Db, agencyId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT record_ref AS id FROM jd_stages WHERE agency_id = $1 AND record_ref IS NOT NULL
     UNION
     SELECT o.conviction_ref FROM jd_restitution_orders o JOIN jd_stages s ON s.id = o.stage_id WHERE s.agency_id = $1`,
    [agencyId],
  );
  return rows.map((r) => r.id);
}

/**
 * The agency's records of a kind (read scope `t.agency_id = $A`, scope.ts), newest first, filtered in SQL by date
 * range and state; at most `cap` (name and file-number matching happen in memory, on decrypted names).
 */
export async function recordCandidates(
  db: Db,
  agencyId: string,
  kind: RecordKindOpt,
  f: {
    from?: string | undefined;
    to?: string | undefined;
    state?: string | undefined;
    ids?: readonly string[];
  },
  cap: number,
): Promise<RecordCandidate[]> {
  const k = RECORD_TABLES[kind];
  const params: unknown[] = [agencyId];
  const where = [scopeSql(kind, 1)];
  if (f.from) {
    params.push(f.from);
    where.push(`t.${k.date} >= $${params.length}::date`);
  }
  if (f.to) {
    params.push(f.to);
    where.push(`t.${k.date} <= $${params.length}::date`);
  }
  if (f.state) {
    params.push(f.state);
    where.push(`t.state_code = $${params.length}`);
  }
  if (f.ids) {
    params.push(f.ids);
    where.push(`t.${k.pk} = ANY($${params.length}::text[])`);
  }
  params.push(cap);
  const { rows } = await db.query<RecordCandidate>(
    `SELECT t.${k.pk} AS id, t.${k.date}::text AS date, t.state_code, t.primary_form,
            ${k.months ? 't.sentence_months' : 'NULL::int AS sentence_months'},
            (SELECT s.reference FROM jd_stages s WHERE s.agency_id = $1 AND s.record_ref = t.${k.pk}
                AND s.reference <> '' ORDER BY s.started_on DESC LIMIT 1) AS reference,
            ARRAY(SELECT s.reference FROM jd_stages s WHERE s.agency_id = $1 AND s.record_ref = t.${k.pk}
                     AND s.reference <> '') AS "references",
            ${k.person} AS defendant_person_id,
            ARRAY(SELECT DISTINCT d.identity_enc FROM jd_stages s
                    JOIN jd_stage_defendants sd ON sd.stage_id = s.id
                    JOIN jd_defendants d ON d.id = sd.defendant_id AND d.agency_id = $1
                   WHERE s.agency_id = $1 AND s.record_ref = t.${k.pk}) AS defendant_identities,
            (count(*) OVER ())::int AS total
       FROM ${k.table} t WHERE ${where.join(' AND ')}
      ORDER BY t.${k.date} DESC NULLS LAST, t.${k.pk} LIMIT $${params.length}`,
    params,
  );
  return rows;
}
