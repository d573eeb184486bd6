import { ROLES, type Role } from '../../api/types.ts';

/** Who manages users (users:read / users:write on the server). */
export const USER_ADMIN_ROLES: readonly Role[] = ['admin', 'agency_admin'];

/** Roles only the system administrator grants (the server refuses them to agency admins). */
const ADMIN_ONLY: readonly string[] = ['admin', 'auditor', 'national_auditor'];

export function isAdminOnlyRole(role: string): boolean {
  return ADMIN_ONLY.includes(role);
}

/** The roles this administrator may give. */
export function grantableRoles(actor: Role): Role[] {
  return actor === 'admin' ? [...ROLES] : ROLES.filter((r) => !isAdminOnlyRole(r));
}
