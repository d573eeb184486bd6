import type { AppRoute } from '../../routes.ts';

/** Who works the justice chain, defendants and financial intelligence (the server's `justice:read`). */
export const JUSTICE_ROLES = ['agency_admin', 'supervisor', 'caseworker'] as const;

export const routes: AppRoute[] = [
  {
    id: 'justice',
    path: '/justice',
    titleKey: 'justice.nav.chains',
    roles: JUSTICE_ROLES,
    nav: { order: 25 },
    load: () => import('./ChainsPage.tsx'),
  },
  {
    id: 'justice-stage',
    path: '/justice/stages/:id',
    titleKey: 'justice.stage.title',
    roles: JUSTICE_ROLES,
    load: () => import('./StagePage.tsx'),
  },
  {
    id: 'defendants',
    path: '/defendants',
    titleKey: 'justice.nav.defendants',
    roles: JUSTICE_ROLES,
    nav: { order: 26 },
    load: () => import('./DefendantsPage.tsx'),
  },
  {
    id: 'defendant-detail',
    path: '/defendants/:id',
    titleKey: 'justice.defendant.title',
    roles: JUSTICE_ROLES,
    load: () => import('./DefendantPage.tsx'),
  },
  {
    id: 'financial-intelligence',
    path: '/financial-intelligence',
    titleKey: 'justice.nav.financial',
    roles: JUSTICE_ROLES,
    nav: { order: 27 },
    load: () => import('./FinancialPage.tsx'),
  },
];
