import type { AppRoute } from '../../routes.ts';

/** The server's `report:read` (aggregates only). */
export const routes: AppRoute[] = [
  {
    id: 'action-plan',
    path: '/action-plan',
    titleKey: 'actionPlan.title',
    roles: ['admin', 'agency_admin', 'supervisor', 'analyst'],
    nav: { order: 14 },
    load: () => import('./ActionPlanPage.tsx'),
  },
];
