/**
 * Linked persons for the report when no precomputed links exist: the linkage engine (packages/linkage)
 * deduplicates the person records (CURP, names with typos/nicknames/swapped surnames, birth date, sex);
 * on tiny inputs where its model cannot be estimated, exact CURP and exact normalised keys are used.
 */
import type { PersonKey } from '@enlace/core/report/types';
import { KeyedSets, type LinkRecord, linkDedup, referralPairPrior } from '@enlace/linkage';
import { type ContextIdentification, type ContextService, recordContexts } from '../api/linkage/context.ts';
import { COUNT_LINK } from '../api/linkage/thresholds.ts';
import type { PersonIdentity } from './folder.ts';

const norm = (s: string | null) =>
  (s ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z ]/g, '')
    .trim();

/** Union-find over person ids (packages/linkage): every id maps to the smallest id of its cluster. */
function clustersToKey(ids: readonly string[], groups: Iterable<readonly string[]>): PersonKey {
  const sets = new KeyedSets();
  for (const id of ids) sets.add(id);
  for (const g of groups) for (let i = 1; i < g.length; i++) sets.union(g[0]!, g[i]!);
  return (id: string) => sets.find(id);
}

export function exactKeys(persons: readonly PersonIdentity[]): PersonKey {
  const groups = new Map<string, string[]>();
  const add = (k: string, id: string) => {
    const g = groups.get(k);
    if (g) g.push(id);
    else groups.set(k, [id]);
  };
  for (const p of persons) {
    if (p.curp) add(`c:${p.curp.toUpperCase()}`, p.person_id);
    else if (p.given_names && p.surname_1 && p.birth_date && p.birth_date.length === 10)
      add(
        `n:${norm(p.given_names)}|${norm(p.surname_1)}|${norm(p.surname_2)}|${p.birth_date}|${p.sex ?? ''}`,
        p.person_id,
      );
  }
  return clustersToKey(
    persons.map((p) => p.person_id),
    groups.values(),
  );
}

/**
 * The same linkage as inside the database (apps/server/src/api/linkage/service.ts): the same fields, the referral
 * context as prior evidence, where and when each record was written (`written`: identifications and services, see
 * api/linkage/context.ts), and links from COUNT_LINK (0.5) on.
 */
export function linkedKeys(
  persons: readonly PersonIdentity[],
  referrals: readonly { person_id: string; to_agency_id: string }[] = [],
  written?: {
    readonly identifications: readonly ContextIdentification[];
    readonly services: readonly ContextService[];
  },
): PersonKey {
  if (persons.length < 50) return exactKeys(persons);
  try {
    const sorted = [...persons].sort((a, b) => (a.person_id < b.person_id ? -1 : 1));
    const records: LinkRecord[] = sorted.map((p) => ({
      id: p.person_id,
      fields: Object.fromEntries(
        (
          [
            'given_names',
            'surname_1',
            'surname_2',
            'birth_date',
            'sex',
            'curp',
            'phone',
            'email',
            'nationality',
          ] as const
        )
          .filter((f) => p[f])
          .map((f) => [f, p[f]!]),
      ),
    }));
    const pairPrior = referralPairPrior({
      agencyOf: new Map(persons.map((p) => [p.person_id, p.agency_id])),
      referrals: referrals.map((r) => [r.person_id, r.to_agency_id] as const),
    });
    const context = written
      ? recordContexts(
          new Map(persons.map((p) => [p.person_id, p.agency_id])),
          written.identifications,
          written.services,
        )
      : undefined;
    const res = linkDedup(records, { threshold: COUNT_LINK, pairPrior, context });
    const byCluster = new Map<number, string[]>();
    res.clusters.forEach((c, i) => {
      const g = byCluster.get(c);
      if (g) g.push(sorted[i]!.person_id);
      else byCluster.set(c, [sorted[i]!.person_id]);
    });
    return clustersToKey(
      sorted.map((p) => p.person_id),
      byCluster.values(),
    );
  } catch {
    return exactKeys(persons);
  }
}
