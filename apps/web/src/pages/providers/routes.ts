import { AGENCY_KINDS } from '@enlace/core/taxonomy';
import type { AppRoute } from '../../routes.ts';
import { LISTING_ROLES } from './roles.ts';

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
