import type { AppRoute } from '../../routes.ts';

const TIP_ROLES = ['hotline_operator', 'supervisor', 'agency_admin'] as const;

export const routes: AppRoute[] = [
  {
    id: 'tips',
    path: '/tips',
    titleKey: 'nav.tips',
    roles: TIP_ROLES,
    nav: { order: 40 },
    load: () => import('./TipsQueuePage.tsx'),
  },
  {
    id: 'tip',
    path: '/tips/:id',
    titleKey: 'tips.detail.heading',
    roles: TIP_ROLES,
    load: () => import('./TipDetailPage.tsx'),
  },
];

/**
 * Pages anyone can open without signing in (rendered outside the auth gate). None here: the public tip page
 * /denuncia and its follow-up are rendered by the server and work without JavaScript (apps/server/src/public/).
 */
export const publicRoutes: AppRoute[] = [];
