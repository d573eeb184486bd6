/**
 * Import benchmark: what `enlace import DIR` runs (the all-or-nothing import in one transaction, then the
 * linkage of the new persons) on N persons + N identifications (plus the demo agencies), into a PostgreSQL
 * server with durable settings (fsync, synchronous_commit, full_page_writes on) and into PGlite. Prints the
 * machine, the data size, the database settings, what is excluded, the parts (validate, import, link), the
 * importing process's CPU seconds per 100,000 rows per part (parse + validate, encrypt + hash, send, link), rows/s
 * of the whole and the peak RSS of the importing process.
 *
 *   npm run bench:import                          (50,000 + 50,000: a few minutes; PostgreSQL then PGlite)
 *   npm run bench:import -- --persons 1000000     (the 1 M size)
 *   npm run bench:import -- --only postgres       (or pglite)
 *   DATABASE_URL=postgres://... npm run bench:import   (use that server instead of a throwaway one)
 *   ENLACE_IMPORT_COPY=on / ENLACE_IMPORT_THREAD=on   (the COPY path / the encoding thread, both opt-in)
 *   BENCH_PROFILE=/tmp/x.cpuprofile …, then node bench/cpuprofile-summary.mjs /tmp/x.cpuprofile 20
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
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
import { startPostgresServer } from '../apps/server/test/pg-server.ts';
import { machineLine } from './machine.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : def;
};
const say = (s: string) => process.stdout.write(`${s}\n`);
const KEY = 'c'.repeat(64);

if (args.includes('--child')) {
  // the measured process: a dry run (the validation alone, for the parts), then what `enlace import DIR` runs
  // (importAndLink: the one-pass import in one transaction, then the linkage of the new persons)
  const dir = arg('--dir', '');
  const { openRuntime } = await import('../apps/server/src/runtime.ts');
  const { importAndLink } = await import('../apps/server/src/import/import-and-link.ts');
  const { directorySource } = await import('@enlace/core');
  const rt = await openRuntime();
  const settings: Record<string, string> = {};
  for (const name of ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_level']) {
    const r = await rt.db.query<Record<string, string>>(`SHOW ${name}`);
    settings[name] = String(Object.values(r.rows[0] ?? {})[0] ?? '?');
  }
  // BENCH_PROFILE=file.cpuprofile: CPU profile of the import (for finding hot spots)
  const inspector = process.env.BENCH_PROFILE ? new (await import('node:inspector')).Session() : null;
  const post = (m: string, p?: object) =>
    new Promise<any>((res, rej) => inspector!.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  const ctx = { db: rt.db, actor: { userId: null, agencyId: null } };
  let t = performance.now();
  const dry = await importAndLink(ctx, directorySource(dir), { dryRun: true });
  const validateSeconds = (performance.now() - t) / 1000;
  const validateCpu = dry.cpuSeconds.import;
  if (inspector) {
    inspector.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  t = performance.now();
  const run = await importAndLink(ctx, directorySource(dir));
  const seconds = (performance.now() - t) / 1000;
  if (inspector) {
    const { profile } = await post('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
  }
  await rt.db.close();
  const res = run.result;
  process.stdout.write(
    `${JSON.stringify({
      ok: dry.result.ok && res.ok && !run.linkError,
      errors: [...res.errors.slice(0, 3), ...(run.linkError ? [run.linkError.message] : [])],
      files: res.files,
      seconds,
      parts: { validate: validateSeconds, import: run.seconds.import, link: run.seconds.link },
      linked: run.linked,
      cpu: { ...run.cpuSeconds, validate: validateCpu },
      importStats: run.importStats,
      settings,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
  process.exit(0);
}

const N = Number(arg('--persons', '50000'));
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

interface ChildResult {
  ok: boolean;
  seconds: number;
  maxRssMiB: number;
  errors: unknown[];
  parts: { validate: number; import: number; link: number };
  linked: { persons: number; links: number } | null;
  cpu: { import: number; link: number; validate: number };
  importStats: {
    encryptCpuSeconds: number;
    encodeThreadSeconds?: number;
    encodedOnThread?: number;
    writeWaitSeconds: number;
  };
  settings: Record<string, string>;
}

function runChild(env: NodeJS.ProcessEnv, dir: string): Promise<ChildResult> {
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

say(machineLine());
say(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (other jobs on the machine slow every figure)`,
);
const work = await mkdtemp(join(tmpdir(), 'enlace-bench-import-'));
const folder = join(work, 'folder');
await mkdir(folder);
const t = performance.now();
await generate(folder);
const bytes =
  (await stat(join(folder, 'persons.csv'))).size + (await stat(join(folder, 'identifications.csv'))).size;
say(
  `data: ${N.toLocaleString('en')} persons + ${N.toLocaleString('en')} identifications (+ ${demoAgencies().length} agencies), ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV, generated in ${((performance.now() - t) / 1000).toFixed(1)} s; a third of the persons carry a CURP, personal fields are encrypted (AES-GCM) as in production`,
);
say(
  'measured: what `enlace import DIR` runs (importAndLink): validate + load in one pass and one transaction, commit, then the linkage of the new persons (blocking keys, model estimate, links)',
);
say(
  'excluded: generating the CSV, starting the database, migrations and key loading (openRuntime), process start; a separate dry run (validation alone) is timed only to show its part',
);
const rows = 2 * N + demoAgencies().length;
const TARGET = 50_000;
const report = (name: string, r: ChildResult) => {
  say(
    `${name}: ${Object.entries(r.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  if (!r.ok) say(`${name}: FAILED ${JSON.stringify(r.errors)}`);
  const p = r.parts;
  say(
    `  parts: validate alone (dry run) ${p.validate.toFixed(1)} s; import (validate + load, one transaction) ${p.import.toFixed(1)} s = ${Math.round(rows / p.import).toLocaleString('en')} rows/s; link ${p.link.toFixed(1)} s (${r.linked?.persons.toLocaleString('en') ?? 0} persons, ${r.linked?.links.toLocaleString('en') ?? 0} links)`,
  );
  say(
    `  CPU time of the importing process (less inflated by other jobs than the wall time; ${!name.startsWith('PGlite') ? "the database server's CPU is not in it" : 'PGlite runs in it: the database included'}): import ${r.cpu.import.toFixed(1)} s, link ${r.cpu.link.toFixed(1)} s`,
  );
  const per100k = (s: number) => ((s * 100_000) / rows).toFixed(2);
  const st = r.importStats;
  const onThread = (st.encodedOnThread ?? 0) > 0;
  // parse + validate: the dry run's CPU (the same parsing and checks, nothing written); encode: the importing
  // thread's CPU encoding, or the encoding thread's busy time (its wall time: an upper bound of its CPU); the rest
  // of the import's CPU (both threads) is sending to the database (driver encoding), the audit entry, scheduling
  const encode = onThread ? (st.encodeThreadSeconds ?? 0) : st.encryptCpuSeconds;
  say(
    `  parts per 100,000 rows, CPU s of the importing process: parse + validate ${per100k(r.cpu.validate)}, encrypt + hash ${per100k(encode)}${onThread ? ` (on the encoding thread, ${st.encodedOnThread} batches; its busy time)` : ' (on the importing thread)'}, send + rest ${per100k(Math.max(0, r.cpu.import - r.cpu.validate - encode))}, link ${per100k(r.cpu.link)}; wall s: import ${per100k(p.import)} (of which waiting for the database's writes ${per100k(st.writeWaitSeconds)}), link ${per100k(p.link)}`,
  );
  say(
    `  whole enlace import: ${rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s = ${Math.round(rows / r.seconds).toLocaleString('en')} rows/s (target >= ${TARGET.toLocaleString('en')}); peak RSS ${r.maxRssMiB.toFixed(0)} MiB (target <= 1024 MiB)`,
  );
};
try {
  if (only !== 'pglite') {
    let url = process.env.DATABASE_URL;
    let stop: (() => Promise<void>) | undefined;
    if (!url) {
      // durable settings, as in production: fsync, synchronous_commit and full_page_writes on
      const server = await startPostgresServer({ fast: false });
      url = server.url;
      stop = server.stop;
    }
    try {
      report('PostgreSQL server', await runChild({ DATABASE_URL: url, ENLACE_MASTER_KEY: KEY }, folder));
    } finally {
      await stop?.();
    }
  }
  if (only !== 'postgres') {
    const dataDir = join(work, 'pglite');
    await mkdir(dataDir, { recursive: true });
    const env: NodeJS.ProcessEnv = { ENLACE_DATA_DIR: dataDir, ENLACE_MASTER_KEY: KEY };
    report('PGlite (embedded, in a folder)', await runChild({ ...env, DATABASE_URL: '' }, folder));
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
