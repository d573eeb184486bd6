/** All SQL of the import/export engine. */
import type { RecordKind } from '@enlace/core';
import type { Db } from '../db/index.ts';
import { TABLES, type TableDef } from './tables.ts';

const statements = new Map<string, string>();

/** Multi-row upsert through unnest: inserts new ids, updates changed rows, leaves equal rows alone. */
function upsertSql(t: TableDef, opts: { onlyUpdateAgencies: boolean }): string {
  const key = `${t.kind}:${opts.onlyUpdateAgencies}`;
  const cached = statements.get(key);
  if (cached) return cached;
  const cols = [...t.columns.map((c) => c.name), 'row_hash'];
  const types = [...t.columns.map((c) => c.pgType), 'text'];
  const params = types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ');
  const selects = [...t.columns.map((c) => c.select ?? `u.${c.name}`), 'u.row_hash'].join(', ');
  const updates = cols
    .filter((c) => c !== t.pk)
    .map((c) => `${c} = EXCLUDED.${c}`)
    .concat('updated_at = now()')
    .join(', ');
  let where = `${t.table}.row_hash IS DISTINCT FROM EXCLUDED.row_hash`;
  if (opts.onlyUpdateAgencies) where += ` AND ${t.table}.id = ANY($${cols.length + 1}::text[])`;
  const sql =
    `INSERT INTO ${t.table} (${cols.join(', ')}) SELECT ${selects} FROM unnest(${params}) AS u(${cols.join(', ')}) ` +
    `ON CONFLICT (${t.pk}) DO UPDATE SET ${updates} WHERE ${where} RETURNING (xmax = 0) AS inserted`;
  statements.set(key, sql);
  return sql;
}

/**
 * The same upsert reading a staging table (`u`) filled by COPY instead of unnest parameters: the bulk path of an
 * import inside a transaction. The staging table is temporary and dropped at commit.
 */
function stagedUpsertSql(t: TableDef, opts: { onlyUpdateAgencies: boolean }): string {
  const key = `staged:${t.kind}:${opts.onlyUpdateAgencies}`;
  const cached = statements.get(key);
  if (cached) return cached;
  const cols = [...t.columns.map((c) => c.name), 'row_hash'];
  const sql = upsertSql(t, opts)
    .replace(/FROM unnest\(.*?\) AS u\([^)]*\)/, `FROM ${stageName(t)} u`)
    .replace(`= ANY($${cols.length + 1}::text[])`, '= ANY($1::text[])');
  statements.set(key, sql);
  return sql;
}

const stageName = (t: TableDef) => `import_stage_${t.table}`;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format (NULL is \N; backslash, tab, newline and carriage return escaped). */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
}

/** Rows given column-wise → COPY text (tab-separated, one line per row). */
export function copyText(columns: readonly (readonly unknown[])[]): string {
  const n = columns[0]?.length ?? 0;
  let out = '';
  for (let r = 0; r < n; r++) {
    let line = copyValue(columns[0]![r]);
    for (let c = 1; c < columns.length; c++) line += `\t${copyValue(columns[c]![r])}`;
    out += `${line}\n`;
  }
  return out;
}

/**
 * Upserts a batch given column-wise (one array per column, row_hash last).
 * Returns how many rows were inserted and how many updated; the rest were unchanged.
 * With ENLACE_IMPORT_COPY=on, inside a transaction, the rows go in by COPY into a temporary staging table, then
 * one INSERT … SELECT upserts them (the same statement as the unnest path: the same counts, hashes and scope rules).
 */
export async function upsertBatch(
  db: Db,
  kind: RecordKind,
  columns: unknown[][],
  opts: { onlyUpdateAgencies?: readonly string[] } = {},
): Promise<{ inserted: number; updated: number }> {
  const t = TABLES[kind];
  const only = kind === 'agencies' && opts.onlyUpdateAgencies !== undefined;
  // ENLACE_IMPORT_COPY=on: the COPY path. Off by default: measured with durable settings on the 2-core machine it
  // was not faster than the unnest path (docs/exchange.md, benchmark), the staging statements cost what COPY saves.
  if (db.copyFrom && process.env.ENLACE_IMPORT_COPY === 'on') {
    const stage = stageName(t);
    const cols = [...t.columns.map((c) => c.name), 'row_hash'];
    const types = [...t.columns.map((c) => c.pgType), 'text'];
    await db.query(
      `CREATE TEMP TABLE IF NOT EXISTS ${stage} (${cols.map((c, i) => `${c} ${types[i]}`).join(', ')}) ON COMMIT DROP`,
    );
    await db.query(`DELETE FROM ${stage}`); // a temporary table: no WAL; TRUNCATE would make a new file each batch
    await db.copyFrom(`COPY ${stage} (${cols.join(', ')})`, copyText(columns));
    const r = await db.query<{ inserted: boolean }>(
      stagedUpsertSql(t, { onlyUpdateAgencies: only }),
      only ? [opts.onlyUpdateAgencies] : [],
    );
    let inserted = 0;
    for (const row of r.rows) if (row.inserted) inserted++;
    return { inserted, updated: r.rows.length - inserted };
  }
  const params: unknown[] = [...columns];
  if (only) params.push(opts.onlyUpdateAgencies);
  const r = await db.query<{ inserted: boolean }>(upsertSql(t, { onlyUpdateAgencies: only }), params);
  let inserted = 0;
  for (const row of r.rows) if (row.inserted) inserted++;
  return { inserted, updated: r.rows.length - inserted };
}

