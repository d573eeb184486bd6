import type { RecordKind } from '@enlace/core';
import type { Permission } from '../../security/permissions.ts';
import { READ_SCOPE } from './scope.ts';

/**
 * The record kinds of the exchange format served by the generic records API, each with its URL, its
 * permissions and its scope: which rows an agency may read (its own, plus what was shared with it).
 * `$A` in a scope predicate is the user's agency id; `t` is the table.
 */
export interface KindConfig {
  kind: Exclude<RecordKind, 'agencies'>;
  path: string;
  read: Permission;
  write: Permission;
  /** Holds personal data: reads are audited with the fields read. */
  personal: boolean;
  scope: string;
  /** Columns shown in lists (spec names); the detail shows every column. */
  listColumns: readonly string[];
}

export const KINDS: readonly KindConfig[] = [
  {
    kind: 'persons',
    path: 'persons',
    read: 'persons:read',
    write: 'persons:write',
    personal: true,
    scope: READ_SCOPE.persons,
    listColumns: [
      'person_id',
      'agency_id',
      'given_names',
      'surname_1',
      'surname_2',
      'birth_date',
      'sex',
      'nationality',
    ],
  },
  {
    kind: 'identifications',
    path: 'identifications',
    read: 'persons:read',
    write: 'persons:write',
    personal: false,
    scope: READ_SCOPE.identifications,
    listColumns: ['identification_id', 'person_id', 'agency_id', 'date', 'state_code', 'primary_form'],
  },
  {
    kind: 'referrals',
    path: 'referrals',
    read: 'persons:read',
    write: 'persons:write',
    personal: false,
    scope: READ_SCOPE.referrals,
    listColumns: ['referral_id', 'person_id', 'from_agency_id', 'to_agency_id', 'date', 'status'],
  },
  {
    kind: 'services',
    path: 'services',
    read: 'persons:read',
    write: 'persons:write',
    personal: false,
    scope: READ_SCOPE.services,
    listColumns: ['service_id', 'person_id', 'provider_agency_id', 'service', 'start_date', 'end_date'],
  },
  {
    kind: 'restitution_payments',
    path: 'restitution-payments',
    read: 'persons:read',
    write: 'persons:write',
    personal: false,
    scope: READ_SCOPE.restitution_payments,
    listColumns: ['payment_id', 'conviction_id', 'victim_person_id', 'date', 'amount_mxn', 'source'],
  },
  {
    kind: 'investigations',
    path: 'investigations',
    read: 'records:read',
    write: 'records:write',
    personal: false,
    scope: READ_SCOPE.investigations,
    listColumns: [
      'investigation_id',
      'agency_id',
      'opened_date',
      'closed_date',
      'primary_form',
      'state_code',
    ],
  },
  {
    kind: 'prosecutions',
    path: 'prosecutions',
    read: 'records:read',
    write: 'records:write',
    personal: false,
    scope: READ_SCOPE.prosecutions,
    listColumns: [
      'prosecution_id',
      'agency_id',
      'investigation_id',
      'initiated_date',
      'closed_date',
      'primary_form',
    ],
  },
  {
    kind: 'convictions',
    path: 'convictions',
    read: 'records:read',
    write: 'records:write',
    personal: false,
    scope: READ_SCOPE.convictions,
    listColumns: ['conviction_id', 'agency_id', 'prosecution_id', 'date', 'primary_form', 'sentence_months'],
  },
  {
    kind: 'hotline_contacts',
    path: 'hotline-contacts',
    read: 'records:read',
    write: 'records:write',
    personal: false,
    scope: READ_SCOPE.hotline_contacts,
    listColumns: [
      'contact_id',
      'agency_id',
      'date',
      'channel',
      'trafficking_related',
      'referred_to_agency_id',
    ],
  },
  {
    kind: 'financial_reports',
    path: 'financial-reports',
    read: 'records:read',
    write: 'records:write',
    personal: false,
    scope: READ_SCOPE.financial_reports,
    listColumns: ['report_id', 'agency_id', 'date', 'amount_usd', 'investigation_id'],
  },
];
