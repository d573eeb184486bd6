import type { Role } from '../../api/types.ts';

/** The agency's own directory listing: serving staff edit it; supervisors see it (the API lets them read, not write). */
export const LISTING_ROLES: readonly Role[] = ['service_provider', 'agency_admin', 'supervisor'];
/** Roles that hold `providers:write` among LISTING_ROLES (apps/server/src/security/permissions.ts). */
export const LISTING_EDIT_ROLES: readonly Role[] = ['service_provider', 'agency_admin'];
