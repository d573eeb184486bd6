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

/** Pages anyone can open without signing in (rendered outside the auth gate). */
export const publicRoutes: AppRoute[] = [
  {
    id: 'tip-public',
    path: '/denuncia',
    titleKey: 'tips.public.title',
    roles: [],
    load: () => import('./PublicTipPage.tsx'),
  },
];
