/**
 * The edge sources: every kind of record the network is drawn from, in one list. Each source reads only the
 * records the caller's agency may read (the predicates of records/scope.ts) and only the fields the caller's
 * role may see of each person (security/need-to-know.ts), and turns them into edge facts with their
 * provenance. A new kind of record (perpetrators, the justice chain, financial intelligence) joins the
 * network by adding one entry here; the scope test (`network-scope.test.ts`) is generated from this list.
 */
import type { Db } from '../../db/index.ts';
import { blindIndex, decryptField } from '../../security/crypto.ts';
import { type Relation, visibleFields } from '../../security/need-to-know.ts';
import type { Role } from '../../security/permissions.ts';
import { decJson } from '../cases/crypto-json.ts';
import { MIRROR_PREFIX, scopeSql } from '../records/scope.ts';
import type { EdgeFact, NodeFact } from './graph.ts';
import { formatIdentifier } from './labels.ts';
import { type IdentifierKind, NORMALISE } from './normalise.ts';

export interface Caller {
  agencyId: string;
  role: Role;
}
export interface SourceOutput {
  facts: EdgeFact[];
  /** Nodes known without an edge yet (a person with no identifier): searchable, alone in the graph. */
  nodes: NodeFact[];
}
export interface EdgeSource {
  id: string;
  /** The table whose rows give the edges (for the docs and the scope test). */
  table: string;
  description: string;
  load(db: Db, caller: Caller): Promise<SourceOutput>;
}

/** The node of an identifier: its kind and a keyed hash of the normalised value (no personal data in ids). */
export function identifierNode(kind: IdentifierKind, raw: string | null | undefined): NodeFact | null {
  if (!raw) return null;
  const norm = NORMALISE[kind](raw);
  if (!norm) return null;
  const h = blindIndex(`network:${kind}`, norm)!.slice(0, 24);
  return { id: `${kind}:${h}`, kind, label: formatIdentifier(kind, norm) };
}

const personName = (parts: (string | null | undefined)[]) =>
  parts
    .filter((p): p is string => !!p && p.trim() !== '')
    .join(' ')
    .trim();

const personNode = (id: string, name: string, role?: string): NodeFact => ({
  id: `person:${id}`,
  kind: 'person',
  label: name || `#${id}`,
  ...(role ? { role } : {}),
});

/** A defendant of the agency (jd_defendants) as a person of the network. */
export const defendantNode = (id: string, name: string): NodeFact =>
  personNode(`defendant-${id}`, name, 'defendant');

/**
 * An investigation of the justice chain (jd_stages, the chain's opening stage): the node of its exchange
 * investigation record when it has one the agency may read (so the chain and the record are one node), else a
 * node of its own. Labelled with the file number (carpeta de investigación) when there is one.
 */
export const chainNode = (chainId: string, readableRef: string | null, reference: string): NodeFact => ({
  id: readableRef ? `investigation:${readableRef}` : `investigation:chain-${chainId}`,
  kind: 'investigation',
  label: reference || readableRef || `#${chainId.slice(0, 8)}`,
});

/** SQL: the chain `c`'s record_ref when the agency (parameter $1) may read that investigation, else null. */
const READABLE_CHAIN_REF = `CASE WHEN c.record_ref IS NOT NULL AND EXISTS (SELECT 1 FROM investigations t WHERE t.investigation_id = c.record_ref AND ${scopeSql('investigations', 1)}) THEN c.record_ref END`;

interface PersonRow {
  person_id: string;
  agency_id: string;
  given_names_enc: string | null;
  surname_1_enc: string | null;
  surname_2_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  address_enc: string | null;
  relation: Relation;
}

