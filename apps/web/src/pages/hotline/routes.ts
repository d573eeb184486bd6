import type { Role } from '../../api/types.ts';
import type { AppRoute } from '../../routes.ts';

/** The console belongs to the hotline agency's staff; the inbox to every agency that receives its referrals. */
const CONSOLE: readonly Role[] = ['hotline_operator', 'supervisor', 'agency_admin'];
const SUPERVISE: readonly Role[] = ['supervisor', 'agency_admin'];
const INBOX: readonly Role[] = ['agency_admin', 'supervisor', 'caseworker', 'service_provider'];
const HOTLINE = ['hotline'] as const;

export const routes: AppRoute[] = [
  {
    id: 'hotline',
    path: '/hotline',
    titleKey: 'nav.hotline',
    roles: CONSOLE,
    agencyKinds: HOTLINE,
    nav: { order: 5 },
    load: () => import('./ConsolePage.tsx'),
  },
  {
    id: 'hotline-new',
    path: '/hotline/new',
    titleKey: 'hotline.form.title',
    roles: CONSOLE,
    agencyKinds: HOTLINE,
    load: () => import('./NewContactPage.tsx'),
  },
  {
    id: 'hotline-contact',
    path: '/hotline/contacts/:id',
    titleKey: 'hotline.contact.title',
    roles: CONSOLE,
    agencyKinds: HOTLINE,
    load: () => import('./ContactPage.tsx'),
  },
  {
    id: 'hotline-directory',
    path: '/hotline/directory',
    titleKey: 'nav.hotlineDirectory',
    roles: CONSOLE,
    agencyKinds: HOTLINE,
    nav: { order: 6 },
    load: () => import('./DirectoryPage.tsx'),
  },
  {
    id: 'hotline-supervision',
    path: '/hotline/supervision',
    titleKey: 'nav.hotlineSupervision',
    roles: SUPERVISE,
    agencyKinds: HOTLINE,
    nav: { order: 7 },
    load: () => import('./SupervisionPage.tsx'),
  },
  {
    id: 'hotline-trends',
    path: '/hotline/trends',
    titleKey: 'nav.hotlineTrends',
    roles: SUPERVISE,
    agencyKinds: HOTLINE,
    nav: { order: 8 },
    load: () => import('./TrendsPage.tsx'),
  },
  {
    id: 'hotline-inbox',
    path: '/hotline-inbox',
    titleKey: 'nav.hotlineInbox',
    roles: INBOX,
    nav: { order: 25 },
    load: () => import('./InboxPage.tsx'),
  },
];
