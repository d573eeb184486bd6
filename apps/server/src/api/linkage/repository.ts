import type { Db } from '../../db/index.ts';
import { copyText } from '../../import/repository.ts';

/** Encrypted identity columns of persons, as stored. */
export interface PersonIdentityRow {
  person_id: string;
  agency_id: string;
  given_names_enc: string | null;
  surname_1_enc: string | null;
  surname_2_enc: string | null;
  birth_date_enc: string | null;
  sex: string | null;
  nationality: string | null;
  curp_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
}

const IDENTITY_COLUMNS =
  'person_id, agency_id, given_names_enc, surname_1_enc, surname_2_enc, birth_date_enc, sex, nationality, curp_enc, phone_enc, email_enc';

export async function personsByIds(db: Db, ids: readonly string[]): Promise<PersonIdentityRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<PersonIdentityRow>(
    `SELECT ${IDENTITY_COLUMNS} FROM persons WHERE person_id = ANY($1::text[]) ORDER BY person_id COLLATE "C"`,
    [ids],
  );
  return rows;
}

/** The names of the given agencies (institutions), by id. */
export async function agencyNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM agencies WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function allPersonIds(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ person_id: string }>(
    'SELECT person_id FROM persons ORDER BY person_id COLLATE "C"',
  );
  return rows.map((r) => r.person_id);
}

export async function insertLinkKeys(db: Db, personId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    'INSERT INTO person_link_keys (person_id, key_bidx) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
    [personId, keys],
  );
}

/** Many persons' keys in one statement per chunk. */
export async function insertLinkKeysBatch(
  db: Db,
  entries: readonly { personId: string; keys: readonly string[] }[],
): Promise<void> {
  const ids: string[] = [];
  const keys: string[] = [];
  for (const e of entries)
    for (const k of e.keys) {
      ids.push(e.personId);
      keys.push(k);
    }
  for (let i = 0; i < ids.length; i += 20_000) {
    await db.query(
      'INSERT INTO person_link_keys (person_id, key_bidx) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
      [ids.slice(i, i + 20_000), keys.slice(i, i + 20_000)],
    );
  }
}

/**
 * A relink of at least `bulkPersons` persons into an empty table loads the keys without the key index, built after
 * (tests set it to compare both ways).
 */
export const linkKeyLoading = { bulkPersons: 10_000 };

const COPY_KEYS = 'COPY person_link_keys (person_id, key_bidx)';

/**
 * Every person's keys after a relink deleted them (a first import, a relink of everyone), in the same transaction;
 * `entryOf(i)` computes person i's keys. A large load into an empty table (a first import) goes by COPY, 50,000 rows
 * a statement, the next chunk's keys computed while the database loads the last, and without the look-up index on
 * `key_bidx`, built once after (PostgreSQL's "Populating a Database": one sort instead of as many random index
 * insertions; measured more than twice as fast with durable settings). The index's own definition is read back and
 * run again, so it stays as the migrations made it; the table is locked until the relink's transaction commits.
 * Otherwise: multi-row inserts that skip keys already stored.
 */
export async function insertAllLinkKeys(
  tx: Db,
  count: number,
  entryOf: (i: number) => { personId: string; keys: readonly string[] },
): Promise<void> {
  await (await loadAllLinkKeys(tx, count, entryOf)).indexBuilt;
}

/** Persons whose keys are computed between two turns of the event loop (so that a COPY in flight keeps streaming). */
const KEYS_PER_TURN = 256;

/**
 * `insertAllLinkKeys` in two steps: resolves once the keys are loaded, with `indexBuilt`, the rebuild of the key index
 * after a bulk load, already sent to the database: the caller may compute meanwhile (the database builds the index
 * on its own) and must await it before committing. Rejections of `indexBuilt` surface only where it is awaited.
 */
