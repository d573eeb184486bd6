/**
 * HTCDS / CTDC import: a file in the columns of CTDC's global dataset (what `enlace ctdc` and the web app's
 * CTDC download write) read back into Enlace as one person record and one identification per row, owned by
 * the importing agency (@enlace/core/report/htcds-import for the reading of a row).
 *
 * - Two streaming passes over the file (bounded memory: one CSV record at a time, never the whole file):
 *   the first checks every row and lists the errors by file, line and column; only a file without errors is
 *   read again and handed, as the exchange format's persons.csv and identifications.csv, to the import
 *   engine (importFolder: one transaction, all or nothing, audited, row hashes).
 * - Nothing is changed when any row has an error, or with `dryRun`.
 * - Ids are `<agency>/htcds-<first 12 hex of the file's SHA-256>-<line>`: importing the same file again
 *   changes nothing; another file adds its own rows.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FolderSource } from '@enlace/core';
import { formatRow, headerLine } from '@enlace/core/exchange';
import { FILES } from '@enlace/core/exchange/spec';
import { type HtcdsRecords, htcdsHeaderErrors, htcdsRecords } from '@enlace/core/report/htcds-import';
import { restoreCell } from '@enlace/core/spreadsheet-safety';
import { parse } from 'csv-parse';
import type { AuditContext } from '../audit/service.ts';
import { badInput } from '../errors.ts';
import { type FileCounts, importFolder } from './engine.ts';

export interface HtcdsError {
  file: string;
  /** 1-based physical line (1 = the header) */
  line: number;
  column: string | null;
  message: { 'es-MX': string; 'en-US': string };
}

export interface HtcdsImportResult {
  ok: boolean;
  dryRun: boolean;
  file: string;
  /** victims (rows) in the file */
  rows: number;
  /** what the import engine did with persons.csv and identifications.csv */
  files: FileCounts[];
  /** rows per column whose value was taken to the nearest code of Enlace's taxonomy */
  approximated: Record<string, number>;
  errors: HtcdsError[];
  errorCount: number;
}

const AGENCIES = FILES.find((f) => f.kind === 'agencies')!;
const PERSONS = FILES.find((f) => f.kind === 'persons')!;
const IDENTIFICATIONS = FILES.find((f) => f.kind === 'identifications')!;
const MAX_RECORD_CHARS = 64 * 1024;

interface Row {
  line: number;
  cells: Record<string, string>;
}

/** The file's records, one at a time, with the physical line each starts on; the header first. */
async function* records(
  path: string,
  onBytes?: (b: Buffer) => void,
): AsyncGenerator<Row | { header: string[] }> {
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (onBytes) input.on('data', (b) => onBytes(b as Buffer));
  const parser = input.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
      max_record_size: MAX_RECORD_CHARS,
      info: true,
    }),
  );
  let header: string[] | null = null;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    const cells = record.map((c) => restoreCell(c));
    if (!header) {
      header = cells.map((c) => c.trim());
      yield { header };
      continue;
    }
    const o: Record<string, string> = {};
    header.forEach((h, i) => {
      o[h] = cells[i] ?? '';
    });
    // info.lines is the line the record ends on; a record with a quoted line break starts earlier
    const breaks = cells.reduce((n, c) => n + (c.match(/\r\n|\n/g)?.length ?? 0), 0);
    yield { line: info.lines - breaks, cells: o };
  }
}

function personValues(id: string, agencyId: string, r: HtcdsRecords): unknown[] {
  const v: Record<string, unknown> = {
    person_id: id,
    agency_id: agencyId,
    birth_date: r.person.birth_date,
    sex: r.person.sex,
    nationality: r.person.nationality,
  };
  return PERSONS.columns.map((c) => v[c.name] ?? null);
}

/** One identification per sector (the first keeps the row's id; the others `<id>-2`, `<id>-3`, …). */
function identificationValues(id: string, agencyId: string, r: HtcdsRecords): unknown[][] {
  const i = r.identification;
  return (i.sectors.length ? i.sectors : [null]).map((sector, n) =>
    identificationRow(n === 0 ? id : `${id}-${n + 1}`, id, agencyId, r, sector),
  );
}

function identificationRow(
  id: string,
  personId: string,
  agencyId: string,
  r: HtcdsRecords,
  sector: string | null,
): unknown[] {
  const i = r.identification;
  const v: Record<string, unknown> = {
    identification_id: id,
    person_id: personId,
    agency_id: agencyId,
    date: i.date,
    country_of_exploitation: i.country_of_exploitation,
    primary_form: i.primary_form,
    other_forms: i.other_forms,
    sector,
    means_of_control: i.means_of_control,
    recruitment: i.recruitment,
    recruiter_relation: i.recruiter_relation,
  };
  return IDENTIFICATIONS.columns.map((c) => v[c.name] ?? null);
}

