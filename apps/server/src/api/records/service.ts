import { cellText, FILE_BY_KIND, formatExchangeError, memorySource } from '@enlace/core';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { audit } from '../../audit/service.ts';
import { AppError, notFound } from '../../errors.ts';
import type { RecordFieldError } from '../../http/components.ts';
import type { RequestContext } from '../../http/context.ts';
import { importFolder, inNamespace } from '../../import/engine.ts';
import { redactPerson, shownFields, visibleFields } from '../../security/need-to-know.ts';
import { requireJustification } from '../alerts/access.ts';
import { linkPendingPersons } from '../linkage/pending.ts';
import type { KindConfig } from './kinds.ts';
import * as repo from './repository.ts';

const personalColumns = (cfg: KindConfig) =>
  FILE_BY_KIND[cfg.kind].columns.filter((c) => c.personal).map((c) => c.name);

export async function listRecords(ctx: RequestContext, cfg: KindConfig, f: repo.ListFilter) {
  const user = ctx.user!;
  const page = await repo.listRecords(ctx.db, cfg, user.agencyId, f);
  if (cfg.kind === 'persons') {
    // the scope admitted each row as the agency's own or as referred to it: show each what its reader needs
    for (const item of page.items) {
      const rel = item.values.agency_id === user.agencyId ? 'own' : 'referral';
      item.values = redactPerson(item.values, visibleFields(user.role, rel));
    }
  }
  if (cfg.personal && page.items.length > 0) {
    await audit(ctx, {
      action: 'list',
      resource: cfg.kind,
      resourceId: page.items.map((i) => i.id).join(','),
      fields: personalColumns(cfg).filter((c) => cfg.listColumns.includes(c)),
    });
  }
  return page;
}

export async function readRecord(ctx: RequestContext, cfg: KindConfig, id: string) {
  const user = ctx.user!;
  const rec = await repo.getRecord(ctx.db, cfg, user.agencyId, id);
  if (!rec) throw notFound('Record');
  if (cfg.kind === 'persons') {
    const rel = rec.values.agency_id === user.agencyId ? 'own' : 'referral';
    const rule = visibleFields(user.role, rel);
    const justification = await requireJustification(ctx, 'persons', id);
    await audit(ctx, {
      action: 'read',
      resource: cfg.kind,
      resourceId: id,
      fields: shownFields(rule),
      justification,
    });
    return { ...rec, values: redactPerson(rec.values, rule) };
  }
  await audit(ctx, { action: 'read', resource: cfg.kind, resourceId: id, fields: personalColumns(cfg) });
  return rec;
}

/**
 * Creates or updates one record through the import engine (the same validation, references, encryption and
 * all-or-nothing transaction as a bulk import), within the user's agency.
 */
export async function writeRecord(
  ctx: RequestContext,
  cfg: KindConfig,
  id: string,
  body: Record<string, string | undefined>,
  /** Told about a failure of the work after the commit (the linkage), which is left pending for the next run. */
  onFollowUpError: (err: unknown) => void = () => {},
) {
  const user = ctx.user!;
  const def = FILE_BY_KIND[cfg.kind];
  const exists = await repo.recordExists(ctx.db, cfg, id);
  const readable = exists && (await repo.getRecord(ctx.db, cfg, user.agencyId, id)) !== undefined;
  if (!readable && (exists || !inNamespace(id, [user.agencyId]))) {
    // Another agency's id gets one answer whether it exists or not: a write cannot test which ids exist, nor take
    // an id before its agency uses it. The attempt is audited for the agency's auditors.
    await audit(ctx, { action: 'write_refused', resource: cfg.kind, resourceId: id, fields: [] });
    throw new AppError(
      'id_outside_agency',
      `The id is not your agency's: new records' ids start with ${user.agencyId}/`,
      { status: 400, details: [{ field: def.idColumn, code: 'id_outside_agency' }] },
    );
  }
  // A write answers with the record: someone else's person needs a reason like a read (break-glass).
  const justification =
    exists && cfg.kind === 'persons' ? await requireJustification(ctx, 'persons', id) : null;
  const values = { ...body, [def.idColumn]: id };
  if (def.agencyColumn && !values[def.agencyColumn]) values[def.agencyColumn] = user.agencyId;
  // References (person, conviction, investigation…) are checked by the import engine against what the agency may
  // read: another agency's record is answered as unknown, exactly like a missing one (api/records/scope.ts).
  const agencyRow = await repo.agencyRowValues(ctx.db, user.agencyId);
  // Text cells go through the same formula-injection escape as every exchange file (cellText), which the
  // import undoes: a name such as `'=x` is stored as typed, not as `=x`.
  const agencyCols = FILE_BY_KIND.agencies.columns;
  const files = {
    'agencies.csv': stringify([
      agencyCols.map((c) => c.name),
      agencyCols.map((c, i) => cellText(c, agencyRow![i] ?? '')),
    ]),
    [def.file]: stringify([
      def.columns.map((c) => c.name),
      def.columns.map((c) => cellText(c, values[c.name] ?? '')),
    ]),
  };
  const fields = Object.keys(body).filter((k) => def.columns.some((c) => c.name === k));
  const result = await importFolder(ctx, memorySource(files), {
    agencies: [user.agencyId],
    // the record's audit entry is written in the write's own transaction
    auditEvent: (counts) => ({
      action: counts.find((f) => f.file === def.file)?.inserted ? 'create' : 'update',
      resource: cfg.kind,
      resourceId: id,
      fields,
      justification,
    }),
  });
  if (!result.ok) {
    const lang = user.locale === 'en-US' ? 'en' : 'es';
    const first = result.errors[0];
    throw new AppError(
      'invalid_record',
      first ? formatExchangeError(first, lang) : 'The record is not valid',
      {
        status: 400,
        details: result.errors.map(
          (e): z.infer<typeof RecordFieldError> => ({
            field: e.column ?? null,
            code: e.code,
            message: e.message,
          }),
        ),
      },
    );
  }
  // The write is committed (and audited): nothing below may turn it into an error answer.
  const counts = result.files.find((f) => f.file === def.file);
  // Incremental linkage: a new or changed person is compared with its blocking candidates right away. If that
  // fails, the person stays pending (no blocking keys) and is linked by the next import, entry or `enlace link`.
  if (cfg.kind === 'persons' && (counts?.inserted || counts?.updated)) {
    try {
      await linkPendingPersons(ctx);
    } catch (err) {
      onFollowUpError(err);
    }
  }
  const status: 'created' | 'updated' | 'unchanged' = counts?.inserted
    ? 'created'
    : counts?.updated
      ? 'updated'
      : 'unchanged';
  const rec = (await repo.getRecord(ctx.db, cfg, user.agencyId, id).catch((err) => {
    onFollowUpError(err);
    return null;
  })) ?? { id, values: Object.fromEntries(def.columns.map((c) => [c.name, values[c.name] ?? ''])) };
  if (cfg.kind === 'persons') rec.values = redactPerson(rec.values, visibleFields(user.role, 'own'));
  return { ...rec, status };
}
