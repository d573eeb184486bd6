import type { Role } from '../../api/types.ts';
import type { AppRoute } from '../../routes.ts';

/** The agency's own directory listing: serving staff edit it; supervisors see it (the API lets them read, not write). */
export const LISTING_ROLES: readonly Role[] = ['service_provider', 'agency_admin', 'supervisor'];
/** Roles that hold `providers:write` among LISTING_ROLES (apps/server/src/security/permissions.ts). */
export const LISTING_EDIT_ROLES: readonly Role[] = ['service_provider', 'agency_admin'];

export const routes: AppRoute[] = [
  {
    id: 'providerListing',
    path: '/my-listing',
    titleKey: 'nav.providerListing',
    roles: LISTING_ROLES,
    nav: { order: 45 },
    load: () => import('./MyListingPage.tsx'),
  },
];
