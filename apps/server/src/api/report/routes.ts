import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { audit } from '../../audit/service.ts';
import { AppError } from '../../errors.ts';
import { type App, requireUser } from '../../http/context.ts';
import { geometry } from '../../report/render-html.ts';
import { closeWarmBrowser } from '../../report/render-pdf.ts';
import {
  CtdcFile,
  CtdcPermissionResponse,
  CtdcQuery,
  DocumentQuery,
  GeometryResponse,
  HtcdsImportQuery,
  HtcdsImportResponse,
  RecordsQuery,
  RecordsResponse,
  ReportDocumentFile,
  ReportQuery,
  ReportResponse,
  YearsResponse,
} from './schema.ts';
import {
  ctdcDownload,
  dashboardFigures,
  figureDrilldown,
  mayExportCtdc,
  reportDocument,
  yearsWithData,
} from './service.ts';

/**
 * Whether the request's reads go to a read replica (DATABASE_READ_URL): the context always has a `readDb`, the
 * primary itself when there is no replica, so the stored figures and files are used unless it is another pool.
 */
const onReplica = (ctx: { db: unknown; readDb?: unknown }) => !!ctx.readDb && ctx.readDb !== ctx.db;

/** Aggregate figures for analysts (no personal data); every read is audited. */
export async function reportRoutes(app: App) {
  // the PDF download keeps Chromium warm for a minute; the server's shutdown closes it at once
  app.addHook('onClose', async () => closeWarmBrowser());
  app.get(
    '/api/report',
    {
      schema: {
        tags: ['report'],
        summary:
          'National figures of a year (annual-report.md), the two previous years, by-state figures and completeness; filterable by state, level and form group',
        querystring: ReportQuery,
        response: { 200: ReportResponse },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async (req) => {
      // figures kept in the database per data version, except on a read replica (cannot write them)
      // after a write: the latest stored figures at once, marked stale, the current ones computed behind
      const out = await dashboardFigures(req.ctx.readDb ?? req.ctx.db, req.query, {
        store: !onReplica(req.ctx),
        warn: (line) => req.log.warn(line),
      });
      await audit(req.ctx, {
        action: 'read',
        resource: 'report',
        resourceId: String(req.query.year),
        fields: Object.keys(out.filter),
      });
      return out;
    },
  );
  app.get(
    '/api/report/years',
    {
      schema: {
        tags: ['report'],
        summary:
          'The years with records (the year filter) and the latest of them (where the dashboard opens)',
        response: { 200: YearsResponse },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async (req) => yearsWithData(req.ctx.readDb ?? req.ctx.db),
  );
  app.get(
    '/api/report/document',
    {
      schema: {
        tags: ['report'],
        summary:
          'The national report of a year for people, as a file: HTML or PDF, es-MX or en-US (aggregates only, audited)',
        querystring: DocumentQuery,
        response: { 200: ReportDocumentFile },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async (req, reply) => {
      const doc = await reportDocument(req.ctx.readDb ?? req.ctx.db, req.query, {
        store: !onReplica(req.ctx),
      });
      await audit(req.ctx, {
        action: 'export',
        resource: 'report',
        resourceId: String(req.query.year),
        fields: [req.query.format, req.query.lang],
      });
      return reply
        .type(doc.type)
        .header('content-disposition', `attachment; filename="${doc.file}"`)
        .header('cache-control', 'no-store')
        .send(doc.body);
    },
  );
  app.get(
    '/api/report/ctdc/permission',
    {
      schema: {
        tags: ['report'],
        summary:
          'Whether I may download the national anonymised victim records (CTDC / HTCDS): analysts of a national agency',
        response: { 200: CtdcPermissionResponse },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async (req) => ({ allowed: await mayExportCtdc(req.ctx.db, requireUser(req.ctx)) }),
  );
  app.get(
    '/api/report/ctdc',
    {
      schema: {
        tags: ['report'],
        summary:
          'The national anonymised victim records in CTDC / HTCDS columns as CSV, k-anonymised like `enlace ctdc` (analysts of a national agency; audited)',
        querystring: CtdcQuery,
        response: { 200: CtdcFile },
      },
      config: { permission: 'ctdc:export', scope: 'none' },
    },
    async (req, reply) => {
      const user = requireUser(req.ctx);
      if (!(await mayExportCtdc(req.ctx.db, user)))
        throw new AppError(
          'ctdc_national_analyst_only',
          'Only analysts of a national (federal) agency may download the anonymised victim records',
          { status: 403 },
        );
      const out = await ctdcDownload(req.ctx.readDb ?? req.ctx.db, req.query.k, req.query.lang);
      await audit(req.ctx, {
        action: 'export',
        resource: 'ctdc',
        resourceId: `k=${req.query.k}`,
        fields: ['persons.sex', 'persons.birth_date', 'persons.nationality', 'identifications'],
        justification: `${out.rows} rows, ${out.suppressed} suppressed, per generalisation step ${out.generalised.join('/')}`,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${out.file}"`)
        .header('cache-control', 'no-store')
        .send(out.body);
    },
  );
  // the HTCDS / CTDC file arrives as the raw body, streamed to a temporary file (never held in memory)
  const HTCDS_MAX_BYTES = 256 * 2 ** 20;
  for (const type of ['text/csv', 'application/vnd.ms-excel'])
    app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));
  app.post(
    '/api/report/htcds',
    {
      schema: {
        tags: ['report'],
        summary:
          "Import a CTDC / HTCDS victim file (text/csv body) as my agency's persons and identifications: all or nothing, every error by line and column (analysts of a national agency; audited)",
        querystring: HtcdsImportQuery,
        response: { 200: HtcdsImportResponse },
      },
      config: { permission: 'htcds:import', scope: 'none' },
      bodyLimit: HTCDS_MAX_BYTES,
    },
    async (req) => {
      const user = requireUser(req.ctx);
      if (!(await mayExportCtdc(req.ctx.db, user)))
        throw new AppError(
          'htcds_national_analyst_only',
          'Only analysts of a national (federal) agency may import CTDC / HTCDS files',
          { status: 403 },
        );
      if (!req.body || typeof (req.body as Readable).pipe !== 'function')
        throw new AppError(
          'invalid_input',
          'send the CSV file as the request body (Content-Type: text/csv)',
          {
            status: 400,
          },
        );
      const work = await mkdtemp(join(tmpdir(), 'enlace-htcds-'));
      try {
        const path = join(work, 'upload.csv');
        await pipeline(req.body as Readable, createWriteStream(path)).catch(() => {
          throw new AppError('invalid_input', 'the upload was interrupted', { status: 400 });
        });
        const { importHtcds } = await import('../../import/htcds.ts');
        // the records belong to the caller's agency (ids in its namespace); the engine audits the import
        return await importHtcds(req.ctx, path, {
          agencyId: user.agencyId,
          dryRun: req.query.dryRun === 'true',
          displayName: req.query.name ?? 'htcds.csv',
          maxErrors: 200,
        });
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  );
  app.get(
    '/api/report/geometry',
    {
      schema: {
        tags: ['report'],
        summary: 'Simplified INEGI state geometry (SVG paths) for the map',
        response: { 200: GeometryResponse },
      },
      config: { permission: 'report:read', scope: 'none' },
    },
    async () => {
      const g = geometry();
      return {
        viewBox: g.viewBox,
        source: 'INEGI, Marco Geoestadístico (límites estatales), simplificado',
        states: g.states.map(({ code, name, path }) => ({ code, name, path })),
      };
    },
  );
  app.get(
    '/api/report/records',
    {
      schema: {
        tags: ['report'],
        summary: 'Drill-down: the records of my agency that a figure counts (ids only), audited',
        querystring: RecordsQuery,
        response: { 200: RecordsResponse },
      },
      config: { permission: 'cases:read', scope: 'agency' },
    },
    async (req) => {
      const user = requireUser(req.ctx);
      const out = await figureDrilldown(req.ctx.readDb ?? req.ctx.db, req.query, user.agencyId);
      await audit(req.ctx, {
        action: 'list',
        resource: 'report_records',
        resourceId: `${req.query.year}:${req.query.figure}`,
        fields: ['ids'],
      });
      return out;
    },
  );
}
