import type { AppRoute } from '../../routes.ts';

export const routes: AppRoute[] = [
  {
    id: 'agency-settings',
    path: '/agency-settings',
    titleKey: 'nav.agencySettings',
    // agency:settings on the server
    roles: ['admin', 'agency_admin'],
    nav: { order: 88 },
    load: () => import('./AgencySettingsPage.tsx'),
  },
];
