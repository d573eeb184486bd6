/**
 * Where and when each person record was written, for the linker's `context` (packages/linkage context.ts): the
 * record's first identification (date, state, form of exploitation), else its first service (date, the provider's
 * state). The same for the database's linkage (service.ts) and for a report computed from a folder
 * (report/links.ts), so both count the same persons.
 */
import type { ContextOf, RecordContext } from '@enlace/linkage';

export interface ContextIdentification {
  readonly person_id: string;
  readonly date: string;
  readonly state_code: string | null;
  readonly primary_form: string;
}

export interface ContextService {
  readonly person_id: string;
  readonly start_date: string | null;
  /** The providing agency's state (null for federal agencies and NGOs without one). */
  readonly provider_state: string | null;
}

export function recordContexts(
  agencyOf: ReadonlyMap<string, string>,
  identifications: Iterable<ContextIdentification>,
  services: Iterable<ContextService>,
): ContextOf {
  const byPerson = new Map<string, RecordContext>();
  for (const x of identifications) {
    const source = agencyOf.get(x.person_id);
    if (!source) continue;
    const c = byPerson.get(x.person_id);
    if (c && c.date !== undefined && c.date <= x.date) continue;
    byPerson.set(x.person_id, {
      source,
      date: x.date,
      region: x.state_code ?? undefined,
      kind: x.primary_form,
    });
  }
  // a person record without an identification: its earliest service (as the database's query picks it)
  const identified = new Set(byPerson.keys());
  for (const s of services) {
    const source = agencyOf.get(s.person_id);
    if (!source || !s.start_date || identified.has(s.person_id)) continue;
    const c = byPerson.get(s.person_id);
    if (c?.date !== undefined && c.date <= s.start_date) continue;
    byPerson.set(s.person_id, { source, date: s.start_date, region: s.provider_state ?? undefined });
  }
  return (id) => byPerson.get(id);
}
