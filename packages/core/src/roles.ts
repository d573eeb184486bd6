/**
 * Who a user can be and which languages the app speaks: one list for the server (permissions, schemas, the
 * database's CHECK constraints in migrations/001_foundation.sql) and the web app (menus, labels, forms).
 */
export const ROLES = [
  'admin',
  'agency_admin',
  'supervisor',
  'caseworker',
  'hotline_operator',
  'service_provider',
  'analyst',
  'auditor',
  'national_auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** The languages of the app and of a user's account (es-MX is the default). */
export const LOCALES = ['es-MX', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
