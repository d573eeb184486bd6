import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { neutraliseRow, restoreCell } from '@enlace/core/spreadsheet-safety';
import {
  type FieldEncodings,
  type FieldType,
  fieldEncodingsFromBase64,
  filtersFromBase64,
  type LinkRecord,
  type LinkResult,
  linkDedup,
  linkEncodedDedup,
  linkEncodedTwo,
  linkEncodings,
  linkTwo,
  parseDate,
  type Stage,
} from '@enlace/linkage';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError, badInput } from '../../errors.ts';
import { type ColumnMap, parseColumnMap } from './link-map.ts';

export type { ColumnMap };

/** Reads and checks MAP.json (a Zod schema, link-map.ts); every problem is a clear `invalid_input` error. */
export function readColumnMap(path: string): ColumnMap {
  return parseColumnMap(path, readText(path, 'map file'));
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw badInput(`${what} ${path} does not exist`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw badInput(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** Parses a CSV file into rows keyed by header; checks that it is not empty. */
export function readCsv(
  path: string,
  delimiter: string,
  trim: boolean,
): { header: string[]; rows: string[][] } {
  const text = readText(path, 'input file');
  if (text.trim().length === 0) throw badInput(`${path} is empty`);
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, trim, skip_empty_lines: true, bom: true, relax_quotes: true });
  } catch (e) {
    throw badInput(
      `${path} is not valid CSV with delimiter ${JSON.stringify(delimiter)}: ${(e as Error).message}`,
    );
  }
  const header = rows[0];
  if (!header) throw badInput(`${path} is empty`);
  if (rows.length < 2) throw badInput(`${path} has a header but no records`);
  return { header, rows: rows.slice(1) };
}

/** Turns a CSV file into linkage records as MAP.json says. */
export function loadRecords(path: string, map: ColumnMap): LinkRecord[] {
  const { header, rows } = readCsv(path, map.delimiter, map.trim);
  const index = new Map(header.map((h, i) => [h, i]));
  const wanted = [map.id, ...[...map.columns.values()].flat()];
  const missing = [...new Set(wanted.filter((c) => !index.has(c)))];
  if (missing.length > 0) {
    const hint =
      header.length === 1
        ? ` The header has a single column (${JSON.stringify(header[0]!.slice(0, 60))}): is "delimiter" right?`
        : ` The header has: ${header.join(', ')}.`;
    throw badInput(
      `${path}: column(s) ${missing.map((m) => JSON.stringify(m)).join(', ')} not found.${hint}`,
    );
  }
  const idCol = index.get(map.id)!;
  const fields = [...map.columns.entries()].map(([f, cols]) => [f, cols.map((c) => index.get(c)!)] as const);
  const records: LinkRecord[] = [];
  let badDates = 0;
  let dates = 0;
  let example = '';
  const ids = new Set<string>();
  rows.forEach((row, r) => {
    const id = row[idCol] ?? '';
    if (!id) throw badInput(`${path}: record on line ${r + 2} has no id in column "${map.id}"`);
    if (ids.has(id)) throw badInput(`${path}: id "${id}" appears more than once (line ${r + 2})`);
    ids.add(id);
    const out: Partial<Record<FieldType, string>> = {};
    for (const [f, cols] of fields) {
      const v = cols
        .map((c) => (row[c] ?? '').trim())
        .filter(Boolean)
        .join(' ');
      if (v) out[f] = v;
    }
    if (out.birth_date) {
      dates++;
      if (!parseDate(out.birth_date, map.dateFormat)) {
        badDates++;
        if (!example) example = out.birth_date;
        delete out.birth_date;
      }
    }
    records.push({ id, fields: out });
  });
  if (dates > 0 && badDates / dates > 0.2)
    throw badInput(
      `${path}: ${badDates} of ${dates} birth dates do not match date_format ${map.dateFormat} (e.g. ${JSON.stringify(example)})`,
    );
  if (badDates > 0)
    process.stderr.write(`enlace: ${path}: ${badDates} unreadable birth date(s) treated as missing\n`);
  return records;
}

const STAGES: readonly Stage[] = [
  'prepare',
  'blocking',
  'comparing',
  'sampling',
  'em',
  'scoring',
  'clustering',
];

