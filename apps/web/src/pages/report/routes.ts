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
  {
    // a page per state: the dashboard with the state fixed (from the map's table of states)
    id: 'dashboard-state',
    path: '/dashboard/states/:code',
    titleKey: 'nav.dashboard',
    roles: ['admin', 'agency_admin', 'supervisor', 'analyst'],
    load: () => import('./DashboardPage.tsx'),
  },
];