export async function importHtcds(
  ctx: AuditContext,
  path: string,
  opts: { agencyId: string; dryRun?: boolean; maxErrors?: number; displayName?: string },
): Promise<HtcdsImportResult> {
  const file = opts.displayName ?? basename(path);
  const maxErrors = opts.maxErrors ?? 1000;
  try {
    await stat(path);
  } catch {
    throw badInput(`no such file: ${path}`);
  }
  const agency = await ctx.db.query<Record<string, string | null>>(
    'SELECT id AS agency_id, name, level, kind, state_code, country FROM agencies WHERE id = $1',
    [opts.agencyId],
  );
  if (!agency.rows.length) throw badInput(`unknown agency: ${opts.agencyId}`);
  // the exchange format needs agencies.csv: the agency's own row as it is (imported unchanged)
  const agencyCsv =
    headerLine(AGENCIES) +
    formatRow(
      AGENCIES,
      AGENCIES.columns.map((c) => agency.rows[0]![c.name] ?? null),
    );

  // pass 1: every row checked, the file hashed, the sizes of the two generated files counted
  const errors: HtcdsError[] = [];
  let errorCount = 0;
  const addError = (e: HtcdsError) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(e);
  };
  const hash = createHash('sha256');
  const approximated: Record<string, number> = {};
  let rows = 0;
  let sawHeader = false;
  // the file's line of each row (4 bytes a row): an error of the import engine names a generated line
  let lines = new Uint32Array(1024);
  try {
    for await (const r of records(path, (b) => hash.update(b))) {
      if ('header' in r) {
        sawHeader = true;
        for (const e of htcdsHeaderErrors(r.header)) addError({ file, line: 1, ...e });
        if (errorCount) break;
        continue;
      }
      if (rows === lines.length) {
        const grown = new Uint32Array(lines.length * 2);
        grown.set(lines);
        lines = grown;
      }
      lines[rows++] = r.line;
      const got = htcdsRecords(r.cells);
      if (!got.ok) for (const e of got.errors) addError({ file, line: r.line, ...e });
      else for (const c of got.value.approximated) approximated[c] = (approximated[c] ?? 0) + 1;
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string };
    addError({
      file,
      line: err.lines ?? 0,
      column: null,
      message: {
        'es-MX': `el archivo no es un CSV válido: ${err.message}`,
        'en-US': `the file is not valid CSV: ${err.message}`,
      },
    });
  }
  if (!sawHeader && !errorCount)
    addError({
      file,
      line: 1,
      column: null,
      message: { 'es-MX': 'el archivo está vacío', 'en-US': 'the file is empty' },
    });
  const base = { dryRun: !!opts.dryRun, file, rows, approximated, files: [] as FileCounts[] };
  if (errorCount || opts.dryRun) return { ok: errorCount === 0, ...base, errors, errorCount };

  // pass 2: the rows as the exchange format's persons.csv and identifications.csv, streamed to the engine
  const prefix = `${opts.agencyId}/htcds-${hash.digest('hex').slice(0, 12)}-`;
  const generated = (kind: 'persons' | 'identifications') =>
    async function* () {
      const def = kind === 'persons' ? PERSONS : IDENTIFICATIONS;
      yield Buffer.from(headerLine(def));
      let chunk = '';
      for await (const r of records(path)) {
        if ('header' in r) continue;
        const got = htcdsRecords(r.cells);
        if (!got.ok) throw new Error('the file changed while it was imported');
        const id = `${prefix}${r.line}`;
        if (kind === 'persons') chunk += formatRow(def, personValues(id, opts.agencyId, got.value));
        else
          for (const row of identificationValues(id, opts.agencyId, got.value)) chunk += formatRow(def, row);
        if (chunk.length > 256 * 1024) {
          yield Buffer.from(chunk);
          chunk = '';
        }
      }
      if (chunk) yield Buffer.from(chunk);
    };
  const src: FolderSource = {
    async list() {
      return [
        { name: AGENCIES.file, size: agencyCsv.length },
        { name: IDENTIFICATIONS.file, size: 0 },
        { name: PERSONS.file, size: 0 },
      ];
    },
    open(name) {
      if (name === AGENCIES.file)
        return [Buffer.from(agencyCsv)][Symbol.iterator]() as unknown as AsyncIterable<Uint8Array>;
      return (name === PERSONS.file ? generated('persons') : generated('identifications'))();
    },
  };
  const result = await importFolder(ctx, src, {
    agencies: [opts.agencyId],
    maxErrors,
    auditEvent: (files) => ({
      action: 'import',
      resource: 'htcds',
      resourceId: file,
      fields: ['persons.birth_date', 'persons.sex', 'persons.nationality'],
      justification: files.map((c) => `${c.file}:${c.inserted}/${c.updated}/${c.unchanged}`).join(' '),
    }),
  });
  return {
    ok: result.ok,
    ...base,
    files: result.files,
    // an error of the engine (e.g. an id owned by another agency) names a line of a generated file: for
    // persons.csv (header line 1, row k on line k + 1) the file's own line of that row
    errors: result.errors.map((e) => ({
      file,
      line: e.file === PERSONS.file && e.line >= 2 && e.line - 2 < rows ? lines[e.line - 2]! : 0,
      column: e.column,
      message: { 'es-MX': `${e.file}: ${e.message.es}`, 'en-US': `${e.file}: ${e.message.en}` },
    })),
    errorCount: result.errorCount,
  };
}
