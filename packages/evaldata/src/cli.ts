/**
 * Command line of @enlace/evaldata (run through tsx):
 *
 *   node apps/server/bin/run-ts.mjs packages/evaldata/src/cli.ts --size 2000 --dup 0.05 --seed 1 --out DIR
 *   node apps/server/bin/run-ts.mjs packages/evaldata/src/cli.ts --two-file --left 2000 --right 1000 --overlap 0.5 --seed 1 --out DIR
 *   node apps/server/bin/run-ts.mjs packages/evaldata/src/cli.ts --national --from 2020 --to 2022 --seed 1 --out DIR
 *     (writes the exchange folder to DIR/folder and the truth to DIR/truth.json)
 *
 * Common options: --hard SHARE (look-alike persons, default 0.1; national 0.04), --noise X (error-rate
 * multiplier, default 1), --foreign SHARE (dedupe/two-file, default 0.06), --scale X (national magnitudes).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv, toCsv } from './csv.ts';
import { dedupeSet, type EvalRecord, type TruthRow, twoFileSet } from './dedupe.ts';
import { folderFiles, nationalFolder } from './national.ts';
import { scorePairs, type TruthEntry } from './score.ts';

export const RECORD_COLUMNS: readonly (keyof EvalRecord & string)[] = [
  'person_id',
  'agency_id',
  'given_names',
  'surname_1',
  'surname_2',
  'birth_date',
  'sex',
  'nationality',
  'curp',
  'phone',
  'email',
  'state_code',
];
export const TRUTH_COLUMNS: readonly (keyof TruthRow & string)[] = [
  'person_id',
  'entity_id',
  'family_id',
  'family_kind',
  'relation',
  'corruptions',
];

/** MAP.json for `enlace link` / `enlace encode` on persons.csv (and left.csv / right.csv). */
export const LINK_MAP = {
  id: 'person_id',
  delimiter: ',',
  date_format: 'YYYY-MM-DD',
  columns: {
    given_names: 'given_names',
    surname_1: 'surname_1',
    surname_2: 'surname_2',
    birth_date: 'birth_date',
    sex: 'sex',
    curp: 'curp',
    phone: 'phone',
    email: 'email',
    nationality: 'nationality',
    region: 'state_code',
  },
};

const USAGE = `usage:
  cli.ts --size N --dup RATE --seed S --out DIR [--hard SHARE] [--noise X] [--foreign SHARE]
  cli.ts --two-file --left N --right M [--overlap SHARE] --seed S --out DIR [--hard SHARE] [--noise X]
  cli.ts --national [--from YEAR] [--to YEAR] [--scale X] --seed S --out DIR [--dup SHARE] [--hard SHARE] [--noise X]
  cli.ts --score PAIRS.csv --truth truth.csv   (precision, recall, F1 and hard-negative false links of enlace link's output)`;

function readCsvObjects(file: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (!head) return [];
  return rows
    .filter((r) => r.length > 1 || r[0])
    .map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

function score(pairsFile: string, truthFile: string): string {
  const truthRows = readCsvObjects(truthFile);
  const truth = new Map<string, TruthEntry>(truthRows.map((t) => [t.person_id!, t as unknown as TruthEntry]));
  const pairs = readCsvObjects(pairsFile).map((r) => [r.left_id!, r.right_id!] as const);
  const twoFile = truthRows.some((t) => t.file === 'left');
  const left = twoFile
    ? new Set(truthRows.filter((t) => t.file === 'left').map((t) => t.person_id!))
    : undefined;
  return JSON.stringify(scorePairs(pairs, truth, left ? { left } : undefined), null, 1);
}

function num(v: string | undefined, name: string, def?: number): number {
  if (v === undefined) {
    if (def === undefined) throw new Error(`--${name} is required\n${USAGE}`);
    return def;
  }
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`--${name} must be a number`);
  return x;
}

function write(dir: string, name: string, text: string) {
  writeFileSync(join(dir, name), text);
}

