import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './api/types.ts';
import { type AppRoute, canAccess, coreRoutes, homePathFor, mergeRoutes, navFor } from './routes.ts';

const ids = (routes: readonly AppRoute[]) => routes.map((r) => r.id);
const page = async () => ({ default: () => null });

describe('navigation by role', () => {
  it.each(['auditor', 'national_auditor'] as const)('shows %s only the audit log and alerts', (role) => {
    expect(ids(navFor(coreRoutes, role))).toEqual(['audit', 'alerts']);
    expect(homePathFor(coreRoutes, role)).toBe('/audit');
  });

  it('shows agency admins the alerts', () => {
    expect(ids(navFor(coreRoutes, 'agency_admin'))).toEqual(['home', 'agencies', 'alerts']);
  });

  it('shows analysts the dashboard and agencies, starting at the dashboard', () => {
    expect(ids(navFor(coreRoutes, 'analyst'))).toEqual(['dashboard', 'agencies']);
    expect(homePathFor(coreRoutes, 'analyst')).toBe('/dashboard');
  });

  it.each(ROLES.filter((r) => !['auditor', 'national_auditor', 'analyst', 'agency_admin'].includes(r)))(
    'shows %s home and agencies',
    (role) => {
      expect(ids(navFor(coreRoutes, role))).toEqual(['home', 'agencies']);
      expect(homePathFor(coreRoutes, role)).toBe('/');
    },
  );

  it('only auditors may open the audit log; agency admins and auditors the alerts', () => {
    const audit = coreRoutes.find((r) => r.id === 'audit')!;
    expect(ROLES.filter((r) => canAccess(audit, r))).toEqual(['auditor', 'national_auditor']);
    const alerts = coreRoutes.find((r) => r.id === 'alerts')!;
    expect(ROLES.filter((r) => canAccess(alerts, r))).toEqual([
      'agency_admin',
      'auditor',
      'national_auditor',
    ]);
  });

  it('gives every role at least one page', () => {
    for (const role of ROLES) expect(navFor(coreRoutes, role).length, role).toBeGreaterThan(0);
  });
});

describe('mergeRoutes', () => {
  const extra: AppRoute = {
    id: 'cases',
    path: '/cases',
    titleKey: 'nav.cases',
    roles: ['caseworker'] satisfies Role[],
    nav: { order: 20 },
    load: page,
  };

  it('appends area routes and orders nav by `order`', () => {
    const routes = mergeRoutes(coreRoutes, [[extra]]);
    expect(ids(navFor(routes, 'caseworker'))).toEqual(['home', 'cases', 'agencies']);
    expect(ids(navFor(routes, 'supervisor'))).toEqual(['home', 'agencies']);
  });

  it('lets an area replace a core route by id (the dashboard placeholder)', () => {
    const dashboard: AppRoute = {
      ...coreRoutes.find((r) => r.id === 'dashboard')!,
      roles: ['analyst', 'admin'],
    };
    const routes = mergeRoutes(coreRoutes, [[dashboard]]);
    expect(routes.filter((r) => r.id === 'dashboard')).toHaveLength(1);
    expect(ids(navFor(routes, 'admin'))).toEqual(['home', 'dashboard', 'agencies']);
  });

  it('refuses two routes on the same path', () => {
    expect(() => mergeRoutes(coreRoutes, [[{ ...extra, id: 'other', path: '/agencies' }]])).toThrow(
      /\/agencies/,
    );
  });

  it('leaves detail pages (no nav) out of the navigation', () => {
    const detail: AppRoute = { ...extra, id: 'case', path: '/cases/:id', nav: undefined };
    const routes = mergeRoutes(coreRoutes, [[extra, detail]]);
    expect(ids(navFor(routes, 'caseworker'))).not.toContain('case');
  });
});

describe('the provider listing entry', () => {
  it('is for agencies that serve victims, not for prosecutors, police or the hotline', async () => {
    const { routes: listing } = await import('./pages/providers/routes.ts');
    const has = (role: Role, kind: string) => ids(navFor(listing, role, kind)).includes('providerListing');
    expect(has('supervisor', 'service_provider')).toBe(true);
    expect(has('agency_admin', 'child_protection')).toBe(true);
    for (const kind of ['prosecutor', 'police', 'hotline']) {
      expect(has('supervisor', kind), kind).toBe(false);
      expect(has('agency_admin', kind), kind).toBe(false);
    }
  });
});
