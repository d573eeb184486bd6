import { FORM_GROUPS } from '@enlace/core';
import { z } from 'zod';
import { binaryFile, fileAnswer, textFile } from '../../http/answers.ts';

export const ReportQuery = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2200),
  state: z
    .string()
    .regex(/^(0[1-9]|[12]\d|3[0-2])$/, 'INEGI state code 01-32')
    .optional(),
  level: z.enum(['federal', 'state']).optional(),
  form: z.enum(FORM_GROUPS).optional(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/** Aggregates only: the annual report (annual-report.md), the two previous years, by-state figures. */
export const ReportResponse = z.object({
  /** the filter the figures are for (the query's state, level and form group; none: national) */
  filter: z.object({
    state: z.string().optional(),
    level: z.enum(['federal', 'state']).optional(),
    form: z.enum(FORM_GROUPS).optional(),
  }),
  report: z.record(z.string(), z.unknown()),
  previous: z.array(z.record(z.string(), z.unknown())),
  states: z.array(
    z.object({
      state_code: z.string(),
      victims: z.number(),
      identification_records: z.number(),
      investigations: z.number(),
      prosecutions: z.number(),
      convictions: z.number(),
    }),
  ),
  /** per dataset and state ('all': national): records of the year and the share (0..1) with each key field known */
  completeness: z.array(
    z.object({
      /** COMPLETENESS_DATASETS of @enlace/core/report/breakdown (plain: stored figures are given back as they are) */
      dataset: z.string(),
      state: z.string(),
      records: z.number(),
      sex: z.number().nullable(),
      age: z.number().nullable(),
      form: z.number().nullable(),
      nationality: z.number().nullable(),
    }),
  ),
  /** Identifications of the year whose person has a link waiting for a reviewer (the victim figures may still move). */
  linkageReview: z.object({
    identifications_awaiting_review: z.number().int(),
    links_awaiting_review: z.number().int(),
  }),
  /**
   * Which data the figures are of. After a write the dashboard answers at once with the latest stored figures
   * (`stale`: newer data exists) while the current ones are computed (`updating`); ask again later (with
   * backoff) until `stale` is false. Exports and documents never use stale figures.
   */
  freshness: z.object({
    /** the data version (report_data_version) the figures were computed for (the oldest of their parts) */
    dataVersion: z.string(),
    /** when they were computed (ISO 8601, UTC) */
    computedAt: z.string(),
    /** the data version now */
    currentDataVersion: z.string(),
    /** true: the data changed since; these are the previous figures */
    stale: z.boolean(),
    /** true: the figures of the current data are being computed */
    updating: z.boolean(),
  }),
});

export const GeometryResponse = z.object({
  viewBox: z.string(),
  source: z.string(),
  states: z.array(z.object({ code: z.string(), name: z.string(), path: z.string() })),
});

export const RecordsQuery = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2200),
  figure: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+){0,3}$/, 'a figure path of the report, e.g. victims.state.sex'),
});
export type RecordsQuery = z.infer<typeof RecordsQuery>;

export const RecordsResponse = z.object({
  figure: z.string(),
  /** the records of the caller's agency that the figure counts */
  records: z.array(z.object({ kind: z.string(), id: z.string(), agency_id: z.string() })),
  /** records the figure counts that belong to other agencies (not listed) */
  other_agencies: z.number(),
});

/** The years the year filter offers: from the earliest to the latest year with records (none in the future). */
export const YearsResponse = z.object({
  years: z.array(z.number().int()),
  /** the latest year with victims identified (the dashboard opens on it; else the latest with records), null when the database holds none */
  latest: z.number().int().nullable(),
});

export const DocumentQuery = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2200),
  format: z.enum(['html', 'pdf']),
  lang: z.enum(['es-MX', 'en-US']).default('es-MX'),
});
export type DocumentQuery = z.infer<typeof DocumentQuery>;

/** GET /api/report/ctdc: k of the k-anonymity (never below the CLI's default 11 from the web app). */
export const CtdcQuery = z.strictObject({
  k: z.coerce.number().int().min(11).max(1000).default(11),
  /** the language of the file's name (victimas-ctdc-htcds-… / victim-records-ctdc-htcds-…); the columns are CTDC's */
  lang: z.enum(['es-MX', 'en-US']).default('es-MX'),
});
export type CtdcQuery = z.infer<typeof CtdcQuery>;

export const CtdcPermissionResponse = z.object({
  /** whether the caller may download the national CTDC / HTCDS file (an analyst of a national agency) */
  allowed: z.boolean(),
});

/** POST /api/report/htcds: the CSV file is the raw body (text/csv); its name and a dry run in the query. */
export const HtcdsImportQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).optional(),
  name: z.string().min(1).max(200).optional(),
});

const Bilingual = z.object({ 'es-MX': z.string(), 'en-US': z.string() });
export const HtcdsImportResponse = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  file: z.string(),
  rows: z.number().int(),
  files: z.array(
    z.object({
      file: z.string(),
      rows: z.number().int(),
      inserted: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
    }),
  ),
  approximated: z.record(z.string(), z.number().int()),
  errors: z.array(
    z.object({ file: z.string(), line: z.number().int(), column: z.string().nullable(), message: Bilingual }),
  ),
  errorCount: z.number().int(),
});

/** `GET /api/report/document`: the report as a file to download (`content-disposition: attachment`). */
export const ReportDocumentFile = fileAnswer('The national report of the year as a document', {
  'text/html': textFile('The report as one HTML page (format=html)'),
  'application/pdf': binaryFile('The report as PDF (format=pdf)'),
});
/** `GET /api/report/ctdc`: the k-anonymised victim records in CTDC / HTCDS columns, one CSV file. */
export const CtdcFile = fileAnswer('The anonymised victim records as CSV (UTF-8, header row)', {
  'text/csv': textFile('One row per victim record in CTDC / HTCDS columns'),
});
