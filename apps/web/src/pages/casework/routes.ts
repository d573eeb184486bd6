import { api } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import type { AppRoute } from '../../routes.ts';
import type { TransferCounts } from './transfers.tsx';

const CASE_ROLES: readonly Role[] = ['agency_admin', 'supervisor', 'caseworker'];
const PROVIDER_ROLES: readonly Role[] = ['agency_admin', 'supervisor', 'caseworker', 'service_provider'];

export const routes: AppRoute[] = [
  {
    id: 'cases',
    path: '/cases',
    titleKey: 'nav.cases',
    roles: CASE_ROLES,
    nav: { order: 20 },
    load: () => import('./CasesPage.tsx'),
  },
  {
    id: 'case',
    path: '/cases/:id',
    titleKey: 'casework.case.title',
    roles: CASE_ROLES,
    load: () => import('./CaseDetailPage.tsx'),
  },
  {
    id: 'transfers',
    path: '/transfers',
    titleKey: 'nav.transfers',
    roles: ['agency_admin', 'supervisor'],
    nav: {
      order: 25,
      // The badge: transfers waiting for this agency's answer or approval (counts only, no personal data).
      count: (signal) =>
        api.get<TransferCounts>('/case-transfers/counts', { signal }).then((c) => c.incoming + c.toApprove),
    },
    load: () => import('./TransfersPage.tsx'),
  },
  {
    id: 'screening',
    path: '/screenings/:id',
    titleKey: 'casework.screening.title',
    roles: CASE_ROLES,
    load: () => import('./ScreeningPage.tsx'),
  },
  {
    id: 'referrals',
    path: '/referrals',
    titleKey: 'nav.referrals',
    roles: PROVIDER_ROLES,
    nav: { order: 30 },
    load: () => import('./ReferralsPage.tsx'),
  },
  {
    id: 'providers',
    path: '/providers',
    titleKey: 'nav.providers',
    roles: PROVIDER_ROLES,
    nav: { order: 40 },
    load: () => import('./ProvidersPage.tsx'),
  },
];
