/**
 * The route registry: every page of the app is one entry here (or in an area's `pages/<area>/routes.ts`).
 * The shell builds the router, the role guard and the navigation from these entries. See docs/web.md.
 */
import type { ComponentType } from 'react';
import { ROLES, type Role } from './api/types.ts';

export interface AppRoute {
  /** Stable id; an area route with the same id replaces a core one (e.g. the dashboard placeholder). */
  id: string;
  /** Router path, absolute (`/agencies`, `/cases/:id`). */
  path: string;
  /** Catalog key of the page title (used for `document.title` and, if `nav` is set, the nav label). */
  titleKey: string;
  /** Roles allowed to open the page; others get the "not allowed" page. */
  roles: readonly Role[];
  /** Only for users of agencies of these kinds (e.g. the hotline console); omit for every agency. */
  agencyKinds?: readonly string[];
  /**
   * Show in the main navigation, ordered by `order` (lower first). Omit for detail pages. `count`: an optional
   * badge beside the label (e.g. transfers waiting), from one cheap request, refreshed on each page change; 0 hides it.
   */
  nav?: { order: number; count?: (signal: AbortSignal) => Promise<number> };
  /** Lazy page module; its default export is the page component (one chunk per page). */
  load: () => Promise<{ default: ComponentType }>;
}

export const ALL_ROLES: readonly Role[] = ROLES;
/** Roles that audit (the log and alerts), of their agency or nationally. */
export const AUDIT_ROLES: readonly Role[] = ['auditor', 'national_auditor'];
/** Roles that work with cases day to day (everything except analysts and auditors). */
export const OPERATIONAL_ROLES: readonly Role[] = ROLES.filter(
  (r) => r !== 'analyst' && !AUDIT_ROLES.includes(r),
);

export const coreRoutes: readonly AppRoute[] = [
  {
    id: 'home',
    path: '/',
    titleKey: 'nav.home',
    roles: OPERATIONAL_ROLES,
    nav: { order: 0 },
    load: () => import('./pages/HomePage.tsx'),
  },
  {
    id: 'dashboard',
    path: '/dashboard',
    titleKey: 'nav.dashboard',
    roles: ['analyst'],
    nav: { order: 10 },
    load: () => import('./pages/DashboardPlaceholderPage.tsx'),
  },
  {
    id: 'agencies',
    path: '/agencies',
    titleKey: 'nav.agencies',
    roles: ROLES.filter((r) => !AUDIT_ROLES.includes(r)),
    nav: { order: 80 },
    load: () => import('./pages/AgenciesPage.tsx'),
  },
  {
    id: 'audit',
    path: '/audit',
    titleKey: 'nav.audit',
    roles: AUDIT_ROLES,
    nav: { order: 90 },
    load: () => import('./pages/AuditPage.tsx'),
  },
  {
    id: 'alerts',
    path: '/alerts',
    titleKey: 'nav.alerts',
    roles: ['agency_admin', ...AUDIT_ROLES],
    nav: { order: 95 },
    load: () => import('./pages/AlertsPage.tsx'),
  },
];

/** Merges area routes into the core list: same id replaces, new ids are appended. */
export function mergeRoutes(core: readonly AppRoute[], areas: readonly (readonly AppRoute[])[]): AppRoute[] {
  const byId = new Map<string, AppRoute>();
  for (const r of core) byId.set(r.id, r);
  for (const list of areas) for (const r of list) byId.set(r.id, r);
  const routes = [...byId.values()];
  const paths = new Set<string>();
  for (const r of routes) {
    if (paths.has(r.path)) throw new Error(`Two routes share the path ${r.path}`);
    paths.add(r.path);
  }
  return routes;
}

export function canAccess(
  route: Pick<AppRoute, 'roles' | 'agencyKinds'>,
  role: Role,
  agencyKind?: string,
): boolean {
  if (route.agencyKinds && !(agencyKind && route.agencyKinds.includes(agencyKind))) return false;
  return route.roles.includes(role);
}

/** Navigation entries for a role (and its agency's kind), in display order. */
export function navFor(routes: readonly AppRoute[], role: Role, agencyKind?: string): AppRoute[] {
  return routes
    .filter((r) => r.nav && canAccess(r, role, agencyKind))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0) || a.id.localeCompare(b.id));
}

/** Where `/` leads for a role that cannot see the home page: its first nav entry. */
export function homePathFor(routes: readonly AppRoute[], role: Role): string {
  return navFor(routes, role)[0]?.path ?? '/';
}
