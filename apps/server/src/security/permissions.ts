/**
 * The one table of who may do what. Every route names one permission (or is explicitly public);
 * the authorization-matrix test is generated from this table and the registered routes.
 */
import { ROLES, type Role } from '@enlace/core/roles';

// The roles are one list for server and web (@enlace/core/roles).
export { ROLES, type Role };

interface PermissionDef {
  roles: readonly Role[];
  /** Reads or writes personal data: scoped to the agency, audited, and needs MFA. */
  personal: boolean;
  description: string;
}

const CASE_ROLES = ['agency_admin', 'supervisor', 'caseworker'] as const;
const STAFF = [
  'admin',
  'agency_admin',
  'supervisor',
  'caseworker',
  'hotline_operator',
  'service_provider',
  'analyst',
] as const;

export const PERMISSIONS = {
  'agencies:read': { roles: [...STAFF], personal: false, description: 'List and read agencies' },
  'agencies:write': { roles: ['admin'], personal: false, description: 'Create and edit agencies' },
  'agency:settings': {
    roles: ['admin', 'agency_admin'],
    personal: false,
    description: "Read and change one's own agency's settings (the contact other agencies see)",
  },
  'users:read': {
    roles: ['admin', 'agency_admin'],
    personal: false,
    description: 'List users (own agency for agency_admin)',
  },
  'users:write': {
    roles: ['admin', 'agency_admin'],
    personal: false,
    description: 'Create users, change roles, disable (permission changes)',
  },
  'audit:read': {
    roles: ['auditor', 'national_auditor'],
    personal: false,
    description: "Read the audit log of one's own agency and verify the whole chain",
  },
  'audit:national': {
    roles: ['national_auditor'],
    personal: false,
    description:
      "Read every agency's audit entries and alerts (not a route permission: widens audit:read and alerts:read)",
  },
  'alerts:read': {
    roles: ['agency_admin', 'auditor', 'national_auditor'],
    personal: false,
    description:
      'Read break-glass and bulk-read alerts of the own agency (every agency for national_auditor)',
  },
  'alerts:write': {
    roles: ['agency_admin', 'auditor', 'national_auditor'],
    personal: false,
    description: 'Acknowledge alerts in the same scope as alerts:read',
  },
  'alerts:configure': {
    roles: ['admin'],
    personal: false,
    description: 'Set the bulk-read alert threshold and window',
  },
  'persons:read': {
    roles: [...CASE_ROLES, 'hotline_operator', 'service_provider'],
    personal: true,
    description: 'Read personal data of persons in scope',
  },
  'persons:write': {
    roles: [...CASE_ROLES, 'hotline_operator'],
    personal: true,
    description: 'Create and edit persons and their records',
  },
  'cases:read': {
    roles: [...CASE_ROLES, 'service_provider'],
    personal: true,
    description: 'Read cases, screenings, consents, referrals in scope',
  },
  'cases:write': {
    roles: [...CASE_ROLES],
    personal: true,
    description: 'Run screenings, open and edit cases, record consent, refer',
  },
  'cases:assign': {
    roles: ['supervisor', 'agency_admin'],
    personal: true,
    description: 'Assign a case of the agency to a caseworker of the agency',
  },
  'cases:approve': {
    roles: ['supervisor', 'agency_admin'],
    personal: true,
    description: 'Approve case closure, review linkage, see overdue referrals',
  },
  'referrals:respond': {
    roles: ['service_provider', 'agency_admin', 'supervisor'],
    personal: true,
    description: 'Accept, decline and complete referrals made to the agency',
  },
  'providers:read': {
    roles: [...STAFF],
    personal: false,
    description: 'Read the provider directory (never shelter addresses)',
  },
  'providers:write': {
    roles: ['admin', 'agency_admin', 'service_provider'],
    personal: false,
    description: 'Edit own provider entry',
  },
  'records:read': {
    roles: [...CASE_ROLES, 'hotline_operator'],
    personal: false,
    description:
      'Read non-personal records: investigations, prosecutions, convictions, hotline contacts, financial reports',
  },
  'records:write': {
    roles: [...CASE_ROLES, 'hotline_operator'],
    personal: false,
    description: 'Create and edit non-personal records',
  },
  'imports:write': {
    roles: ['agency_admin', 'supervisor'],
    personal: true,
    description: 'Upload exchange-format folders',
  },
  'exports:read': {
    roles: ['agency_admin', 'supervisor'],
    personal: true,
    description: 'Export exchange-format folders of the agency',
  },
  'linkage:review': {
    roles: ['supervisor', 'agency_admin'],
    personal: true,
    description: 'Confirm or reject uncertain links',
  },
  'tips:read': {
    roles: ['hotline_operator', 'supervisor', 'agency_admin'],
    personal: true,
    description: 'Read anonymous tips in the agency queue',
  },
  'tips:write': {
    roles: ['hotline_operator', 'supervisor', 'agency_admin'],
    personal: true,
    description: 'Triage, refer and close tips',
  },
  'hotline:read': {
    roles: ['hotline_operator', 'supervisor', 'agency_admin'],
    personal: true,
    description: "Read the hotline's contacts, threads and tasks (the agency must be a hotline)",
  },
  'hotline:write': {
    roles: ['hotline_operator', 'supervisor', 'agency_admin'],
    personal: true,
    description: 'Take contacts, screen, reply, refer, open or link cases, transfer, follow-up tasks',
  },
  'hotline:supervise': {
    roles: ['supervisor', 'agency_admin'],
    personal: false,
    description: "The hotline's open contacts, operators' load and trends",
  },
  'hotline:inbox': {
    roles: [...CASE_ROLES, 'service_provider'],
    personal: true,
    description:
      'Contacts and tips the hotline referred to the agency: read, accept (case roles open a case), decline',
  },
  'justice:read': {
    roles: [...CASE_ROLES],
    personal: true,
    description:
      "Read the agency's defendants, justice chains, restitution and financial intelligence; review possible same defendants",
  },
  'justice:write': {
    roles: [...CASE_ROLES],
    personal: true,
    description:
      'Record defendants, chain stages, restitution ordered and paid, financial intelligence reports',
  },
  'network:read': {
    roles: [...CASE_ROLES],
    personal: true,
    description:
      "Network analysis of the agency's own records (investigative agencies: prosecutors, police, financial intelligence)",
  },
  'network:write': {
    roles: [...CASE_ROLES],
    personal: true,
    description:
      'Record and remove identifiers (phones, accounts, vehicles, companies, handles…) on a defendant or a person for the network analysis',
  },
  'report:read': {
    roles: ['admin', 'agency_admin', 'supervisor', 'analyst'],
    personal: false,
    description: 'Aggregate figures (no personal data)',
  },
  'releases:write': {
    roles: ['analyst'],
    personal: false,
    description:
      'Prepare, approve (a second analyst, never the preparer) and discard public releases of the national figures',
  },
  'htcds:import': {
    roles: ['analyst'],
    personal: false,
    description:
      "Import a CTDC / HTCDS victim file as the agency's persons and identifications (all or nothing); only an analyst of a national (federal) agency, as for the CTDC download",
  },
  'ctdc:export': {
    roles: ['analyst'],
    personal: false,
    description:
      'Download the national anonymised victim records in CTDC / HTCDS columns (k-anonymised as enlace ctdc); only an analyst of a national (federal) agency, the rule chosen pending confirmation (docs/report.md)',
  },
} as const satisfies Record<string, PermissionDef>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export function isPersonal(permission: Permission): boolean {
  return PERMISSIONS[permission].personal;
}

/** MFA is required for every role that can read personal data, and for those who grant permissions. */
export function mfaRequired(role: Role): boolean {
  return (Object.keys(PERMISSIONS) as Permission[]).some(
    (p) => can(role, p) && (isPersonal(p) || p === 'users:write' || p === 'agencies:write'),
  );
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
