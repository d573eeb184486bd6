import { audit } from '../../audit/service.ts';
import { type App, requireUser } from '../../http/context.ts';
import { geometry } from '../../report/render-html.ts';
import { GeometryResponse, RecordsQuery, RecordsResponse, ReportQuery, ReportResponse } from './schema.ts';
import { dashboardFigures, figureDrilldown } from './service.ts';

/** Aggregate figures for analysts (no personal data); every read is audited. */
export async function reportRoutes(app: App) {
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
      const out = await dashboardFigures(req.ctx.db, req.query);
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
      const out = await figureDrilldown(req.ctx.db, req.query, user.agencyId);
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
