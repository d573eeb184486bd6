import type { AppRoute } from '../../routes.ts';

/** Roles that see releases (the server's `report:read`); only analysts prepare and approve (`releases:write`). */
export const RELEASE_READ_ROLES = ['admin', 'agency_admin', 'supervisor', 'analyst'] as const;

export const routes: AppRoute[] = [
  {
    id: 'releases',
    path: '/releases',
    titleKey: 'nav.releases',
    roles: RELEASE_READ_ROLES,
    nav: { order: 15 },
    load: () => import('./ReleasesPage.tsx'),
  },
  {
    id: 'release-detail',
    path: '/releases/:id',
    titleKey: 'releases.detail.title',
    roles: RELEASE_READ_ROLES,
    load: () => import('./ReleaseDetailPage.tsx'),
  },
];
