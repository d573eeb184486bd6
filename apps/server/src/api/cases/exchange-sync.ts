/**
 * Case work feeds the exchange data model (migration 010) so that the annual report and
 * `enlace export` count identifications, referrals and services made here. Only with the person's
 * consent for `statistics`: while it holds, the case is mirrored under ids `cw-<uuid>`; when it is
 * withdrawn (or never given), the mirror is removed. The mirror carries no names, no contact data
 * and no address (persons.csv allows them empty); the CURP, encrypted with its blind index, stays so
 * that a person recorded by several agencies is counted once.
 */
import { createHmac } from 'node:crypto';
import { FILE_BY_KIND, formatRow, type RecordKind } from '@enlace/core';
import { mexicoDay } from '@enlace/core/calendar';
import type { Db } from '../../db/index.ts';
import { upsertBatch } from '../../import/repository.ts';
import { TABLES } from '../../import/tables.ts';
import { derivedSecret } from '../../security/crypto.ts';
import { assertMayShare } from '../consents/may-share.ts';
import { decJson } from './crypto-json.ts';
import * as repo from './repository.ts';
import type { PersonInput } from './schema.ts';

export const mirrorId = (uuid: string) => `cw-${uuid}`;
const GOVERNMENT = new Set(['federal', 'state', 'municipal']);
/** The day a record counts for: Mexico's calendar day, not UTC's (an evening referral is that day's). */
const day = (d: Date | string | null) => (d === null ? null : mexicoDay(d));

async function upsert(db: Db, kind: RecordKind, record: Record<string, unknown>): Promise<void> {
  const def = FILE_BY_KIND[kind];
  const values = def.columns.map((c) => record[c.name] ?? null);
  const hash = createHmac('sha256', derivedSecret('casework-mirror-row-hash'))
    .update(formatRow(def, values))
    .digest('base64url');
  const dbValues = TABLES[kind].toDb(values);
  await upsertBatch(db, kind, [...dbValues.map((v) => [v]), [hash]]);
}

async function removeMirror(db: Db, caseId: string): Promise<void> {
  const pid = mirrorId(caseId);
  await repo.deleteMirror(db, pid);
}

async function statisticsAllowed(db: Db, caseId: string): Promise<boolean> {
  try {
    await assertMayShare(db, caseId, 'statistics');
    return true;
  } catch {
    return false;
  }
}

/** Brings the mirror of one case in line with the case (call inside the transaction that changed it). */
export async function syncCaseToExchange(db: Db, caseId: string): Promise<void> {
  const c = await repo.getCaseRow(db, caseId);
  if (!c) return;
  if (!(await statisticsAllowed(db, caseId))) {
    await removeMirror(db, caseId);
    return;
  }
  const pid = mirrorId(c.id);
  const p = decJson<PersonInput>('cw_cases', 'person_enc', c.person_enc) ?? {};
  await upsert(db, 'persons', {
    person_id: pid,
    agency_id: c.agency_id,
    birth_date: p.birthDate ?? null,
    sex: p.sex ?? null,
    nationality: p.nationality ?? null,
    curp: p.curp ?? null,
    indigenous: p.indigenous ?? null,
    languages: p.languages?.length ? p.languages : null,
    lgbtqi: p.lgbtqi ?? null,
    disability: p.disability ?? null,
  });
  const id = c.identification as Record<string, unknown>;
  if (typeof id.date === 'string') {
    await upsert(db, 'identifications', {
      identification_id: pid,
      person_id: pid,
      agency_id: c.agency_id,
      date: id.date,
      state_code: id.stateCode ?? null,
      country_of_exploitation: id.countryOfExploitation ?? null,
      primary_form: id.primaryForm ?? 'unspecified',
      other_forms: id.otherForms ?? null,
      sector: id.sector ?? null,
      means_of_control: (id.meansOfControl as string[] | undefined)?.length ? id.meansOfControl : null,
      recruitment: (id.recruitment as string[] | undefined)?.length ? id.recruitment : null,
      recruiter_relation: id.recruiterRelation ?? null,
    });
  } else {
    await repo.deleteMirrorIdentification(db, pid);
  }
  for (const r of await repo.referralsOfCase(db, c.id)) {
    const statusAt = r.completed_at ?? r.declined_at ?? r.accepted_at;
    await upsert(db, 'referrals', {
      referral_id: mirrorId(r.id),
      person_id: pid,
      from_agency_id: r.from_agency_id,
      to_agency_id: r.to_agency_id,
      date: day(r.created_at),
      services: r.services,
      status: r.status,
      status_date: day(statusAt),
    });
  }
  for (const s of await repo.listServices(db, c.id)) {
    await upsert(db, 'services', {
      service_id: mirrorId(s.id),
      person_id: pid,
      provider_agency_id: s.provider_agency_id,
      service: s.service,
      start_date: s.start_date,
      end_date: s.end_date,
      government_funded: GOVERNMENT.has(s.funding),
    });
  }
}