/** Persons the agency may read, with what the role may see of each. */
async function readablePersons(db: Db, caller: Caller) {
  const { rows } = await db.query<PersonRow>(
    `SELECT t.person_id, t.agency_id, t.given_names_enc, t.surname_1_enc, t.surname_2_enc, t.phone_enc, t.email_enc,
            t.address_enc, CASE WHEN t.agency_id = $1 THEN 'own' ELSE 'referral' END AS relation
       FROM persons t WHERE ${scopeSql('persons', 1)}`,
    [caller.agencyId],
  );
  return rows.map((r) => {
    const rule = visibleFields(caller.role, r.relation);
    const dec = (f: 'given_names' | 'surname_1' | 'surname_2' | 'phone' | 'email' | 'address') =>
      rule[f] === 'full' ? decryptField(r[`${f}_enc`], `persons.${f}`) : null;
    return {
      id: r.person_id,
      agencyId: r.agency_id,
      name: personName([dec('given_names'), dec('surname_1'), dec('surname_2')]),
      phone: dec('phone'),
      email: dec('email'),
      address: dec('address'),
    };
  });
}

const CONTACT_KINDS = ['phone', 'email', 'address'] as const;

export const EDGE_SOURCES: readonly EdgeSource[] = [
  {
    id: 'person_contacts',
    table: 'persons',
    description: "A person's phone, e-mail and address on the person record (when the role may see them)",
    async load(db, caller) {
      const facts: EdgeFact[] = [];
      const nodes: NodeFact[] = [];
      for (const p of await readablePersons(db, caller)) {
        const a = personNode(p.id, p.name);
        nodes.push(a);
        for (const k of CONTACT_KINDS) {
          const b = identifierNode(k, p[k]);
          if (b)
            facts.push({
              a,
              b,
              relation: `has_${k}`,
              provenance: {
                source: 'person_contacts',
                table: 'persons',
                recordId: p.id,
                agencyId: p.agencyId,
              },
            });
        }
      }
      return { facts, nodes };
    },
  },
  {
    id: 'identifications',
    table: 'identifications',
    description: 'A person identified as a victim (marks the person; no edge of its own)',
    async load(db, caller) {
      const { rows } = await db.query<{ person_id: string }>(
        `SELECT DISTINCT t.person_id FROM identifications t
          WHERE ${scopeSql('identifications', 1)}
            AND EXISTS (SELECT 1 FROM persons t2 WHERE t2.person_id = t.person_id AND ${scopeSql('persons', 1).replaceAll('t.', 't2.')})`,
        [caller.agencyId],
      );
      return { facts: [], nodes: rows.map((r) => personNode(r.person_id, '', 'victim')) };
    },
  },
  {
    id: 'case_perpetrators',
    table: 'cw_cases',
    description:
      "A case's person, their phone, e-mail and address, and the perpetrators named in the case (victim — perpetrator)",
    async load(db, caller) {
      const { rows } = await db.query<{
        id: string;
        agency_id: string;
        person_ref: string | null;
        person_enc: string | null;
        perpetrators_enc: string | null;
      }>(
        `SELECT id, agency_id, person_ref, person_enc, perpetrators_enc FROM cw_cases WHERE agency_id = $1`,
        [caller.agencyId],
      );
      const rule = visibleFields(caller.role, 'own');
      const facts: EdgeFact[] = [];
      const nodes: NodeFact[] = [];
      for (const r of rows) {
        const prov = {
          source: 'case_perpetrators',
          table: 'cw_cases',
          recordId: r.id,
          agencyId: r.agency_id,
        };
        const p =
          decJson<{
            givenNames?: string;
            surname1?: string;
            surname2?: string;
            phone?: string;
            email?: string;
            address?: string;
          }>('cw_cases', 'person_enc', r.person_enc) ?? {};
        const name = rule.given_names === 'full' ? personName([p.givenNames, p.surname1, p.surname2]) : '';
        // the case's person is the exchange person when the case names one (ids of the mirror stay case-local)
        const ref =
          r.person_ref && !r.person_ref.startsWith(MIRROR_PREFIX) ? r.person_ref : `${MIRROR_PREFIX}${r.id}`;
        const victim = personNode(ref, name, 'victim');
        nodes.push(victim);
        for (const k of CONTACT_KINDS) {
          const b = rule[k] === 'full' ? identifierNode(k, p[k]) : null;
          if (b) facts.push({ a: victim, b, relation: `has_${k}`, provenance: prov });
        }
        const perps =
          decJson<{ name?: string; alias?: string; role?: string }[]>(
            'cw_cases',
            'perpetrators_enc',
            r.perpetrators_enc,
          ) ?? [];
        perps.forEach((x, i) => {
          const label =
            rule.given_names === 'full' ? personName([x.name, x.alias ? `«${x.alias}»` : null]) : '';
          const perp = personNode(`perp-${r.id}-${i}`, label, 'perpetrator');
          facts.push({ a: victim, b: perp, relation: `perpetrator_${x.role ?? 'other'}`, provenance: prov });
          const h = x.alias ? identifierNode('handle', x.alias) : null;
          if (h && /^@/.test(x.alias ?? ''))
            facts.push({ a: perp, b: h, relation: 'has_handle', provenance: prov });
        });
      }
      return { facts, nodes };
    },
  },
  {
    id: 'network_identifiers',
    table: 'network_identifiers',
    description:
      'Accounts, CLABE, vehicles, companies, handles (and more phones, e-mails, addresses) recorded on a person, a defendant or an investigation',
    async load(db, caller) {
      const { rows } = await db.query<{
        id: string;
        agency_id: string;
        person_id: string | null;
        defendant_id: string | null;
        chain_id: string | null;
        chain_ref: string | null;
        chain_reference: string | null;
        kind: IdentifierKind;
        value_enc: string;
      }>(
        `SELECT n.id, n.agency_id, n.person_id, n.defendant_id, n.chain_id, n.kind, n.value_enc,
                ${READABLE_CHAIN_REF} AS chain_ref, c.reference AS chain_reference
           FROM network_identifiers n
           LEFT JOIN persons t ON t.person_id = n.person_id
           LEFT JOIN jd_stages c ON c.id = n.chain_id AND c.agency_id = $1 AND c.stage = 'investigation'
          WHERE n.agency_id = $1
            AND ((n.person_id IS NOT NULL AND ${scopeSql('persons', 1)})
              OR EXISTS (SELECT 1 FROM jd_defendants d WHERE d.id = n.defendant_id AND d.agency_id = $1)
              OR c.id IS NOT NULL)`,
        [caller.agencyId],
      );
      const facts: EdgeFact[] = [];
      for (const r of rows) {
        const b = identifierNode(r.kind, decryptField(r.value_enc, 'network_identifiers.value_enc'));
        if (!b) continue;
        facts.push({
          a: r.defendant_id
            ? defendantNode(r.defendant_id, '')
            : r.chain_id
              ? chainNode(r.chain_id, r.chain_ref, r.chain_reference ?? '')
              : personNode(r.person_id!, ''),
          b,
          relation: r.chain_id ? 'on_file' : `has_${r.kind}`,
          provenance: {
            source: 'network_identifiers',
            table: 'network_identifiers',
            recordId: r.id,
            agencyId: r.agency_id,
          },
        });
      }
      return { facts, nodes: [] };
    },
  },
  {
    id: 'justice_defendants',
    table: 'jd_defendants',
    description:
      "The agency's defendants (names when the role may see them), the victims of the stages naming them and the investigation record of their chain",
    async load(db, caller) {
      const rule = visibleFields(caller.role, 'own');
      const { rows } = await db.query<{ id: string; identity_enc: string }>(
        'SELECT id, identity_enc FROM jd_defendants WHERE agency_id = $1',
        [caller.agencyId],
      );
      const nodes = rows.map((r) => {
        const i = decJson<{ givenNames?: string; surname1?: string; surname2?: string; aliases?: string[] }>(
          'jd_defendants',
          'identity_enc',
          r.identity_enc,
        );
        const name =
          rule.given_names === 'full' && i
            ? personName([i.givenNames, i.surname1, i.surname2]) ||
              (i.aliases?.[0] ? `«${i.aliases[0]}»` : '')
            : '';
        return defendantNode(r.id, name);
      });
      const prov = (stageId: string, agencyId: string) => ({
        source: 'justice_defendants',
        table: 'jd_stages',
        recordId: stageId,
        agencyId,
      });
      // defendant — victim: both named in a stage of the agency (the victim a person the agency may read)
      const victims = await db.query<{
        defendant_id: string;
        stage_id: string;
        agency_id: string;
        person_id: string;
      }>(
        `SELECT DISTINCT sd.defendant_id, s.id AS stage_id, s.agency_id, sv.person_id
           FROM jd_stage_defendants sd JOIN jd_stages s ON s.id = sd.stage_id
           JOIN jd_stage_victims sv ON sv.stage_id = s.id
          WHERE s.agency_id = $1
            AND EXISTS (SELECT 1 FROM persons t WHERE t.person_id = sv.person_id AND ${scopeSql('persons', 1)})`,
        [caller.agencyId],
      );
      // defendant — investigation: the chain's investigation (its exchange record when the agency may read it)
      const investigations = await db.query<{
        defendant_id: string;
        stage_id: string;
        agency_id: string;
        chain_ref: string | null;
        reference: string;
      }>(
        `SELECT DISTINCT sd.defendant_id, c.id AS stage_id, c.agency_id, ${READABLE_CHAIN_REF} AS chain_ref, c.reference
           FROM jd_stage_defendants sd JOIN jd_stages s ON s.id = sd.stage_id
           JOIN jd_stages c ON c.id = s.chain_id
          WHERE s.agency_id = $1 AND c.agency_id = $1`,
        [caller.agencyId],
      );
      const facts: EdgeFact[] = [
        ...victims.rows.map((r) => ({
          a: defendantNode(r.defendant_id, ''),
          b: personNode(r.person_id, '', 'victim'),
          relation: 'accused_against',
          provenance: prov(r.stage_id, r.agency_id),
        })),
        ...investigations.rows.map((r) => ({
          a: defendantNode(r.defendant_id, ''),
          b: chainNode(r.stage_id, r.chain_ref, r.reference),
          relation: 'defendant_in',
          provenance: prov(r.stage_id, r.agency_id),
        })),
      ];
      return { facts, nodes };
    },
  },
  {
    id: 'justice_financial',
    table: 'jd_financial_reports',
    description:
      "The agency's financial intelligence reports — the investigations (chains) and defendants they are linked to, the accounts and the companies they report",
    async load(db, caller) {
      const { rows } = await db.query<{
        id: string;
        agency_id: string;
        reference: string;
        subjects_enc: string | null;
        accounts_enc: string | null;
      }>(
        'SELECT id, agency_id, reference, subjects_enc, accounts_enc FROM jd_financial_reports WHERE agency_id = $1',
        [caller.agencyId],
      );
      if (rows.length === 0) return { facts: [], nodes: [] };
      const chains = await db.query<{
        report_id: string;
        chain_id: string;
        chain_ref: string | null;
        reference: string;
      }>(
        `SELECT rc.report_id, c.id AS chain_id, ${READABLE_CHAIN_REF} AS chain_ref, c.reference
           FROM jd_financial_report_chains rc JOIN jd_financial_reports r ON r.id = rc.report_id
           JOIN jd_stages c ON c.id = rc.chain_id
          WHERE r.agency_id = $1 AND c.agency_id = $1`,
        [caller.agencyId],
      );
      const defendants = await db.query<{ report_id: string; defendant_id: string }>(
        `SELECT rd.report_id, rd.defendant_id FROM jd_financial_report_defendants rd
           JOIN jd_financial_reports r ON r.id = rd.report_id JOIN jd_defendants d ON d.id = rd.defendant_id
          WHERE r.agency_id = $1 AND d.agency_id = $1`,
        [caller.agencyId],
      );
      const node = new Map<string, NodeFact>();
      const facts: EdgeFact[] = [];
      const prov = (r: { id: string; agency_id: string }) => ({
        source: 'justice_financial',
        table: 'jd_financial_reports',
        recordId: r.id,
        agencyId: r.agency_id,
      });
      for (const r of rows) {
        const a: NodeFact = {
          id: `financial_report:jd-${r.id}`,
          kind: 'financial_report',
          label: r.reference || `#${r.id.slice(0, 8)}`,
        };
        node.set(r.id, a);
        const accounts =
          decJson<{ number?: string }[]>('jd_financial_reports', 'accounts_enc', r.accounts_enc) ?? [];
        for (const acc of accounts) {
          const b = identifierNode('account', acc.number);
          if (b) facts.push({ a, b, relation: 'reports_account', provenance: prov(r) });
        }
        const subjects =
          decJson<{ kind?: string; name?: string }[]>(
            'jd_financial_reports',
            'subjects_enc',
            r.subjects_enc,
          ) ?? [];
        for (const sub of subjects) {
          if (sub.kind !== 'company') continue; // a person named in a report is a name, not an identifier
          const b = identifierNode('company', sub.name);
          if (b) facts.push({ a, b, relation: 'reports_company', provenance: prov(r) });
        }
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const c of chains.rows)
        facts.push({
          a: node.get(c.report_id)!,
          b: chainNode(c.chain_id, c.chain_ref, c.reference),
          relation: 'reported_to',
          provenance: prov(byId.get(c.report_id)!),
        });
      for (const d of defendants.rows)
        facts.push({
          a: node.get(d.report_id)!,
          b: defendantNode(d.defendant_id, ''),
          relation: 'reports_on',
          provenance: prov(byId.get(d.report_id)!),
        });
      // a report linked to nothing is still a node (searchable by its number)
      return { facts, nodes: [...node.values()] };
    },
  },
  {
    id: 'prosecution_defendants',
    table: 'prosecutions',
    description: 'A defendant of a prosecution — the investigation it comes from',
    async load(db, caller) {
      const { rows } = await db.query<{
        prosecution_id: string;
        agency_id: string;
        person_id: string;
        investigation_id: string;
      }>(
        `SELECT t.prosecution_id, t.agency_id, t.defendant_person_id AS person_id, t.investigation_id FROM prosecutions t
          WHERE ${scopeSql('prosecutions', 1)} AND t.defendant_person_id IS NOT NULL AND t.investigation_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM persons t2 WHERE t2.person_id = t.defendant_person_id AND ${scopeSql('persons', 1).replaceAll('t.', 't2.')})
            AND EXISTS (SELECT 1 FROM investigations t3 WHERE t3.investigation_id = t.investigation_id AND ${scopeSql('investigations', 1).replaceAll('t.', 't3.')})`,
        [caller.agencyId],
      );
      return {
        nodes: [],
        facts: rows.map((r) => ({
          a: personNode(r.person_id, '', 'defendant'),
          b: {
            id: `investigation:${r.investigation_id}`,
            kind: 'investigation' as const,
            label: r.investigation_id,
          },
          relation: 'defendant_in',
          provenance: {
            source: 'prosecution_defendants',
            table: 'prosecutions',
            recordId: r.prosecution_id,
            agencyId: r.agency_id,
          },
        })),
      };
    },
  },
  {
    id: 'financial_reports',
    table: 'financial_reports',
    description: 'A financial intelligence report — the investigation it was sent to',
    async load(db, caller) {
      const { rows } = await db.query<{ report_id: string; agency_id: string; investigation_id: string }>(
        `SELECT t.report_id, t.agency_id, t.investigation_id FROM financial_reports t
          WHERE ${scopeSql('financial_reports', 1)} AND t.investigation_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM investigations t3 WHERE t3.investigation_id = t.investigation_id AND ${scopeSql('investigations', 1).replaceAll('t.', 't3.')})`,
        [caller.agencyId],
      );
      return {
        nodes: [],
        facts: rows.map((r) => ({
          a: { id: `financial_report:${r.report_id}`, kind: 'financial_report' as const, label: r.report_id },
          b: {
            id: `investigation:${r.investigation_id}`,
            kind: 'investigation' as const,
            label: r.investigation_id,
          },
          relation: 'reported_to',
          provenance: {
            source: 'financial_reports',
            table: 'financial_reports',
            recordId: r.report_id,
            agencyId: r.agency_id,
          },
        })),
      };
    },
  },
];
