import type { Db } from '../../db/index.ts';
import type { Role } from '../../security/permissions.ts';
import type { User } from './schema.ts';

interface Row {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agency_id: string;
  mfa_enabled: boolean;
  disabled_at: Date | null;
  locked_until: Date | null;
  created_at: Date;
  password_change_required: boolean;
}
const COLS =
  'id, email, display_name, role, agency_id, mfa_enabled, disabled_at, locked_until, created_at, password_change_required';
const toUser = (r: Row): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  agencyId: r.agency_id,
  mfaEnabled: r.mfa_enabled,
  disabled: r.disabled_at !== null,
  locked: r.locked_until !== null && new Date(r.locked_until).getTime() > Date.now(),
  createdAt: new Date(r.created_at).toISOString(),
  mustChangePassword: r.password_change_required,
});

export async function insertUser(
  db: Db,
  u: {
    email: string;
    displayName: string;
    role: Role;
    agencyId: string;
    passwordHash: string;
    mustChangePassword?: boolean | undefined;
  },
): Promise<User> {
  const { rows } = await db.query<Row>(
    `INSERT INTO users (email, display_name, role, agency_id, password_hash, password_change_required)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLS}`,
    [u.email.toLowerCase(), u.displayName, u.role, u.agencyId, u.passwordHash, u.mustChangePassword ?? false],
  );
  return toUser(rows[0]!);
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLS} FROM users WHERE id = $1`, [id]);
  return rows[0] && toUser(rows[0]);
}

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLS} FROM users WHERE email = $1`, [
    email.trim().toLowerCase(),
  ]);
  return rows[0] && toUser(rows[0]);
}

export async function listUsers(db: Db, f: { limit: number; offset: number; agencyId?: string | undefined }) {
  const p: unknown[] = [];
  const w = f.agencyId ? `WHERE agency_id = $${p.push(f.agencyId)}` : '';
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users ${w}`, p);
  const { rows } = await db.query<Row>(
    `SELECT ${COLS} FROM users ${w} ORDER BY email LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
    [...p, f.limit, f.offset],
  );
  return { items: rows.map(toUser), total: total.rows[0]?.n ?? 0 };
}

export async function updateUser(
  db: Db,
  id: string,
  patch: { role?: Role | undefined; disabled?: boolean | undefined; displayName?: string | undefined },
) {
  await db.query(
    `UPDATE users SET role = coalesce($2, role), display_name = coalesce($3, display_name),
       disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN coalesce(disabled_at, now()) ELSE NULL END,
       updated_at = now()
     WHERE id = $1`,
    [id, patch.role ?? null, patch.displayName ?? null, patch.disabled ?? null],
  );
}

export async function countUsers(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]?.n ?? 0;
}

/**
 * An administrator's reset: a temporary password that must be changed at the next sign-in, and two-step
 * verification cleared (secret, recovery codes, last step) so the user enrols again. Unlocks the account.
 */
export async function resetPassword(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.query(
    `UPDATE users SET password_hash = $2, password_change_required = true, mfa_enabled = false,
       mfa_secret_enc = NULL, mfa_last_step = 0, recovery_codes = '{}', failed_logins = 0, locked_until = NULL,
       updated_at = now()
     WHERE id = $1`,
    [id, passwordHash],
  );
}
