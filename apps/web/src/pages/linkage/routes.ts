import type { AppRoute } from '../../routes.ts';

/** Who may review uncertain pairs (the server's `linkage:review` permission). */
export const LINKAGE_ROLES = ['supervisor', 'agency_admin'] as const;

export const routes: AppRoute[] = [
  {
    id: 'linkage',
    path: '/linkage',
    titleKey: 'nav.linkage',
    roles: LINKAGE_ROLES,
    nav: { order: 60 },
    load: () => import('./LinkReviewPage.tsx'),
  },
];
