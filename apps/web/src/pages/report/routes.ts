import type { AppRoute } from '../../routes.ts';

/** The analysts' dashboard replaces the shell's placeholder (same id). Roles of `report:read`. */
export const routes: AppRoute[] = [
  {
    id: 'dashboard',
    path: '/dashboard',
    titleKey: 'nav.dashboard',
    roles: ['admin', 'agency_admin', 'supervisor', 'analyst'],
    nav: { order: 10 },
    load: () => import('./DashboardPage.tsx'),
  },
];
