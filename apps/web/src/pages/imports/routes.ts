import type { AppRoute } from '../../routes.ts';

export const routes: AppRoute[] = [
  {
    id: 'imports',
    path: '/imports',
    titleKey: 'nav.imports',
    roles: ['agency_admin', 'supervisor'],
    nav: { order: 55 },
    load: () => import('./ImportPage.tsx'),
  },
];
