import type { AppRoute } from '../../routes.ts';
import { ALL_ROLES } from '../../routes.ts';

/** The signed-in person's own account; reached from the name in the header (not in the main nav). */
export const routes: AppRoute[] = [
  {
    id: 'account',
    path: '/account',
    titleKey: 'nav.account',
    roles: ALL_ROLES,
    load: () => import('./AccountPage.tsx'),
  },
];
