/**
 * How each record kind of the exchange format is stored: table, primary key, and for every spec
 * column the database column(s) it fills. Personal columns are encrypted (`*_enc`, the AAD binds
 * each ciphertext to its table and column); the CURP also gets a blind index; a birth date keeps
 * its year, month and day plain for age statistics (docs/exchange.md explains why).
 */
import { FILE_BY_KIND, type FileDef, partialDateParts, type RecordKind } from '@enlace/core';
import { blindIndex, decryptField, encryptField } from '../security/crypto.ts';

export interface DbColumn {
  name: string;
  /** PostgreSQL array element type of the unnest parameter. */
  pgType: 'text' | 'date' | 'boolean' | 'integer' | 'smallint' | 'numeric';
  /** SQL expression turning the unnested value `u.<name>` into the stored one (lists: text → text[]). */
  select?: string;
}

export interface TableDef {
  kind: RecordKind;
  table: string;
  pk: string;
  def: FileDef;
  columns: DbColumn[];
  /** Values of one row (spec order) → parameters in `columns` order. */
  toDb(values: readonly unknown[]): unknown[];
  /** A stored row → values in spec order (decrypts personal columns). */
  fromDb(row: Record<string, unknown>): unknown[];
  /** Column holding the owning agency (scope), if any. */
  agencyColumn: string | null;
}

const aad = (table: string, col: string) => `${table}.${col}`;

function pgTypeOf(type: string): DbColumn['pgType'] {
  switch (type) {
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'decimal':
      return 'numeric';
    default:
      return 'text';
  }
}

/** A table whose columns are the spec columns one to one (no personal data). */
function plainTable(kind: RecordKind, table: string, rename: Record<string, string> = {}): TableDef {
  const def = FILE_BY_KIND[kind];
  const columns: DbColumn[] = def.columns.map((c) => {
    const name = rename[c.name] ?? c.name;
    return c.type === 'list'
      ? { name, pgType: 'text', select: `string_to_array(u.${name}, ';')` }
      : { name, pgType: pgTypeOf(c.type) };
  });
  const isList = def.columns.map((c) => c.type === 'list');
  const names = columns.map((c) => c.name);
  return {
    kind,
    table,
    pk: rename[def.idColumn] ?? def.idColumn,
    def,
    columns,
    agencyColumn: def.agencyColumn,
    toDb: (values) => values.map((v, i) => (isList[i] && Array.isArray(v) ? v.join(';') : (v ?? null))),
    fromDb: (row) => names.map((n) => row[n] ?? null),
  };
}

const PERSON_TEXT = ['given_names', 'surname_1', 'surname_2', 'phone', 'email', 'address'] as const;

function personsTable(): TableDef {
  const def = FILE_BY_KIND.persons;
  const idx = (n: string) => def.columns.findIndex((c) => c.name === n);
  const i = Object.fromEntries(def.columns.map((c) => [c.name, idx(c.name)])) as Record<string, number>;
  const columns: DbColumn[] = [
    { name: 'person_id', pgType: 'text' },
    { name: 'agency_id', pgType: 'text' },
    ...PERSON_TEXT.map((n) => ({ name: `${n}_enc`, pgType: 'text' as const })),
    { name: 'birth_date_enc', pgType: 'text' },
    { name: 'birth_year', pgType: 'smallint' },
    { name: 'birth_month', pgType: 'smallint' },
    { name: 'birth_day', pgType: 'smallint' },
    { name: 'sex', pgType: 'text' },
    { name: 'nationality', pgType: 'text' },
    { name: 'curp_enc', pgType: 'text' },
    { name: 'curp_bidx', pgType: 'text' },
    { name: 'indigenous', pgType: 'boolean' },
    { name: 'languages', pgType: 'text', select: `string_to_array(u.languages, ';')` },
    { name: 'lgbtqi', pgType: 'boolean' },
    { name: 'disability', pgType: 'boolean' },
  ];
  return {
    kind: 'persons',
    table: 'persons',
    pk: 'person_id',
    def,
    columns,
    agencyColumn: 'agency_id',
    toDb(v) {
      const birth = (v[i.birth_date!] as string | null) ?? null;
      const parts = birth ? partialDateParts(birth) : null;
      const curp = (v[i.curp!] as string | null) ?? null;
      const langs = v[i.languages!] as string[] | null;
      return [
        v[i.person_id!],
        v[i.agency_id!],
        ...PERSON_TEXT.map((n) => encryptField(v[i[n]!] as string | null, aad('persons', n))),
        encryptField(birth, aad('persons', 'birth_date')),
        parts?.year ?? null,
        parts?.month ?? null,
        parts?.day ?? null,
        v[i.sex!] ?? null,
        v[i.nationality!] ?? null,
        encryptField(curp, aad('persons', 'curp')),
        blindIndex('curp', curp),
        v[i.indigenous!] ?? null,
        langs ? langs.join(';') : null,
        v[i.lgbtqi!] ?? null,
        v[i.disability!] ?? null,
      ];
    },
    fromDb(row) {
      const out: unknown[] = new Array(def.columns.length).fill(null);
      out[i.person_id!] = row.person_id;
      out[i.agency_id!] = row.agency_id;
      for (const n of PERSON_TEXT)
        out[i[n]!] = decryptField(row[`${n}_enc`] as string | null, aad('persons', n));
      out[i.birth_date!] = decryptField(row.birth_date_enc as string | null, aad('persons', 'birth_date'));
      out[i.curp!] = decryptField(row.curp_enc as string | null, aad('persons', 'curp'));
      out[i.sex!] = row.sex ?? null;
      out[i.nationality!] = row.nationality ?? null;
      out[i.indigenous!] = row.indigenous ?? null;
      out[i.languages!] = row.languages ?? null;
      out[i.lgbtqi!] = row.lgbtqi ?? null;
      out[i.disability!] = row.disability ?? null;
      return out;
    },
  };
}

export const TABLES: Record<RecordKind, TableDef> = {
  agencies: plainTable('agencies', 'agencies', { agency_id: 'id' }),
  persons: personsTable(),
  investigations: plainTable('investigations', 'investigations'),
  prosecutions: plainTable('prosecutions', 'prosecutions'),
  convictions: plainTable('convictions', 'convictions'),
  identifications: plainTable('identifications', 'identifications'),
  referrals: plainTable('referrals', 'referrals'),
  services: plainTable('services', 'services'),
  restitution_payments: plainTable('restitution_payments', 'restitution_payments'),
  hotline_contacts: plainTable('hotline_contacts', 'hotline_contacts'),
  financial_reports: plainTable('financial_reports', 'financial_reports'),
};

/** Personal fields of a kind (for audit entries). */
export function personalFields(kind: RecordKind): string[] {
  return FILE_BY_KIND[kind].columns.filter((c) => c.personal).map((c) => c.name);
}
