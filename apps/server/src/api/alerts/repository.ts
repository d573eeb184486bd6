import type { Db } from '../../db/index.ts';

export type AlertKind = 'break_glass' | 'bulk_read';
export type GuardedResource = 'persons' | 'cases';

const UUID = '^cw-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * Whether the record is the user's own: a case they created or are assigned to; a person they recorded (the
 * audit log's `create` entry), or the person of such a case (its `person_ref`, or the case's exchange mirror
 * `cw-<case id>`). One statement.
 */
export async function isOwn(db: Db, userId: string, resource: GuardedResource, id: string): Promise<boolean> {
  if (resource === 'cases') {
    const { rows } = await db.query<{ own: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM cw_cases WHERE id = $2::uuid AND (created_by = $1 OR assigned_to = $1)) AS own`,
      [userId, id],
      { prepare: true },
    );
    return rows[0]?.own === true;
  }
  const { rows } = await db.query<{ own: boolean }>(
    `SELECT (EXISTS (SELECT 1 FROM audit_log
                     WHERE action = 'create' AND resource = 'persons' AND resource_id = $2 AND user_id = $1)
          OR EXISTS (SELECT 1 FROM cw_cases c
                     WHERE (c.person_ref = $2
                            OR c.id = (CASE WHEN $2 ~ '${UUID}' THEN substr($2, 4)::uuid END))
                       AND (c.created_by = $1 OR c.assigned_to = $1))) AS own`,
    [userId, id],
    { prepare: true },
  );
  return rows[0]?.own === true;
}

/**
 * Flags a break-glass read: a new alert, or one more occurrence (latest reason kept) on the user's open,
 * unacknowledged alert for the same record. A new alert is audited by the database (`alerts_audited`).
 */
export async function flagBreakGlass(
  db: Db,
  a: {
    agencyId: string;
    userId: string;
    resource: GuardedResource;
    resourceId: string;
    justification: string;
  },
): Promise<string> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE alerts SET occurrences = occurrences + 1, last_at = now(), justification = $5
       WHERE id = (SELECT id FROM alerts WHERE kind = 'break_glass' AND user_id = $2 AND resource = $3
                     AND resource_id = $4 AND acknowledged_at IS NULL AND agency_id = $1
                   ORDER BY created_at DESC LIMIT 1 FOR UPDATE)
       RETURNING id`,
      [a.agencyId, a.userId, a.resource, a.resourceId, a.justification],
    );
    if (rows[0]) return rows[0].id;
    const ins = await tx.query<{ id: string }>(
      `INSERT INTO alerts (kind, agency_id, user_id, resource, resource_id, justification)
       VALUES ('break_glass', $1, $2, $3, $4, $5) RETURNING id`,
      [a.agencyId, a.userId, a.resource, a.resourceId, a.justification],
    );
    return ins.rows[0]!.id;
  });
}

export interface AlertRow {
  id: string;
  kind: AlertKind;
  agency_id: string;
  user_id: string;
  user_name: string | null;
  user_role: string | null;
  resource: GuardedResource | null;
  resource_id: string | null;
  justification: string | null;
  read_count: number | null;
  window_minutes: number | null;
  occurrences: number;
  created_at: Date | string;
  last_at: Date | string;
  acknowledged_at: Date | string | null;
  acknowledged_by: string | null;
}

const COLS = `a.id, a.kind, a.agency_id, a.user_id, u.display_name AS user_name, u.role AS user_role, a.resource,
  a.resource_id, a.justification, a.read_count, a.window_minutes, a.occurrences, a.created_at, a.last_at,
  a.acknowledged_at, a.acknowledged_by`;

export interface AlertFilter {
  /** null: every agency (national auditor). */
  agencyId: string | null;
  status: 'open' | 'acknowledged' | 'all';
  kind?: AlertKind | undefined;
  limit: number;
  offset: number;
}

