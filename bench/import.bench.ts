/**
 * Import benchmark: `enlace import` of 1,000,000 persons + 1,000,000 identifications (plus the
 * demo agencies) into a PostgreSQL server and into PGlite. Prints rows/s (validation pass + load
 * in one transaction, end to end) and the peak RSS of the importing process.
 *
 *   npm run bench:import                          (1,000,000 + 1,000,000; PostgreSQL then PGlite)
 *   npm run bench:import -- --persons 100000      (smaller)
 *   npm run bench:import -- --only postgres       (or pglite)
 *   DATABASE_URL=postgres://... npm run bench:import   (use that server instead of a throwaway one)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  demoAgencies,
  FILE_BY_KIND,
  FORMS,
  formatRow,
  headerLine,
  makeCurp,
  Rng,
  recordToValues,
} from '@enlace/core';
import { FEMALE_NAMES, MALE_NAMES, SURNAMES } from '@enlace/core/demo/names';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : def;
};
const say = (s: string) => process.stdout.write(`${s}\n`);
const KEY = 'c'.repeat(64);

if (args.includes('--child')) {
  // the measured process: one `enlace import`, then its own peak RSS
  const dir = arg('--dir', '');
  const { openRuntime } = await import('../apps/server/src/runtime.ts');
  const { importFolder } = await import('../apps/server/src/import/engine.ts');
  const { directorySource } = await import('@enlace/core');
  const rt = await openRuntime();
  // BENCH_PROFILE=file.cpuprofile: CPU profile of the import (for finding hot spots)
  const inspector = process.env.BENCH_PROFILE ? new (await import('node:inspector')).Session() : null;
  const post = (m: string, p?: object) =>
    new Promise<any>((res, rej) => inspector!.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  if (inspector) {
    inspector.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  const t0 = performance.now();
  const phases: Record<string, number> = {};
  const res = await importFolder(
    { db: rt.db, actor: { userId: null, agencyId: null } },
    directorySource(dir),
    {
      onProgress: (p) => {
        phases[p.phase] ??= performance.now();
      },
    },
  );
  if (process.env.BENCH_PHASES && phases.load)
    process.stderr.write(
      `validate ${((phases.load - t0) / 1000).toFixed(1)} s, load ${((performance.now() - phases.load) / 1000).toFixed(1)} s\n`,
    );
  const seconds = (performance.now() - t0) / 1000;
  if (inspector) {
    const { profile } = await post('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
  }
  await rt.db.close();
  process.stdout.write(
    `${JSON.stringify({ ok: res.ok, errors: res.errors.slice(0, 3), files: res.files, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
  process.exit(0);
}

const N = Number(arg('--persons', '1000000'));
const only = arg('--only', 'both');

async function generate(dir: string) {
  const rng = new Rng(7);
  const agencies = demoAgencies();
  const write = async (file: string, lines: () => Generator<string>) => {
    const out = createWriteStream(join(dir, file));
    let buf = '';
    for (const l of lines()) {
      buf += l;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
  };
  const agDef = FILE_BY_KIND.agencies;
  await write('agencies.csv', function* () {
    yield headerLine(agDef);
    for (const a of agencies) yield formatRow(agDef, recordToValues('agencies', a));
  });
  const stateAgencies = agencies.filter((a) => a.kind === 'prosecutor');
  const pDef = FILE_BY_KIND.persons;
  const iDef = FILE_BY_KIND.identifications;
  const pad = (n: number) => String(n).padStart(7, '0');
  await write('persons.csv', function* () {
    yield headerLine(pDef);
    for (let i = 0; i < N; i++) {
      const female = rng.chance(0.8);
      const given = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
      const s1 = rng.pick(SURNAMES);
      const s2 = rng.pick(SURNAMES);
      const y = rng.int(1960, 2012);
      const birth = `${y}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const agency = stateAgencies[i % stateAgencies.length]!;
      const curp =
        i % 3 === 0
          ? makeCurp({
              givenNames: given,
              surname1: s1,
              surname2: s2,
              birthDate: birth,
              sex: female ? 'female' : 'male',
              birthState: agency.state_code ?? undefined,
            })
          : null;
      yield formatRow(
        pDef,
        recordToValues('persons', {
          person_id: `${agency.agency_id}/v-${pad(i)}`,
          agency_id: agency.agency_id,
          given_names: given,
          surname_1: s1,
          surname_2: s2,
          birth_date: birth,
          sex: female ? 'female' : 'male',
          nationality: 'MEX',
          curp,
          indigenous: rng.chance(0.1),
          languages: ['spa'],
          phone: i % 2 ? `55 ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}` : null,
        }),
      );
    }
  });
  await write('identifications.csv', function* () {
    yield headerLine(iDef);
    for (let i = 0; i < N; i++) {
      const agency = stateAgencies[i % stateAgencies.length]!;
      yield formatRow(
        iDef,
        recordToValues('identifications', {
          identification_id: `${agency.agency_id}/${pad(i)}`,
          person_id: `${agency.agency_id}/v-${pad(i)}`,
          agency_id: agency.agency_id,
          date: `${rng.int(2019, 2024)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
          state_code: agency.state_code ?? '09',
          country_of_exploitation: 'MEX',
          primary_form: rng.pick(FORMS),
          means_of_control: ['threats', 'debt_bondage'],
          recruitment: ['social_media'],
          recruiter_relation: 'stranger',
        }),
      );
    }
  });
}

function runChild(
  env: NodeJS.ProcessEnv,
  dir: string,
): Promise<{ ok: boolean; seconds: number; maxRssMiB: number; errors: unknown[] }> {
  return new Promise((res, rej) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'apps/server/bin/run-ts.mjs'), fileURLToPath(import.meta.url), '--child', '--dir', dir],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => {
      try {
        res(JSON.parse(out.trim().split('\n').pop()!));
      } catch {
        rej(new Error(`child exited ${code}: ${out}`));
      }
    });
  });
}

const cpu = cpus();
say(
  `machine: ${cpu.length} cores, ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const work = await mkdtemp(join(tmpdir(), 'enlace-bench-import-'));
const folder = join(work, 'folder');
await import('node:fs/promises').then((f) => f.mkdir(folder));
let t = performance.now();
await generate(folder);
const bytes =
  (await stat(join(folder, 'persons.csv'))).size + (await stat(join(folder, 'identifications.csv'))).size;
say(
  `data: ${N.toLocaleString('en')} persons + ${N.toLocaleString('en')} identifications (+ ${demoAgencies().length} agencies), ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV, generated in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
const rows = 2 * N + demoAgencies().length;
const report = (name: string, r: { ok: boolean; seconds: number; maxRssMiB: number; errors: unknown[] }) => {
  if (!r.ok) say(`${name}: FAILED ${JSON.stringify(r.errors)}`);
  say(
    `${name}: ${rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s = ${Math.round(rows / r.seconds).toLocaleString('en')} rows/s; peak RSS ${r.maxRssMiB.toFixed(0)} MiB (target >= 20,000 rows/s, <= 1024 MiB)`,
  );
};
try {
  if (only !== 'pglite') {
    let url = process.env.DATABASE_URL;
    let stop: (() => Promise<void>) | undefined;
    if (!url) {
      const { startPostgresServer } = await import('../apps/server/test/pg-server.ts');
      const { createServerDatabase } = await import('../apps/server/test/databases.ts').catch(() => ({
        createServerDatabase: undefined,
      }));
      void createServerDatabase;
      const server = await startPostgresServer();
      url = server.url;
      stop = server.stop;
    }
    t = performance.now();
    const r = await runChild({ DATABASE_URL: url, ENLACE_MASTER_KEY: KEY }, folder);
    report('PostgreSQL server', r);
    await stop?.();
  }
  if (only !== 'postgres') {
    const dataDir = join(work, 'pglite');
    await import('node:fs/promises').then((f) => f.mkdir(dataDir, { recursive: true }));
    const env: NodeJS.ProcessEnv = { ENLACE_DATA_DIR: dataDir, ENLACE_MASTER_KEY: KEY };
    const r = await runChild({ ...env, DATABASE_URL: '' }, folder);
    report('PGlite', r);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
