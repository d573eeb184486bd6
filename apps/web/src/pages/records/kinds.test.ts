/**
 * The web's view of the records, imports and tips APIs against the server's own tables: same kinds and
 * URLs, same roles, and a catalog entry (both languages) for every column and enumerated value.
 */
import { FILE_BY_KIND } from '@enlace/core/exchange/spec';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../../server/src/api/records/kinds.ts';
import { TIP_CATEGORIES, TIP_STATUSES } from '../../../../server/src/api/tips/schema.ts';
import { PERMISSIONS } from '../../../../server/src/security/permissions.ts';
import en from '../../i18n/en-US.json';
import es from '../../i18n/es-MX.json';
import { routes as importRoutes } from '../imports/routes.ts';
import { routes as tipRoutes } from '../tips/routes.ts';
import * as tips from '../tips/types.ts';
import { displayValue } from './format.ts';
import { kindByPath, kindsFor, personColumn, RECORD_KIND_LIST } from './kinds.ts';
import { listItems } from './RecordField.tsx';
import { RECORDS_ROLES } from './roles.ts';

const sorted = (xs: readonly string[]) => [...xs].sort();
/** The server's roles of a permission, without the platform admin (who has no agency pages). */
const roles = (p: keyof typeof PERMISSIONS) =>
  sorted((PERMISSIONS[p].roles as readonly string[]).filter((r) => r !== 'admin'));

describe('records kinds', () => {
  it('are the server kinds, with the same URL and the roles of their permissions', () => {
    expect(RECORD_KIND_LIST.map((k) => k.path)).toEqual(KINDS.map((k) => k.path));
    for (const server of KINDS) {
      const web = kindByPath(server.path);
      expect(web?.kind).toBe(server.kind);
      expect(sorted(web!.read)).toEqual(roles(server.read));
      expect(sorted(web!.write)).toEqual(roles(server.write));
    }
    const readers = new Set(RECORD_KIND_LIST.flatMap((k) => k.read));
    expect(sorted(RECORDS_ROLES)).toEqual(sorted([...readers]));
  });

  it('give each role the kinds it may read', () => {
    expect(kindsFor('service_provider').map((k) => k.path)).toEqual([
      'persons',
      'identifications',
      'referrals',
      'services',
      'restitution-payments',
    ]);
    expect(kindsFor('caseworker')).toHaveLength(10);
    expect(kindsFor('analyst')).toEqual([]);
    expect(personColumn(FILE_BY_KIND.services)).toBe('person_id');
    expect(personColumn(FILE_BY_KIND.restitution_payments)).toBe('victim_person_id');
    expect(personColumn(FILE_BY_KIND.persons)).toBeUndefined();
  });

  it('have a label for every column and every enumerated value in both catalogs', () => {
    for (const k of RECORD_KIND_LIST) {
      for (const c of k.file.columns) {
        for (const cat of [es, en]) {
          expect(cat.records.columns, c.name).toHaveProperty([c.name]);
          for (const v of c.values ?? []) expect(cat.records.values, `${c.name}=${v}`).toHaveProperty([v]);
          if (c.references) expect(cat.records.form.hints.references).toHaveProperty([c.references]);
        }
      }
      for (const cat of [es, en]) expect(cat.records.kinds).toHaveProperty([k.kind]);
    }
  });
});

describe('cells as people read them', () => {
  const t = ((key: string) => {
    const parts = key.split('.');
    let v: unknown = es;
    for (const p of parts) v = (v as Record<string, unknown>)?.[p];
    return typeof v === 'string' ? v : key;
  }) as unknown as Parameters<typeof displayValue>[2];
  const col = (kind: keyof typeof FILE_BY_KIND, name: string) =>
    FILE_BY_KIND[kind].columns.find((c) => c.name === name)!;

  it('translates enumerations, lists and booleans; names states; leaves the rest', () => {
    expect(displayValue(col('persons', 'sex'), 'female', t)).toBe(es.records.values.female);
    expect(displayValue(col('identifications', 'means_of_control'), 'threats;debt_bondage', t)).toBe(
      `${es.records.values.threats}, ${es.records.values.debt_bondage}`,
    );
    expect(displayValue(col('persons', 'languages'), 'spa;nah', t)).toBe('spa, nah');
    expect(displayValue(col('persons', 'indigenous'), 'true', t)).toBe(es.records.yes);
    expect(displayValue(col('persons', 'indigenous'), 'false', t)).toBe(es.records.no);
    expect(displayValue(col('investigations', 'state_code'), '07', t)).toBe('07 · Chiapas');
    expect(displayValue(col('persons', 'curp'), '', t)).toBe('');
    // money as pesos (restitution ordered and paid, fines)
    expect(displayValue(col('convictions', 'fine_mxn'), '1500.50', t)).toBe('$1,500.50 MXN');
    expect(displayValue(col('restitution_payments', 'amount_mxn'), '1153265.22', t)).toBe(
      '$1,153,265.22 MXN',
    );
    expect(displayValue(col('convictions', 'restitution_ordered_mxn'), '100000', t)).toBe('$100,000.00 MXN');
  });

  it('splits list cells', () => {
    expect(listItems(' a; b ;;c ')).toEqual(['a', 'b', 'c']);
    expect(listItems('')).toEqual([]);
  });
});

describe('imports and tips', () => {
  it('match the server: upload roles, tip categories and statuses, queue roles', () => {
    expect(sorted(importRoutes[0]!.roles)).toEqual(roles('imports:write'));
    expect(tips.TIP_CATEGORIES).toEqual(TIP_CATEGORIES);
    expect(tips.TIP_STATUSES).toEqual(TIP_STATUSES);
    for (const r of tipRoutes) expect(sorted(r.roles)).toEqual(roles('tips:read'));
    for (const cat of [es, en]) {
      for (const c of TIP_CATEGORIES) expect(cat.tips.categories).toHaveProperty([c]);
      for (const s of TIP_STATUSES) expect(cat.tips.statuses).toHaveProperty([s]);
      for (const l of tips.TIP_LANGUAGES) expect(cat.tips.languages).toHaveProperty([l]);
    }
  });
});
