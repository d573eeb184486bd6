/**
 * Need to know: which fields of a person each role sees, by the relation between the person and the
 * reader's agency. This one table drives the records API's answers, docs/security.md's table and the
 * tests generated from it (`need-to-know.test.ts`, `test/cross-agency.test.ts`).
 *
 * Relations:
 * - `own`: the person was recorded by the reader's agency.
 * - `referral`: the person's own agency (the owner) referred the person to the reader's agency and that
 *   referral is still pending or accepted (see `PERSON_SCOPE`). A referral made by anyone else grants
 *   nothing. Case-work referrals do not open the person record at all: providers read the referral's
 *   view (`GET /api/case-referrals/:id`), which checks the person's consent at every read.
 */
import type { Role } from './permissions.ts';

export const PERSON_FIELDS = [
  'given_names',
  'surname_1',
  'surname_2',
  'birth_date',
  'sex',
  'nationality',
  'curp',
  'indigenous',
  'languages',
  'lgbtqi',
  'disability',
  'phone',
  'email',
  'address',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];
export type Relation = 'own' | 'referral';
/** `full`: as stored; `year`: a birth date cut to its year; absent: not shown (the cell is empty). */
export type Access = 'full' | 'year';
export type FieldRule = Partial<Record<PersonField, Access>>;

const ALL: FieldRule = Object.fromEntries(PERSON_FIELDS.map((f) => [f, 'full'])) as FieldRule;
const except = (rule: FieldRule, ...fields: PersonField[]): FieldRule =>
  Object.fromEntries(Object.entries(rule).filter(([f]) => !fields.includes(f as PersonField)));

/** What a receiving agency needs to serve a referred person: who, age, language; no identifiers or contact. */
const REFERRAL: FieldRule = {
  given_names: 'full',
  surname_1: 'full',
  surname_2: 'full',
  birth_date: 'year',
  sex: 'full',
  nationality: 'full',
  indigenous: 'full',
  languages: 'full',
  lgbtqi: 'full',
  disability: 'full',
};

/**
 * role → relation → visible fields. A role or relation missing here sees no person at all (the permission
 * table already refuses `persons:read` to admin, analyst and auditor; they are listed to say so).
 */
export const NEED_TO_KNOW: Record<Role, Partial<Record<Relation, FieldRule>>> = {
  agency_admin: { own: ALL, referral: REFERRAL },
  supervisor: { own: ALL, referral: REFERRAL },
  caseworker: { own: ALL, referral: REFERRAL },
  // The hotline triages and refers: it never needs the CURP.
  hotline_operator: { own: except(ALL, 'curp'), referral: REFERRAL },
  // A shelter keeps its own records whole; a person referred to it shows only what serving them needs.
  service_provider: { own: ALL, referral: REFERRAL },
  admin: {},
  analyst: {},
  auditor: {},
  national_auditor: {},
};

/** Why each rule is what it is, for docs/security.md (rendered by `needToKnowMarkdown`). */
const NOTES: Partial<Record<Role, string>> = {
  hotline_operator: 'triage and referral never need the CURP',
  service_provider: 'a person referred to the shelter: no CURP, no contact data, no address, birth year only',
  admin: 'no personal data (runs the system)',
  analyst: 'aggregates only',
  auditor: 'the audit log only',
};

/** The fields `role` may see of a person in `relation` to its agency (empty: none). */
export function visibleFields(role: Role, relation: Relation | null): FieldRule {
  if (!relation) return {};
  return NEED_TO_KNOW[role]?.[relation] ?? {};
}

/**
 * Applies the rule to a person's cells (spec column → text, '' = unknown): hidden fields become '',
 * a birth date shown by year keeps its first four characters. Columns that are not person fields
 * (ids, agency) are kept.
 */
export function redactPerson(values: Record<string, string>, rule: FieldRule): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!(PERSON_FIELDS as readonly string[]).includes(k)) {
      out[k] = v;
      continue;
    }
    const a = rule[k as PersonField];
    out[k] = a === 'full' ? v : a === 'year' ? v.slice(0, 4) : '';
  }
  return out;
}

/** The fields a rule shows (for audit entries: what was actually read). */
export const shownFields = (rule: FieldRule): PersonField[] => PERSON_FIELDS.filter((f) => rule[f]);

/** The table as Markdown (docs/security.md embeds it; a test checks the doc is in step). */
export function needToKnowMarkdown(): string {
  const rels: Relation[] = ['own', 'referral'];
  const head = `| role | relation | ${PERSON_FIELDS.join(' | ')} | note |`;
  const sep = `|${'---|'.repeat(PERSON_FIELDS.length + 3)}`;
  const rows: string[] = [];
  for (const role of Object.keys(NEED_TO_KNOW) as Role[]) {
    for (const rel of rels) {
      const rule = visibleFields(role, rel);
      const cells = PERSON_FIELDS.map((f) => (rule[f] === 'full' ? '✓' : rule[f] === 'year' ? 'year' : '—'));
      rows.push(`| ${role} | ${rel} | ${cells.join(' | ')} | ${rel === 'own' ? (NOTES[role] ?? '') : ''} |`);
    }
  }
  return [head, sep, ...rows].join('\n');
}