export async function loadAllLinkKeys(
  tx: Db,
  count: number,
  entryOf: (i: number) => { personId: string; keys: readonly string[] },
): Promise<{ indexBuilt: Promise<void> }> {
  const done = { indexBuilt: Promise.resolve() };
  const copyFrom = tx.copyFrom;
  const byStatements = async () => {
    await insertLinkKeysBatch(
      tx,
      Array.from({ length: count }, (_, i) => entryOf(i)),
    );
    return done;
  };
  if (!copyFrom || count < linkKeyLoading.bulkPersons) return byStatements();
  // no other linkage pass may write keys meanwhile (it waits for this commit): the table is checked empty, then
  // loaded without conflicts
  await tx.query('LOCK TABLE person_link_keys IN ACCESS EXCLUSIVE MODE');
  const { rows } = await tx.query<{ def: string | null; empty: boolean }>(
    `SELECT (SELECT indexdef FROM pg_indexes
              WHERE schemaname = current_schema() AND indexname = 'person_link_keys_key_idx') AS def,
            NOT EXISTS (SELECT 1 FROM person_link_keys) AS empty`,
  );
  const indexdef = rows[0]?.def;
  if (!rows[0]?.empty || !indexdef) return byStatements();
  await tx.query('DROP INDEX person_link_keys_key_idx');
  let loading: Promise<void> = Promise.resolve();
  let ids: string[] = [];
  let keys: string[] = [];
  const flush = async () => {
    const text = copyText([ids, keys]);
    ids = [];
    keys = [];
    await loading;
    loading = copyFrom(COPY_KEYS, text);
    loading.catch(() => {}); // awaited before the next chunk and at the end
  };
  for (let i = 0; i < count; i++) {
    const e = entryOf(i);
    for (const k of e.keys) {
      ids.push(e.personId);
      keys.push(k);
    }
    if (ids.length >= 50_000) await flush();
    // computing the keys (their HMACs) is synchronous: a turn of the event loop now and then lets the chunk in
    // flight stream to the database meanwhile (else it waits until the next chunk is computed)
    else if (i % KEYS_PER_TURN === KEYS_PER_TURN - 1) await new Promise((r) => setImmediate(r));
  }
  if (ids.length) await flush();
  await loading;
  const indexBuilt = tx.query(indexdef).then(() => undefined);
  indexBuilt.catch(() => {}); // awaited by the caller
  return { indexBuilt };
}

/** Many links in one statement per chunk (a < b in every pair); decisions are kept. */
export async function upsertLinksBatch(
  db: Db,
  links: readonly { a: string; b: string; probability: number }[],
): Promise<void> {
  for (let i = 0; i < links.length; i += 10_000) {
    const chunk = links.slice(i, i + 10_000);
    await db.query(
      `INSERT INTO person_links (person_a, person_b, probability)
       SELECT * FROM unnest($1::text[], $2::text[], $3::real[])
       ON CONFLICT (person_a, person_b) DO UPDATE SET probability = EXCLUDED.probability, updated_at = now()`,
      [chunk.map((l) => l.a), chunk.map((l) => l.b), chunk.map((l) => l.probability)],
    );
  }
}

export async function deleteLinkKeys(db: Db, personIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM person_link_keys WHERE person_id = ANY($1::text[])', [personIds]);
}

/** Persons (other than `exclude`) sharing at least one blocking key. */
export async function candidatesByKeys(
  db: Db,
  keys: readonly string[],
  exclude: readonly string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{ person_id: string }>(
    `SELECT DISTINCT person_id FROM person_link_keys
      WHERE key_bidx = ANY($1::text[]) AND NOT (person_id = ANY($2::text[]))`,
    [keys, exclude],
  );
  return rows.map((r) => r.person_id);
}

