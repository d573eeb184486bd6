import { screening } from '@enlace/core';
import { audit } from '../../audit/service.ts';
import { AppError } from '../../errors.ts';
import { can } from '../../security/permissions.ts';
import { requireJustificationForCase } from '../alerts/access.ts';
import { flagBreakGlass } from '../alerts/repository.ts';
import { decJson, encJson } from '../cases/crypto-json.ts';
import { type Ctx, caseInScope, recordCaseEvent } from '../cases/service.ts';
import { assertMayShare, consentGrantedAt, toEvent } from './may-share.ts';
import * as repo from './repository.ts';
import type { ConsentMethod } from './schema.ts';

/** The table, also the context its encrypted fields are bound to (`table.column`). */
const CONSENTS_TABLE = 'cw_consents';
interface ConsentDetail {
  guardianName?: string | undefined;
  note?: string | undefined;
  justification?: string | undefined;
}

// The sharing check lives apart (may-share.ts) so that cases/exchange-sync.ts imports no service of cases.
export { assertMayShare, consentGrantedAt };

export interface ConsentInput {
  purpose?: screening.ConsentPurpose | undefined;
  purposes?: screening.ConsentPurpose[] | undefined;
  action: 'granted' | 'withdrawn';
  method?: ConsentMethod | undefined;
  guardianName?: string | undefined;
  note?: string | undefined;
  justification?: string | undefined;
}

/**
 * Records a grant or withdrawal for one or several purposes, with how it was given (verbal, written, by a
 * guardian). An emergency override (a grant without the person's consent, e.g. they are unconscious or a
 * child is in danger) is for supervisors and agency admins only, needs a justification, and is audited and
 * flagged to the agency's admins and auditors like a break-glass read.
 */
export async function recordConsent(ctx: Ctx, caseId: string, input: ConsentInput) {
  const purposes = [...new Set(input.purposes ?? (input.purpose ? [input.purpose] : []))];
  const override = input.method === 'emergency_override';
  if (override && !can(ctx.user!.role, 'cases:approve')) {
    throw new AppError(
      'override_not_permitted',
      'Only a supervisor or an agency administrator may override consent in an emergency',
      { status: 403 },
    );
  }
  const detail: ConsentDetail = {
    ...(input.guardianName ? { guardianName: input.guardianName } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(override && input.justification ? { justification: input.justification } : {}),
  };
  const hasDetail = Object.keys(detail).length > 0;
  return ctx.db.transaction(async (tx) => {
    const c = await caseInScope(ctx, caseId, tx, true);
    if (c.status === 'closed' && input.action === 'granted') {
      throw new AppError('case_closed', 'A closed case cannot receive new consent', { status: 409 });
    }
    const events = [];
    for (const purpose of purposes) {
      const row = await repo.insertConsent(tx, {
        caseId,
        purpose,
        action: input.action,
        recordedBy: ctx.user!.id,
        method: input.method ?? null,
        detailEnc: hasDetail ? encJson(CONSENTS_TABLE, 'detail_enc', detail) : null,
      });
      events.push({ id: Number(row.id), ...toEvent(row), method: row.method });
    }
    await recordCaseEvent(
      tx,
      ctx,
      caseId,
      override ? 'consent_emergency_override' : `consent_${input.action}`,
      purposes.map((p) => `consent.${p}`),
      { method: input.method ?? null, purposes, ...detail },
    );
    await audit(
      ctx,
      {
        action: 'create',
        resource: 'consents',
        resourceId: caseId,
        fields: [...purposes, ...(input.method ? [`method:${input.method}`] : [])],
        justification: override ? (input.justification ?? null) : null,
      },
      tx,
    );
    if (override) {
      await flagBreakGlass(tx, {
        agencyId: ctx.user!.agencyId,
        userId: ctx.user!.id,
        resource: 'cases',
        resourceId: caseId,
        justification:
          `Emergency consent override (${purposes.join(', ')}): ${input.justification ?? ''}`.slice(0, 500),
      });
    }
    return { ...events[0]!, events };
  });
}

export async function listConsents(ctx: Ctx, caseId: string) {
  await caseInScope(ctx, caseId);
  await requireJustificationForCase(ctx, caseId); // someone else's case asks for a reason, as its read does
  const rows = await repo.consentsOf(ctx.db, caseId);
  const events = rows.map(toEvent);
  const now = await repo.dbNow(ctx.db);
  const names = await repo.userNames(ctx.db, [...new Set(rows.map((r) => r.recorded_by))]);
  if (rows.some((r) => r.detail_enc)) {
    await audit(ctx, {
      action: 'read',
      resource: 'consents',
      resourceId: caseId,
      fields: ['guardian_name', 'note', 'justification'],
    });
  }
  return {
    events: rows.map((r) => {
      const d = decJson<ConsentDetail>(CONSENTS_TABLE, 'detail_enc', r.detail_enc) ?? {};
      return {
        id: Number(r.id),
        ...toEvent(r),
        method: r.method,
        recordedByName: names.get(r.recorded_by) ?? null,
        guardianName: d.guardianName ?? null,
        note: d.note ?? null,
        justification: d.justification ?? null,
      };
    }),
    status: screening.consentStatus(events, now),
  };
}
