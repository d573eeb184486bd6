/**
 * The public open-data page, server-rendered, no login, no JavaScript:
 *
 *   GET /datos-abiertos[?lang=en-US]             published releases
 *   GET /datos-abiertos/:year[?lang=]            the figures of the year's published release
 *   GET /datos-abiertos/:year/cifras.csv         figure,label_es,label_en,value,status (formula-safe)
 *   GET /datos-abiertos/:year/cifras.json        figures, amounts, countries, protection, relations
 *   GET /datos-abiertos/diccionario[?lang=]      the data dictionary and the relations between figures
 *   GET /datos-abiertos/diccionario.csv
 *   GET /datos-abiertos/estilo.css
 *
 * Only releases approved by a second analyst are shown; every value is checked again to be 0 or ≥ k.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvCell } from '@enlace/core/spreadsheet-safety';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import * as repo from '../api/releases/repository.ts';
import type { App } from '../http/context.ts';
import { pickLanguage } from '../public/i18n.ts';
import { allFigureKeys, figureDescription, figureLabel, type Lang } from './dictionary.ts';
import { BASE, dictionaryPage, indexPage, notFoundPage, safeCells, yearPage } from './pages.ts';

const CSS = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'style.css'), 'utf8');
const YearParams = z.strictObject({ year: z.coerce.number().int().min(1990).max(2100) });

const langOf = (req: FastifyRequest): Lang =>
  pickLanguage((req.query as { lang?: unknown } | undefined)?.lang, req.headers['accept-language']) ===
  'en-US'
    ? 'en-US'
    : 'es-MX';

const line = (...cells: Array<string | number | null | undefined>) => cells.map(csvCell).join(',');

/** The release's CSV: one line per figure (both languages' labels), then the amounts and the countries. */
export function releaseCsvFor(r: repo.ReleaseRow): string {
  const cells = safeCells(r);
  const noisy = r.epsilon !== null;
  const lines = [line('figure', 'label_es', 'label_en', 'value', 'status')];
  for (const k of Object.keys(cells)) {
    const v = cells[k] ?? null;
    lines.push(
      line(
        k,
        figureLabel(k, 'es-MX'),
        figureLabel(k, 'en-US'),
        v,
        v === null ? 'suppressed' : noisy ? 'noisy' : 'published',
      ),
    );
  }
  for (const [k, v] of Object.entries(r.figures.amounts))
    lines.push(
      line(k, figureLabel(k, 'es-MX'), figureLabel(k, 'en-US'), v, v === null ? 'withheld' : 'published'),
    );
  lines.push(
    line(
      'victims.foreign.countries',
      'Países de origen con al menos k víctimas',
      'Countries of origin with at least k victims',
      r.figures.countries.join(';'),
      'published',
    ),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function releaseJsonFor(r: repo.ReleaseRow) {
  return {
    year: r.year,
    published_at: r.published_at ? new Date(r.published_at).toISOString() : null,
    k: r.k,
    epsilon: r.epsilon,
    figures: safeCells(r),
    amounts: r.figures.amounts,
    countries: r.figures.countries,
    disclosure: r.figures.disclosure,
    relations: r.figures.equations,
    dictionary: `${BASE}/diccionario.csv`,
  };
}

export async function openDataRoutes(app: App) {
  const config = { public: true, rateLimit: { max: 240, timeWindow: '1 minute' } };
  const schema = { hide: true };
  const page = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .header('cache-control', 'public, max-age=300')
      .header('vary', 'accept-language')
      .type('text/html; charset=utf-8')
      .send(body);
  const year = async (req: FastifyRequest) => {
    const p = YearParams.safeParse(req.params);
    return p.success ? repo.publishedRelease(req.ctx.db, p.data.year) : null;
  };

  app.get(BASE, { schema, config }, async (req, reply) =>
    page(reply, 200, indexPage(langOf(req), await repo.publishedReleases(req.ctx.db))),
  );
  app.get(`${BASE}/estilo.css`, { schema, config }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(CSS),
  );
  app.get(`${BASE}/diccionario`, { schema, config }, async (req, reply) =>
    page(reply, 200, dictionaryPage(langOf(req))),
  );
  app.get(`${BASE}/diccionario.csv`, { schema, config }, async (_req, reply) => {
    const lines = [line('figure', 'label_es', 'label_en', 'description_es', 'description_en')];
    for (const k of allFigureKeys())
      lines.push(
        line(
          k,
          figureLabel(k, 'es-MX'),
          figureLabel(k, 'en-US'),
          figureDescription(k, 'es-MX'),
          figureDescription(k, 'en-US'),
        ),
      );
    return reply
      .header('content-disposition', 'attachment; filename="diccionario-datos.csv"')
      .type('text/csv; charset=utf-8')
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });
  app.get(`${BASE}/:year`, { schema, config }, async (req, reply) => {
    const lang = langOf(req);
    const r = await year(req);
    return r ? page(reply, 200, yearPage(lang, r)) : page(reply, 404, notFoundPage(lang));
  });
  app.get(`${BASE}/:year/cifras.csv`, { schema, config }, async (req, reply) => {
    const r = await year(req);
    if (!r) return page(reply, 404, notFoundPage(langOf(req)));
    return reply
      .header('content-disposition', `attachment; filename="cifras-trata-${r.year}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(releaseCsvFor(r));
  });
  app.get(`${BASE}/:year/cifras.json`, { schema, config }, async (req, reply) => {
    const r = await year(req);
    if (!r) return page(reply, 404, notFoundPage(langOf(req)));
    return reply
      .header('content-disposition', `attachment; filename="cifras-trata-${r.year}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(releaseJsonFor(r), null, 2));
  });
}
