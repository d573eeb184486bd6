import type { Role } from '../../api/types.ts';
import type { AppRoute } from '../../routes.ts';

/** The server's `network:read`, for staff of investigative agencies. */
const ROLES: readonly Role[] = ['agency_admin', 'supervisor', 'caseworker'];

export const routes: AppRoute[] = [
  {
    id: 'network',
    path: '/network',
    titleKey: 'network.title',
    roles: ROLES,
    agencyKinds: ['prosecutor', 'police', 'financial_intelligence'],
    nav: { order: 16 },
    load: () => import('./NetworkPage.tsx'),
  },
];