/** Which of `ids` exist in the table of `kind`. */
export async function existingIds(db: Db, kind: RecordKind, ids: readonly string[]): Promise<Set<string>> {
  const t = TABLES[kind];
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 10000) {
    const r = await db.query<{ id: string }>(
      `SELECT ${t.pk} AS id FROM ${t.table} WHERE ${t.pk} = ANY($1::text[])`,
      [ids.slice(i, i + 10000)],
    );
    for (const row of r.rows) out.add(row.id);
  }
  return out;
}

export interface ExportFilter {
  /** Only rows owned by these agencies (and what they reference). */
  agencies?: readonly string[] | undefined;
  /** Only rows whose date falls in this year (and what they reference). */
  year?: number | undefined;
}

/**
 * SQL predicate (on alias `x`) selecting the rows of `kind` that an export with `filter` contains:
 * the rows that match the filter, plus every row that an included row references, so that an
 * export is always a self-contained folder.
 */
export function includedPredicate(kind: RecordKind, filter: ExportFilter, params: unknown[]): string {
  if (!filter.agencies && filter.year === undefined) return 'TRUE';
  if (kind === 'agencies') return 'TRUE'; // agencies carry no personal data; a folder always needs them
  const t = TABLES[kind];
  const conds: string[] = [];
  // persons have no date: with a year filter they come only through the rows that reference them
  if (kind === 'persons' && filter.year !== undefined) conds.push('FALSE');
  else {
    if (filter.agencies && t.agencyColumn) {
      params.push(filter.agencies);
      conds.push(`x.${t.agencyColumn} = ANY($${params.length}::text[])`);
    } else if (filter.agencies && kind === 'restitution_payments') {
      params.push(filter.agencies);
      conds.push(
        `x.conviction_id IN (SELECT conviction_id FROM convictions WHERE agency_id = ANY($${params.length}::text[]))`,
      );
    }
    if (filter.year !== undefined && t.def.dateColumn) {
      params.push(filter.year);
      const y = `$${params.length}::int`;
      conds.push(
        `x.${t.def.dateColumn} >= make_date(${y}, 1, 1) AND x.${t.def.dateColumn} < make_date(${y} + 1, 1, 1)`,
      );
    }
  }
  const own = conds.length ? conds.map((c) => `(${c})`).join(' AND ') : 'TRUE';
  // rows referenced by included rows of later kinds
  const refs: string[] = [];
  for (const other of Object.values(TABLES)) {
    for (const c of other.def.columns) {
      if (c.references !== kind) continue;
      const inner = includedPredicate(other.kind, filter, params);
      refs.push(`x.${t.pk} IN (SELECT x.${c.name} FROM ${other.table} x WHERE ${inner})`);
    }
  }
  return [own, ...refs].map((p) => `(${p})`).join(' OR ');
}

/** Streams the rows of one table in byte order of id, `pageSize` at a time (keyset pagination). */
export async function* exportRows(
  db: Db,
  kind: RecordKind,
  filter: ExportFilter,
  pageSize = 5000,
): AsyncIterable<Record<string, unknown>> {
  const t = TABLES[kind];
  const params: unknown[] = [];
  const pred = includedPredicate(kind, filter, params);
  const cols = t.columns.map((c) => `x.${c.name}`).join(', ');
  let last: string | null = null;
  for (;;) {
    const p = [...params];
    let keyset = '';
    if (last !== null) {
      p.push(last);
      keyset = `AND x.${t.pk} COLLATE "C" > $${p.length}`;
    }
    p.push(pageSize);
    const sql = `SELECT ${cols} FROM ${t.table} x WHERE (${pred}) ${keyset} ORDER BY x.${t.pk} COLLATE "C" LIMIT $${p.length}`;
    const r = await db.query<Record<string, unknown>>(sql, p);
    for (const row of r.rows) yield row;
    if (r.rows.length < pageSize) return;
    last = r.rows[r.rows.length - 1]![t.pk] as string;
  }
}

export async function countRows(db: Db, kind: RecordKind): Promise<number> {
  const t = TABLES[kind];
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table}`);
  return r.rows[0]?.n ?? 0;
}
