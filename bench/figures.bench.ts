/**
 * The figures test, end to end: national exchange folders with Mexico's magnitudes and ground truth (packages/
 * evaldata, written apart from Enlace: its own names, corruptions, hard negatives and its own reading of the
 * counting rules), imported with `enlace import` into a fresh embedded database and reported with
 * `enlace report --year Y --format json`; every figure (every number of the JSON) is compared with the figure
 * computed from the truth.
 *
 *   node apps/server/bin/run-ts.mjs bench/figures.bench.ts [--datasets 20] [--from 2020] [--to 2022] [--first-seed 1]
 *
 * The reported figures use seeds 1-20; development work reads other seeds (e.g. --first-seed 101) so that the
 * reported ones stay unseen.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderFiles, nationalFolder } from '@enlace/evaldata';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const datasets = Number(arg('datasets', '20'));
const from = Number(arg('from', '2020'));
const to = Number(arg('to', '2022'));
const firstSeed = Number(arg('first-seed', '1'));
const verbose = process.argv.includes('--verbose');

/** Every numeric leaf of a JSON value, by path. */
function leaves(v: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
  } else out.set(path, Array.isArray(v) ? JSON.stringify(v) : v);
  return out;
}

const c = cpus();
console.log('# Annual-report figures on independent national datasets');
console.log(
  `machine: ${c.length} cores, ${c[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
console.log(
  `data: ${datasets} national folders (@enlace/evaldata nationalFolder, seeds ${firstSeed}-${firstSeed + datasets - 1}), years ${from}-${to}; embedded database; enlace import + enlace report --format json\n`,
);

let figures = 0;
let exact = 0;
let reportsExact = 0;
let reports = 0;
const wrongByPath = new Map<string, number>();
for (let seed = firstSeed; seed < firstSeed + datasets; seed++) {
  const t0 = performance.now();
  const folder = nationalFolder({ seed, fromYear: from, toYear: to });
  const work = mkdtempSync(join(tmpdir(), 'enlace-figures-'));
  const dir = join(work, 'folder');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(folderFiles(folder))) writeFileSync(join(dir, name), text);
  const env = {
    ...process.env,
    ENLACE_DATA_DIR: join(work, 'data'),
    ENLACE_MASTER_KEY: 'b'.repeat(64),
    ENLACE_LOG_LEVEL: 'silent',
  };
  const enlace = (...args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'apps/server/bin/enlace.mjs'), ...args], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    });
  enlace('import', dir);
  let line = `seed ${seed}: ${folder.truth.stats.identificationRecords} identifications, ${folder.truth.stats.victimEntities} victims`;
  for (let y = from; y <= to; y++) {
    const got = leaves(JSON.parse(enlace('report', '--year', String(y), '--format', 'json')));
    const want = leaves(folder.truth.reports[String(y)]);
    let ok = 0;
    let n = 0;
    for (const [path, w] of want) {
      n++;
      if (got.get(path) === w) ok++;
      else {
        wrongByPath.set(path, (wrongByPath.get(path) ?? 0) + 1);
        if (verbose) console.log(`  ${y} ${path}: report ${got.get(path)}, truth ${w}`);
      }
    }
    figures += n;
    exact += ok;
    reports++;
    if (ok === n) reportsExact++;
    line += ` | ${y}: ${ok}/${n}`;
  }
  console.log(`${line} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\nfigures exactly right: ${exact} of ${figures} (${((100 * exact) / figures).toFixed(2)} %); reports entirely right: ${reportsExact} of ${reports}`,
);
console.log('target: >= 99 % of figures exactly right');
const worst = [...wrongByPath.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
if (worst.length) {
  console.log('\nfigures most often wrong (path: reports where wrong):');
  for (const [p, n] of worst) console.log(`  ${p}: ${n}`);
}