/** A stage progress bar on a terminal; silent otherwise. */
export function stageProgress(): { onStage: (s: Stage) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { onStage: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: 'linking [{bar}] {value}/{total} {stage}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(STAGES.length, 0, { stage: '' });
  return {
    onStage: (s) => bar.update(STAGES.indexOf(s) + 1, { stage: s }),
    stop: () => bar.stop(),
  };
}

/** Writes a result file; ids come from other agencies' files, so text cells are neutralised (formula injection). */
function writeCsv(path: string, header: string[], rows: (string | number)[][]): void {
  try {
    writeFileSync(path, stringify([header, ...rows.map(neutraliseRow)]));
  } catch (e) {
    throw new AppError('write_failed', `cannot write ${path}: ${(e as Error).message}`, { exitCode: 1 });
  }
}

const prob = (p: number) => p.toFixed(6);

function parseThreshold(raw: string | undefined): number {
  if (raw === undefined) return 0.5;
  const t = Number(raw);
  if (!Number.isFinite(t) || t < 0 || t > 1)
    throw badInput(`--threshold must be a probability between 0 and 1, got ${raw}`);
  return t;
}

interface LinkCliOptions {
  left: string;
  right?: string;
  map?: string;
  out: string;
  distributed?: boolean;
  parts?: string;
  shardSize?: string;
  work?: boolean;
  json?: boolean;
  clusters?: string;
  threshold?: string;
  encoded?: boolean;
  manyToMany?: boolean;
}

function writeResult(
  opts: LinkCliOptions,
  left: readonly LinkRecord[],
  right: readonly LinkRecord[] | undefined,
  res: LinkResult,
): void {
  const rightRecs = right ?? left;
  writeCsv(
    opts.out,
    ['left_id', 'right_id', 'match_probability'],
    res.pairs.map((p) => [left[p.left]!.id, rightRecs[p.right]!.id, prob(p.probability)]),
  );
  if (opts.clusters) {
    const all = right ? [...left, ...right] : left;
    const numbers = new Map<number, number>();
    const rows = all.map((r, i) => {
      const c = res.clusters[i]!;
      if (!numbers.has(c)) numbers.set(c, numbers.size + 1);
      return [r.id, numbers.get(c)!];
    });
    writeCsv(opts.clusters, ['id', 'cluster_id'], rows);
  }
  process.stderr.write(
    `enlace: ${left.length}${right ? ` + ${right.length}` : ''} records, ${res.candidates} candidate pairs, ${res.pairs.length} links written to ${opts.out}\n`,
  );
}

/** An encoded file: ids, record-level filters (clk) and, when `enlace encode` wrote them, field-level ones (fbf). */
function readEncodings(path: string): { ids: string[]; filters: Uint32Array; fields?: FieldEncodings } {
  const { header, rows } = readCsv(path, ',', true);
  const idCol = header.indexOf('id');
  const clkCol = header.indexOf('clk');
  const fbfCol = header.indexOf('fbf');
  if (idCol < 0 || (clkCol < 0 && fbfCol < 0))
    throw badInput(
      `${path}: an encoded file needs the columns id,clk or id,fbf (found ${header.join(', ')})`,
    );
  try {
    return {
      ids: rows.map((r) => restoreCell(r[idCol] ?? '')), // as `enlace encode` neutralised them
      filters: clkCol < 0 ? new Uint32Array(0) : filtersFromBase64(rows.map((r) => r[clkCol] ?? '')),
      fields: fbfCol < 0 ? undefined : fieldEncodingsFromBase64(rows.map((r) => r[fbfCol] ?? '')),
    };
  } catch (e) {
    throw badInput(`${path}: ${(e as Error).message}`);
  }
}

/**
 * Links encodings. Field-level encodings (written by `enlace encode` since the fbf column) are linked with LSH
 * blocking and a Fellegi-Sunter model over per-field Dice levels, and can be deduplicated; files holding only
 * record-level filters (clk) are linked as before, all pairs by Dice.
 */
function runEncoded(opts: LinkCliOptions, threshold: number): void {
  const l = readEncodings(opts.left!);
  const r = opts.right ? readEncodings(opts.right) : undefined;
  const writePairs = (
    pairs: readonly { left: number; right: number; probability: number }[],
    rightIds: string[],
  ) =>
    writeCsv(
      opts.out!,
      ['left_id', 'right_id', 'match_probability'],
      pairs.map((p) => [l.ids[p.left]!, rightIds[p.right]!, prob(p.probability)]),
    );
  if (!r || (l.fields && r.fields)) {
    if (!l.fields || (r && !r.fields))
      throw badInput(
        'deduplicating encodings needs field-level encodings (the fbf column): encode the file again with `enlace encode`',
      );
    const res = r
      ? linkEncodedTwo(l.fields, r.fields!, { threshold, oneToOne: !opts.manyToMany })
      : linkEncodedDedup(l.fields, { threshold });
    writePairs(res.pairs, r ? r.ids : l.ids);
    if (opts.clusters) {
      const n = l.ids.length + (r?.ids.length ?? 0);
      const clusters = res.clusters ?? Int32Array.from({ length: n }, (_, i) => i);
      if (r) for (const p of res.pairs) clusters[l.ids.length + p.right] = p.left;
      const all = r ? [...l.ids, ...r.ids] : l.ids;
      const numbers = new Map<number, number>();
      const rows = all.map((id, i) => {
        const c = clusters[i]!;
        if (!numbers.has(c)) numbers.set(c, numbers.size + 1);
        return [id, numbers.get(c)!];
      });
      writeCsv(opts.clusters, ['id', 'cluster_id'], rows);
    }
    process.stderr.write(
      `enlace: ${l.ids.length}${r ? ` + ${r.ids.length}` : ''} field-level encodings, ${res.candidates} candidate pairs of ${res.allPairs} (LSH), ${res.pairs.length} links written to ${opts.out}\n`,
    );
    return;
  }
  if (l.filters.length === 0 || r.filters.length === 0)
    throw badInput(
      'one file holds field-level encodings (fbf) and the other not: encode both with `enlace encode`',
    );
  let bar: cliProgress.SingleBar | undefined;
  if (process.stderr.isTTY) {
    bar = new cliProgress.SingleBar({
      format: 'linking encodings [{bar}] {percentage}%',
      stream: process.stderr,
    });
    bar.start(l.ids.length, 0);
  }
  const res = linkEncodings(l.filters, r.filters, { threshold, onProgress: (d) => bar?.update(d) });
  bar?.update(l.ids.length);
  bar?.stop();
  writePairs(res.pairs, r.ids);
  if (opts.clusters) {
    const rows: (string | number)[][] = [];
    l.ids.forEach((id, i) => {
      rows.push([id, i + 1]);
    });
    const matched = new Map(res.pairs.map((p) => [p.right, p.left]));
    r.ids.forEach((id, j) => {
      const m = matched.get(j);
      rows.push([id, m === undefined ? l.ids.length + j + 1 : m + 1]);
    });
    writeCsv(opts.clusters, ['id', 'cluster_id'], rows);
  }
  process.stderr.write(
    `enlace: ${l.ids.length} + ${r.ids.length} encodings, ${res.pairs.length} links written to ${opts.out}\n`,
  );
}

export function register(program: Command) {
  program
    .command('link')
    .description('Link two CSV files of persons, or deduplicate one, without labels (Fellegi-Sunter with EM)')
    .option('--left <file>', 'first CSV file (or the only one, to deduplicate)')
    .option('--right <file>', 'second CSV file')
    .option('--map <file>', 'MAP.json: id column, delimiter, date_format and columns per field type')
    .option('--out <file>', 'PAIRS.csv to write: left_id,right_id,match_probability')
    .option('--clusters <file>', 'CLUSTERS.csv to write: id,cluster_id')
    .option('--threshold <p>', 'minimum match probability of a written pair (default 0.5)')
    .option(
      '--encoded',
      'link Bloom-filter encodings written by `enlace encode` (two files, or one to deduplicate)',
    )
    .option('--many-to-many', 'two files: allow a record to link to several (default: one-to-one)')
    .option(
      '--distributed',
      'instead of files: link every person in the database, the comparing done by `enlace worker` processes (docs/deployment.md)',
    )
    .option(
      '--parts <n>',
      'with --distributed: jobs to split the candidate pairs into (default: about 100,000 pairs each)',
    )
    .option(
      '--shard-size <persons>',
      'with --distributed: persons per job of blocking keys written by the workers (default 5,000)',
    )
    .option('--work', 'with --distributed: this process takes jobs too (alone, on the embedded database)')
    .option('--json', 'with --distributed: print the result as JSON')
    .action(async (opts: LinkCliOptions) => {
      if (opts.distributed) {
        if (opts.left || opts.right || opts.out || opts.map || opts.encoded)
          throw badInput('--distributed links the persons in the database: give no files');
        const { linkDistributedCli } = await import('./worker.ts');
        return linkDistributedCli(opts);
      }
      if (opts.parts || opts.shardSize || opts.work || opts.json)
        throw badInput('--parts, --shard-size, --work and --json go with --distributed');
      if (!opts.left) throw badInput("required option '--left <file>' not specified");
      if (!opts.out) throw badInput("required option '--out <file>' not specified");
      const threshold = parseThreshold(opts.threshold);
      if (opts.encoded) return runEncoded(opts, threshold);
      if (!opts.map) throw badInput('--map MAP.json is required (unless --encoded)');
      const map = readColumnMap(opts.map);
      const left = loadRecords(opts.left, map);
      const right = opts.right ? loadRecords(opts.right, map) : undefined;
      const progress = stageProgress();
      let res: LinkResult;
      try {
        const lo = {
          threshold,
          dateFormat: map.dateFormat,
          onStage: progress.onStage,
          oneToOne: !opts.manyToMany,
        };
        res = right ? linkTwo(left, right, lo) : linkDedup(left, lo);
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw badInput((e as Error).message);
      } finally {
        progress.stop();
      }
      writeResult(opts, left, right, res);
    });
}
