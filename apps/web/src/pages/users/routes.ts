import type { AppRoute } from '../../routes.ts';
import { USER_ADMIN_ROLES } from './roles.ts';

export const routes: AppRoute[] = [
  {
    id: 'users',
    path: '/users',
    titleKey: 'nav.users',
    roles: USER_ADMIN_ROLES,
    nav: { order: 87 },
    load: () => import('./UsersPage.tsx'),
  },
  {
    id: 'user-new',
    path: '/users/new',
    titleKey: 'users.new.title',
    roles: USER_ADMIN_ROLES,
    load: () => import('./UserNewPage.tsx'),
  },
  {
    id: 'user',
    path: '/users/:id',
    titleKey: 'nav.users',
    roles: USER_ADMIN_ROLES,
    load: () => import('./UserDetailPage.tsx'),
  },
];
