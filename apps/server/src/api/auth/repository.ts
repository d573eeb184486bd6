import type { Locale } from '@enlace/core/roles';
import type { Db } from '../../db/index.ts';
import type { SessionInfo, SessionUser } from '../../http/context.ts';
import type { Role } from '../../security/permissions.ts';

export interface UserAuthRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agency_id: string;
  password_hash: string;
  mfa_secret_enc: string | null;
  mfa_enabled: boolean;
  mfa_last_step: number | string;
  recovery_codes: string[];
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  password_change_required: boolean;
  password_changed_at: Date | null;
}

export async function findUserForLogin(db: Db, email: string): Promise<UserAuthRow | undefined> {
  const { rows } = await db.query<UserAuthRow>(
    `SELECT id, email, display_name, role, agency_id, password_hash, mfa_secret_enc, mfa_enabled, mfa_last_step,
            recovery_codes, failed_logins, locked_until, disabled_at, password_change_required, password_changed_at
       FROM users WHERE email = $1`,
    [email.trim().toLowerCase()],
  );
  return rows[0];
}

export async function findUserAuthById(db: Db, id: string): Promise<UserAuthRow | undefined> {
  const { rows } = await db.query<UserAuthRow>(
    `SELECT id, email, display_name, role, agency_id, password_hash, mfa_secret_enc, mfa_enabled, mfa_last_step,
            recovery_codes, failed_logins, locked_until, disabled_at, password_change_required, password_changed_at
       FROM users WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Counts a failure; from the 6th on, locks with a back-off that doubles each time (1 min … 1 h). */
export async function recordFailedLogin(db: Db, userId: string, threshold: number): Promise<void> {
  await db.query(
    `UPDATE users SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2
         THEN now() + make_interval(mins => LEAST(60, power(2, failed_logins + 1 - $2)::int)) ELSE locked_until END,
       updated_at = now()
     WHERE id = $1`,
    [userId, threshold],
  );
}

export async function resetFailedLogins(db: Db, userId: string): Promise<void> {
  await db.query(
    'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND failed_logins > 0',
    [userId],
  );
}

export async function insertSession(
  db: Db,
  s: { id: string; userId: string; csrfToken: string; mfaState: SessionInfo['mfaState']; maxHours: number },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, user_id, csrf_token, mfa_state, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [s.id, s.userId, s.csrfToken, s.mfaState, s.maxHours],
  );
}

interface SessionRow {
  session_id: string;
  csrf_token: string;
  mfa_state: SessionInfo['mfaState'];
  stale: boolean;
  user_id: string;
  email: string;
  display_name: string;
  role: Role;
  agency_id: string;
  agency_name: string;
  agency_level: string;
  agency_kind: string;
  state_code: string | null;
  /** CHECK (locale IN ('es-MX', 'en-US')) in migrations/001_foundation.sql. */
  locale: Locale;
}

/** A live session (within idle and absolute limits, user enabled) and its user; touches it at most once a minute. */
export async function loadSession(
  db: Db,
  id: string,
  idleMinutes: number,
): Promise<{ session: SessionInfo; user: SessionUser } | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT s.id AS session_id, s.csrf_token, s.mfa_state, s.last_seen_at < now() - interval '1 minute' AS stale,
            u.id AS user_id, u.email, u.display_name, u.role, u.agency_id, u.locale,
            a.name AS agency_name, a.level AS agency_level, a.kind AS agency_kind, a.state_code
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id
      WHERE s.id = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)
        AND u.disabled_at IS NULL`,
    [id, idleMinutes],
    { prepare: true }, // every authenticated request runs it
  );
  const r = rows[0];
  if (!r) return undefined;
  if (r.stale) await db.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [id]);
  return {
    session: { id: r.session_id, csrfToken: r.csrf_token, mfaState: r.mfa_state },
    user: {
      id: r.user_id,
      email: r.email,
      displayName: r.display_name,
      role: r.role,
      agencyId: r.agency_id,
      agencyName: r.agency_name,
      agencyLevel: r.agency_level,
      agencyKind: r.agency_kind,
      stateCode: r.state_code,
      locale: r.locale,
    },
  };
}

export async function setSessionMfaState(db: Db, id: string, state: SessionInfo['mfaState']): Promise<void> {
  await db.query('UPDATE sessions SET mfa_state = $2 WHERE id = $1', [id, state]);
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [id]);
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function deleteExpiredSessions(db: Db, idleMinutes: number): Promise<number> {
  const r = await db.query(
    `DELETE FROM sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(mins => $1)`,
    [idleMinutes],
  );
  return r.rowCount;
}

export async function storeMfaSecret(db: Db, userId: string, secretEnc: string): Promise<void> {
  await db.query(
    'UPDATE users SET mfa_secret_enc = $2, mfa_enabled = false, updated_at = now() WHERE id = $1',
    [userId, secretEnc],
  );
}

export async function enableMfa(
  db: Db,
  userId: string,
  step: number,
  recoveryHashes: string[],
): Promise<void> {
  await db.query(
    'UPDATE users SET mfa_enabled = true, mfa_last_step = $2, recovery_codes = $3, updated_at = now() WHERE id = $1',
    [userId, step, recoveryHashes],
  );
}

/** Records the TOTP step used; false when another request used it first (no replay). */
export async function advanceMfaStep(db: Db, userId: string, step: number): Promise<boolean> {
  const r = await db.query('UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND mfa_last_step < $2', [
    userId,
    step,
  ]);
  return r.rowCount === 1;
}

/** Consumes one recovery code; false when it is not (or no longer) valid. */
export async function consumeRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE users SET recovery_codes = array_remove(recovery_codes, $2) WHERE id = $1 AND $2 = ANY (recovery_codes)`,
    [userId, codeHash],
  );
  return r.rowCount === 1;
}

/** Sets a new password chosen by the user: no longer temporary, failures forgotten. */
export async function setOwnPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.query(
    `UPDATE users SET password_hash = $2, password_change_required = false, password_changed_at = now(),
       failed_logins = 0, locked_until = NULL, updated_at = now()
     WHERE id = $1`,
    [userId, passwordHash],
  );
}

/** Ends every session of a user but one (the one that made the change); returns how many ended. */
export async function deleteOtherSessions(db: Db, userId: string, keepSessionId: string): Promise<number> {
  const r = await db.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, keepSessionId]);
  return r.rowCount;
}

export async function replaceRecoveryCodes(db: Db, userId: string, recoveryHashes: string[]): Promise<void> {
  await db.query('UPDATE users SET recovery_codes = $2, updated_at = now() WHERE id = $1', [
    userId,
    recoveryHashes,
  ]);
}
