import type { AppRoute } from '../../routes.ts';
import { RECORDS_ROLES } from './roles.ts';

export const routes: AppRoute[] = [
  {
    id: 'records',
    path: '/records',
    titleKey: 'nav.records',
    roles: RECORDS_ROLES,
    nav: { order: 50 },
    load: () => import('./RecordsIndexPage.tsx'),
  },
  {
    id: 'records-list',
    path: '/records/:kind',
    titleKey: 'nav.records',
    roles: RECORDS_ROLES,
    load: () => import('./RecordListPage.tsx'),
  },
  {
    id: 'records-new',
    path: '/records/:kind/new',
    titleKey: 'records.form.new',
    roles: RECORDS_ROLES,
    load: () => import('./RecordFormPage.tsx'),
  },
  {
    id: 'records-detail',
    path: '/records/:kind/:id',
    titleKey: 'records.detail.heading',
    roles: RECORDS_ROLES,
    load: () => import('./RecordDetailPage.tsx'),
  },
  {
    id: 'records-edit',
    path: '/records/:kind/:id/edit',
    titleKey: 'records.form.edit',
    roles: RECORDS_ROLES,
    load: () => import('./RecordFormPage.tsx'),
  },
];