export function main(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      dup: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      hard: { type: 'string' },
      noise: { type: 'string' },
      foreign: { type: 'string' },
      'two-file': { type: 'boolean' },
      left: { type: 'string' },
      right: { type: 'string' },
      overlap: { type: 'string' },
      national: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      scale: { type: 'string' },
      score: { type: 'string' },
      truth: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return USAGE;
  if (values.score) {
    if (!values.truth) throw new Error(`--truth is required with --score\n${USAGE}`);
    return score(values.score, values.truth);
  }
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const out = values.out;
  mkdirSync(out, { recursive: true });
  const seed = num(values.seed, 'seed');
  const noise = num(values.noise, 'noise', 1);
  if (values.national) {
    const folder = nationalFolder({
      seed,
      fromYear: num(values.from, 'from', 2020),
      toYear: num(values.to, 'to', 2022),
      scale: num(values.scale, 'scale', 1),
      duplicateShare: num(values.dup, 'dup', 0.05),
      hardNegativeShare: num(values.hard, 'hard', 0.04),
      noise,
    });
    // the exchange folder in DIR/folder (importable as is: `enlace import` refuses unknown files), the truth beside it
    const dir = join(out, 'folder');
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(folderFiles(folder))) write(dir, name, text);
    write(out, 'truth.json', `${JSON.stringify(folder.truth, null, 1)}\n`);
    return `national folder ${folder.truth.options.fromYear}-${folder.truth.options.toYear} in ${dir}, truth in ${join(out, 'truth.json')}: ${JSON.stringify(folder.truth.stats.rows)}`;
  }
  if (values['two-file']) {
    const d = twoFileSet({
      seed,
      sizeLeft: num(values.left, 'left'),
      sizeRight: num(values.right, 'right'),
      overlap: num(values.overlap, 'overlap', 0.5),
      hardNegativeShare: num(values.hard, 'hard', 0.1),
      foreignShare: num(values.foreign, 'foreign', 0.06),
      noise,
    });
    write(out, 'left.csv', toCsv(RECORD_COLUMNS, d.left));
    write(out, 'right.csv', toCsv(RECORD_COLUMNS, d.right));
    write(out, 'truth.csv', toCsv(['file', ...TRUTH_COLUMNS], d.truth));
    write(
      out,
      'matches.csv',
      toCsv(
        ['left_id', 'right_id'],
        d.matches.map(([l, r]) => ({ left_id: l, right_id: r })),
      ),
    );
    write(out, 'MAP.json', `${JSON.stringify(LINK_MAP, null, 1)}\n`);
    write(out, 'stats.json', `${JSON.stringify(d.stats, null, 1)}\n`);
    return `two files: ${d.left.length} left, ${d.right.length} right, ${d.matches.length} true matches`;
  }
  const d = dedupeSet({
    seed,
    size: num(values.size, 'size'),
    duplicateRate: num(values.dup, 'dup'),
    hardNegativeShare: num(values.hard, 'hard', 0.1),
    foreignShare: num(values.foreign, 'foreign', 0.06),
    noise,
  });
  write(out, 'persons.csv', toCsv(RECORD_COLUMNS, d.records));
  write(out, 'truth.csv', toCsv(TRUTH_COLUMNS, d.truth));
  write(out, 'MAP.json', `${JSON.stringify(LINK_MAP, null, 1)}\n`);
  write(out, 'stats.json', `${JSON.stringify(d.stats, null, 1)}\n`);
  return `${d.stats.records} records, ${d.stats.persons} persons, ${d.stats.extraRecords} extra records (duplicate rate ${d.stats.duplicateRate.toFixed(4)}), ${d.stats.truePairs} true pairs`;
}

const invokedDirectly = process.argv[1] && /cli\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  try {
    console.log(main(process.argv.slice(2)));
  } catch (e) {
    console.error(`evaldata: ${(e as Error).message}`);
    process.exit(2);
  }
}