export async function listAlerts(db: Db, f: AlertFilter) {
  const where: string[] = [];
  const p: unknown[] = [];
  if (f.agencyId !== null) where.push(`a.agency_id = $${p.push(f.agencyId)}`);
  if (f.status === 'open') where.push('a.acknowledged_at IS NULL');
  if (f.status === 'acknowledged') where.push('a.acknowledged_at IS NOT NULL');
  if (f.kind) where.push(`a.kind = $${p.push(f.kind)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts a ${w}`, p);
  const { rows } = await db.query<AlertRow>(
    `SELECT ${COLS} FROM alerts a LEFT JOIN users u ON u.id = a.user_id ${w}
     ORDER BY a.created_at DESC, a.id LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
    [...p, f.limit, f.offset],
  );
  return { rows, total: total.rows[0]?.n ?? 0 };
}

export async function getAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  const { rows } = await db.query<AlertRow>(
    `SELECT ${COLS} FROM alerts a LEFT JOIN users u ON u.id = a.user_id WHERE a.id = $1`,
    [id],
  );
  return rows[0];
}

export async function acknowledgeAlert(db: Db, id: string, userId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE alerts SET acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL',
    [id, userId],
  );
  return rowCount > 0;
}

export interface AlertSettings {
  bulkReadThreshold: number;
  bulkReadWindowMinutes: number;
}

export async function getSettings(db: Db): Promise<AlertSettings> {
  const { rows } = await db.query<{ t: number; w: number }>(
    'SELECT bulk_read_threshold AS t, bulk_read_window_minutes AS w FROM alert_settings',
  );
  return { bulkReadThreshold: rows[0]?.t ?? 50, bulkReadWindowMinutes: rows[0]?.w ?? 10 };
}

export async function setSettings(db: Db, s: AlertSettings): Promise<void> {
  await db.query('UPDATE alert_settings SET bulk_read_threshold = $1, bulk_read_window_minutes = $2', [
    s.bulkReadThreshold,
    s.bulkReadWindowMinutes,
  ]);
}

/** A case of the agency and, if given, whether the assignee is an active caseworker-capable user of it. */
export async function caseAgency(db: Db, caseId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ agency_id: string }>('SELECT agency_id FROM cw_cases WHERE id = $1', [
    caseId,
  ]);
  return rows[0]?.agency_id;
}

export async function userOf(
  db: Db,
  userId: string,
): Promise<{ agency_id: string; role: string; disabled: boolean } | undefined> {
  const { rows } = await db.query<{ agency_id: string; role: string; disabled: boolean }>(
    'SELECT agency_id, role, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1',
    [userId],
  );
  return rows[0];
}

export async function setAssignee(db: Db, caseId: string, userId: string | null): Promise<void> {
  await db.query('UPDATE cw_cases SET assigned_to = $2, updated_at = now() WHERE id = $1', [caseId, userId]);
}

export async function assigneeOf(db: Db, caseId: string): Promise<string | null> {
  const { rows } = await db.query<{ assigned_to: string | null }>(
    'SELECT assigned_to FROM cw_cases WHERE id = $1',
    [caseId],
  );
  return rows[0]?.assigned_to ?? null;
}

export const ASSIGNABLE_ROLES = ['caseworker', 'supervisor', 'agency_admin'] as const;

/** Active case staff of the agency: who a case may be assigned to. */
export async function assignableUsers(db: Db, agencyId: string) {
  const { rows } = await db.query<{ id: string; display_name: string; role: string }>(
    `SELECT id, display_name, role FROM users
     WHERE agency_id = $1 AND disabled_at IS NULL AND role = ANY($2::text[]) ORDER BY display_name, id`,
    [agencyId, [...ASSIGNABLE_ROLES]],
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
}

export async function displayNameOf(db: Db, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const { rows } = await db.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = $1', [
    userId,
  ]);
  return rows[0]?.display_name ?? null;
}