export async function latestModel(db: Db): Promise<{ id: number; model: unknown } | null> {
  const { rows } = await db.query<{ id: string; model: unknown }>(
    'SELECT id, model FROM linkage_models ORDER BY id DESC LIMIT 1',
  );
  const r = rows[0];
  return r ? { id: Number(r.id), model: typeof r.model === 'string' ? JSON.parse(r.model) : r.model } : null;
}

export async function insertModel(db: Db, model: unknown, persons: number): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO linkage_models (model, persons) VALUES ($1::jsonb, $2) RETURNING id',
    [JSON.stringify(model), persons],
  );
  return Number(rows[0]!.id);
}

/** Stores the model's probability of a pair (a < b); a supervisor's decision is kept. */
export async function upsertLink(db: Db, a: string, b: string, probability: number): Promise<void> {
  await db.query(
    `INSERT INTO person_links (person_a, person_b, probability) VALUES ($1, $2, $3)
     ON CONFLICT (person_a, person_b) DO UPDATE SET probability = EXCLUDED.probability, updated_at = now()`,
    [a, b, probability],
  );
}

export interface LinkRow {
  person_a: string;
  person_b: string;
  probability: number;
  decision: 'confirmed' | 'rejected' | null;
  decided_by: string | null;
  decided_at: Date | null;
}

const LINK_COLUMNS = 'person_a, person_b, probability, decision, decided_by, decided_at';

export async function getLink(db: Db, a: string, b: string): Promise<LinkRow | null> {
  const { rows } = await db.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM person_links WHERE person_a = $1 AND person_b = $2`,
    [a, b],
  );
  return rows[0] ?? null;
}

/** Undecided links in the uncertain band, optionally only those touching one agency's persons. */
export async function reviewBand(
  db: Db,
  low: number,
  high: number,
  agencyId: string | null,
  limit: number,
): Promise<LinkRow[]> {
  const { rows } = await db.query<LinkRow>(
    `SELECT l.person_a, l.person_b, l.probability, l.decision, l.decided_by, l.decided_at
       FROM person_links l
       JOIN persons pa ON pa.person_id = l.person_a
       JOIN persons pb ON pb.person_id = l.person_b
      WHERE l.decision IS NULL AND l.probability >= $1 AND l.probability < $2
        AND ($3::text IS NULL OR pa.agency_id = $3 OR pb.agency_id = $3)
      ORDER BY l.probability DESC, l.person_a COLLATE "C", l.person_b COLLATE "C"
      LIMIT $4`,
    [low, high, agencyId, limit],
  );
  return rows;
}

export async function setDecision(
  db: Db,
  a: string,
  b: string,
  decision: 'confirmed' | 'rejected' | null,
  userId: string | null,
): Promise<void> {
  await db.query(
    `UPDATE person_links SET decision = $3, decided_by = $4, decided_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END,
            updated_at = now()
      WHERE person_a = $1 AND person_b = $2`,
    [a, b, decision, userId],
  );
}

export interface DecisionRow {
  id: number;
  person_a: string;
  person_b: string;
  decision: 'confirmed' | 'rejected' | null;
  previous: 'confirmed' | 'rejected' | null;
  undoes: number | null;
  decided_by: string | null;
  at: Date;
}

export async function insertDecision(
  db: Db,
  d: {
    a: string;
    b: string;
    decision: 'confirmed' | 'rejected' | null;
    previous: 'confirmed' | 'rejected' | null;
    undoes: number | null;
    userId: string | null;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO link_decisions (person_a, person_b, decision, previous, undoes, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [d.a, d.b, d.decision, d.previous, d.undoes, d.userId],
  );
  return Number(rows[0]!.id);
}

export async function getDecision(db: Db, id: number): Promise<DecisionRow | null> {
  const { rows } = await db.query<DecisionRow>(
    'SELECT id, person_a, person_b, decision, previous, undoes, decided_by, at FROM link_decisions WHERE id = $1',
    [id],
  );
  const r = rows[0];
  return r ? { ...r, id: Number(r.id), undoes: r.undoes === null ? null : Number(r.undoes) } : null;
}

/** Links that join persons: confirmed, or undecided at or above `high`. */
export async function joiningLinks(db: Db, high: number): Promise<{ person_a: string; person_b: string }[]> {
  const { rows } = await db.query<{ person_a: string; person_b: string }>(
    `SELECT person_a, person_b FROM person_links
      WHERE decision = 'confirmed' OR (decision IS NULL AND probability >= $1)`,
    [high],
  );
  return rows;
}

export async function countPersons(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM persons');
  return Number(rows[0]!.n);
}

/** True when one of the two persons belongs to the agency (or no agency restriction is given). */
export async function pairInScope(db: Db, a: string, b: string, agencyId: string | null): Promise<boolean> {
  if (agencyId === null) return true;
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM persons WHERE person_id IN ($1, $2) AND agency_id = $3',
    [a, b, agencyId],
  );
  return rows[0]!.n > 0;
}

/** The persons linked to one person (either side of the pair). */
export async function linkedPartners(db: Db, personId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT person_b AS id FROM person_links WHERE person_a = $1
     UNION SELECT person_a AS id FROM person_links WHERE person_b = $1`,
    [personId],
  );
  return rows.map((r) => r.id);
}

