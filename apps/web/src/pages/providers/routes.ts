import { AGENCY_KINDS } from '@enlace/core/taxonomy';
import type { Role } from '../../api/types.ts';
import type { AppRoute } from '../../routes.ts';

/** The agency's own directory listing: serving staff edit it; supervisors see it (the API lets them read, not write). */
export const LISTING_ROLES: readonly Role[] = ['service_provider', 'agency_admin', 'supervisor'];
/** Roles that hold `providers:write` among LISTING_ROLES (apps/server/src/security/permissions.ts). */
export const LISTING_EDIT_ROLES: readonly Role[] = ['service_provider', 'agency_admin'];

/**
 * Agencies that serve victims and so may have a listing: not prosecutors, police, the hotline, financial
 * intelligence or immigration (their supervisors and admins saw an empty listing form).
 */
export const LISTING_AGENCY_KINDS: readonly string[] = AGENCY_KINDS.filter(
  (k) => !['prosecutor', 'police', 'hotline', 'financial_intelligence', 'immigration'].includes(k),
);

export const routes: AppRoute[] = [
  {
    id: 'providerListing',
    path: '/my-listing',
    titleKey: 'nav.providerListing',
    roles: LISTING_ROLES,
    agencyKinds: LISTING_AGENCY_KINDS,
    nav: { order: 45 },
    load: () => import('./MyListingPage.tsx'),
  },
];