/**
 * Referral context of the linkage: which agencies each of these persons was referred to (exchange `referrals`),
 * and how many person records each of those agencies holds.
 */
export async function referralContext(
  db: Db,
  personIds: readonly string[],
): Promise<{ referredTo: { person_id: string; to_agency_id: string }[]; records: Map<string, number> }> {
  if (personIds.length === 0) return { referredTo: [], records: new Map() };
  const { rows: referredTo } = await db.query<{ person_id: string; to_agency_id: string }>(
    `SELECT DISTINCT person_id, to_agency_id FROM referrals
      WHERE person_id = ANY($1::text[]) AND to_agency_id <> from_agency_id`,
    [personIds],
  );
  const agencies = [...new Set(referredTo.map((r) => r.to_agency_id))];
  const records = new Map<string, number>();
  if (agencies.length) {
    const { rows } = await db.query<{ agency_id: string; n: string }>(
      `SELECT agency_id, count(*)::text AS n FROM persons WHERE agency_id = ANY($1::text[]) GROUP BY agency_id`,
      [agencies],
    );
    for (const r of rows) records.set(r.agency_id, Number(r.n));
  }
  return { referredTo, records };
}

/**
 * Each person's first identification (date, state, form) and first service (date, the provider's state): where and
 * when its record was written (context.ts).
 */
export async function contextRows(
  db: Db,
  personIds: readonly string[],
): Promise<{
  identifications: { person_id: string; date: string; state_code: string | null; primary_form: string }[];
  services: { person_id: string; start_date: string | null; provider_state: string | null }[];
}> {
  if (personIds.length === 0) return { identifications: [], services: [] };
  const { rows: identifications } = await db.query<{
    person_id: string;
    date: string;
    state_code: string | null;
    primary_form: string;
  }>(
    `SELECT DISTINCT ON (person_id) person_id, to_char(date, 'YYYY-MM-DD') AS date, state_code, primary_form
       FROM identifications WHERE person_id = ANY($1::text[])
      ORDER BY person_id, date, identification_id`,
    [personIds],
  );
  const { rows: services } = await db.query<{
    person_id: string;
    start_date: string | null;
    provider_state: string | null;
  }>(
    `SELECT DISTINCT ON (s.person_id) s.person_id, to_char(s.start_date, 'YYYY-MM-DD') AS start_date,
            a.state_code AS provider_state
       FROM services s JOIN agencies a ON a.id = s.provider_agency_id
      WHERE s.person_id = ANY($1::text[]) AND s.start_date IS NOT NULL
      ORDER BY s.person_id, s.start_date, s.service_id`,
    [personIds],
  );
  return { identifications, services };
}
