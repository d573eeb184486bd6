/**
 * Report benchmark: the JSON annual report of one year over 1,000,000 persons and their events on a
 * PostgreSQL server. Generates the data with generate_series straight into the 010 data model, then times
 * `enlace report --year 2023 --format json` end to end (a child process: wall time and peak RSS), and the
 * load + count inside one warm process.
 *
 *   npm run bench:report                 (1,000,000 persons)
 *   npm run bench:report -- --persons 100000
 *   npm run bench:report -- --persons 300000 --runs 5 --explain   (plans of the per-person queries)
 *   npm run bench:report -- --demo       (the demo dataset of `npm start` instead of generated persons)
 *   npm run bench:report -- --only json  (skip the dashboard API, HTML and PDF timings)
 *   npm run bench:report -- --only files (only the HTML and PDF files)
 *   npm run bench:report -- --only dashboard (only the dashboard API: cold, stored, and right after a write)
 *   npm run bench:report -- --url postgres://…  (an existing database, kept: generated only when empty)
 *   npm run bench:report -- --from-sources  (the enlace command through tsx, as on a checkout never built)
 *   npm run bench:report -- --links 20000      (linkage-engine links between persons; default 20,000)
 *
 * Each of JSON, dashboard, HTML and PDF is timed cold (the data version moved first, so the figures kept per
 * data version are computed and stored, as after an import) and from the stored figures (report_figures,
 * migration 140: what every later request, process and CLI run reads until the next write); HTML and PDF also
 * from the stored file (report_renders, migration 165), CLI CPU time beside the wall time.
 *
 * Also the dashboard's filtered views: a state's page cold, from the store and right after a write, and the 46
 * views the server's refresher stores ahead from one load (32 states, 2 levels, 4 form groups, 8 level-and-group),
 * then level and form views read from the store by another process.
 *
 * Printed, each against its target (issue 13): `enlace report --format json` wall (≤ 2 s), the dashboard's
 * `GET /api/report` in process (≤ 1 s), `enlace report --format html` wall (≤ 3 s) and `--format pdf` wall
 * (≤ 5 s), all for one year with the two years before it.
 *
 * The data is written through the migrations' triggers like any import, so `report_key_first`
 * (migration 040, the earliest identification of each base key, kept at write time), `report_key_year` and
 * `report_key_served` (migrations 200-201, the per-person facts kept at write time) are part of the generation
 * time. Also printed (not with --only files/dashboard): the per-person inputs and the report bundle from those
 * tables against the same by joining the records, alternating, with the PostgreSQL server's CPU (from /proc).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dashboardFigures } from '../apps/server/src/api/report/service.ts';
import { loadDemoInto } from '../apps/server/src/cli/commands/demo.ts';
import { migrate, openDatabase } from '../apps/server/src/db/index.ts';
import { lastThreadRun } from '../apps/server/src/report/bundle-thread.ts';
import { reportExtras } from '../apps/server/src/report/extras-sql.ts';
import {
  fastAnnualReport,
  fastVictimInputs,
  KEPT_SETTINGS,
  SERVED_KEYS_SQL,
  SERVED_SETTINGS,
  SERVED_SQL,
  SERVED_YEARS_SQL,
  VICTIM_FACTS_JOIN_SQL,
  VICTIM_GROUPS_SQL,
  VICTIM_SETTINGS,
  withSettings,
  YEARS_SETTINGS,
} from '../apps/server/src/report/fast.ts';
import { fastReportBundle } from '../apps/server/src/report/fast-bundle.ts';
import { dashboardRefreshSettled } from '../apps/server/src/report/figures-store.ts';
import {
  filteredRefreshSettled,
  storeFilteredPages,
  storeStatePages,
} from '../apps/server/src/report/filtered-store.ts';
import { loadData, reportBundle } from '../apps/server/src/report/service.ts';
import { initCrypto, parseMasterKey } from '../apps/server/src/security/crypto.ts';
import { buildCliBundle, INSTALLED_CLI_BUNDLE } from '../apps/server/test/cli-bundle.ts';
import { startPostgresServer } from '../apps/server/test/pg-server.ts';
import { serverCpu } from './machine.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const DEMO = args.includes('--demo');
const ONLY_JSON = args.includes('--only') && args[args.indexOf('--only') + 1] === 'json';
/** `--only files`: only the HTML and PDF files (cold, rendered from stored figures, stored) */
const ONLY_FILES = args.includes('--only') && args[args.indexOf('--only') + 1] === 'files';
/** `--only dashboard`: only the dashboard API (cold, stored figures, and right after a write) */
const ONLY_DASHBOARD = args.includes('--only') && args[args.indexOf('--only') + 1] === 'dashboard';
const N = arg('--persons', 1_000_000);
const RUNS = arg('--runs', 3);
/** linkage-engine links between persons (confirmed, and undecided at 0.5-0.99): the figures count linked persons */
const LINKS = arg('--links', 20_000);
const YEAR = DEMO ? 2024 : 2023;
const KEY = 'b'.repeat(64);
const say = (s: string) => process.stdout.write(`${s}\n`);
/**
 * CPU time (user + system, ms) of each process of a PostgreSQL server (the postmaster and its children), from
 * /proc; `serverCpuSince` sums what each used since a snapshot (a backend started meanwhile counts whole; one that
 * ended meanwhile is lost, so the connection pool is kept open across a measurement).
 */
function serverCpuSince(postmaster: number, before: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of serverCpu(postmaster)) ms += t - (before.get(pid) ?? 0);
  return ms;
}

const cpu = cpus();
say(
  `machine: ${cpu.length} cores, ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
mkdirSync(resolve(ROOT, 'bench/out'), { recursive: true });
// --url URL: an existing database (kept between runs; generated only when it has no persons)
const URL_ARG = args.includes('--url') ? args[args.indexOf('--url') + 1] : undefined;
const server = URL_ARG ? { url: URL_ARG, stop: async () => undefined } : await startPostgresServer();
const db = await openDatabase({ url: server.url, max: 10 });
/** The server's postmaster (its backends' parent), when it runs on this machine; else undefined. */
async function serverPid(): Promise<number | undefined> {
  try {
    const pid = (await db.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p;
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return undefined;
  }
}
try {
  await migrate(db);
  await initCrypto(db, parseMasterKey(KEY));
  async function generate() {
    // 32 state prosecutors, 32 state DIFs, 64 municipal police, 3 federal, 20 NGOs, 1 international
    await db.exec(`
      INSERT INTO agencies (id, name, level, kind, state_code)
      SELECT 'fge-' || s, 'Fiscalía ' || s, 'state', 'prosecutor', s FROM (SELECT lpad(g::text, 2, '0') s FROM generate_series(1, 32) g) x
      UNION ALL SELECT 'dif-' || s, 'DIF ' || s, 'state', 'child_protection', s FROM (SELECT lpad(g::text, 2, '0') s FROM generate_series(1, 32) g) x
      UNION ALL SELECT 'mun-' || g, 'Policía municipal ' || g, 'municipal', 'police', lpad((1 + g % 32)::text, 2, '0') FROM generate_series(1, 64) g
      UNION ALL SELECT 'fgr', 'FGR', 'federal', 'prosecutor', NULL
      UNION ALL SELECT 'inm', 'INM', 'federal', 'immigration', NULL
      UNION ALL SELECT 'uif', 'UIF', 'federal', 'financial_intelligence', NULL
      UNION ALL SELECT 'ngo-' || g, 'Refugio ' || g, 'ngo', 'service_provider', NULL FROM generate_series(1, 20) g
      UNION ALL SELECT 'oim', 'OIM', 'international', 'other', NULL;
      CREATE TEMP TABLE ag AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id, level FROM agencies;
      CREATE TEMP TABLE forms AS SELECT row_number() OVER () - 1 AS i, f FROM unnest(ARRAY['sexual','sexual','sexual','forced_labor',
        'servitude','forced_begging','forced_criminality','forced_marriage','illegal_adoption','other','unspecified','unspecified']) f;
    `);
    const A = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ag')).rows[0]!.n;
    // persons: ~12% are a second record of someone else (same CURP blind index)
    await db.exec(`
      INSERT INTO persons (person_id, agency_id, birth_year, birth_month, birth_day, sex, nationality, curp_bidx, row_hash)
      SELECT 'p' || g, (SELECT id FROM ag WHERE i = (g * 7919) % ${A}),
             1950 + (g * 31) % 65, CASE WHEN g % 10 < 8 THEN 1 + g % 12 END, CASE WHEN g % 10 < 6 THEN 1 + g % 28 END,
             (ARRAY['female','female','male','intersex', NULL])[1 + g % 5],
             CASE WHEN g % 20 = 0 THEN (ARRAY['GTM','HND','SLV','VEN','COL','USA'])[1 + g % 6] WHEN g % 20 = 1 THEN NULL ELSE 'MEX' END,
             CASE WHEN g % 3 = 0 THEN NULL ELSE md5('curp' || CASE WHEN g % 8 = 1 THEN g - 1 ELSE g END) END, '-'
        FROM generate_series(1::bigint, ${N}) g;
    `);
    // identifications: one per person + 25% a second one, dates 2017-2024
    await db.exec(`
      INSERT INTO identifications (identification_id, person_id, agency_id, date, state_code, primary_form, row_hash)
      SELECT 'i' || g || '-' || k, 'p' || g, (SELECT id FROM ag WHERE i = (g * 31 + k * 17) % ${A}),
             DATE '2017-01-01' + int4((g * 37 + k * 101) % 2922), CASE WHEN g % 4 = 0 THEN NULL ELSE lpad((1 + (g + k) % 32)::text, 2, '0') END,
             (SELECT f FROM forms WHERE i = (g + k) % 12), '-'
        FROM generate_series(1::bigint, ${N}) g, generate_series(0, 1) k WHERE k = 0 OR g % 4 = 0;
      INSERT INTO services (service_id, person_id, provider_agency_id, service, start_date, end_date, row_hash)
      SELECT 's' || g, 'p' || (1 + (g * 13) % ${N}), 'ngo-' || (1 + g % 20), 'shelter',
             CASE WHEN g % 50 = 0 THEN NULL ELSE DATE '2017-01-01' + int4(g * 41) % 2922 END,
             CASE WHEN g % 7 = 0 THEN NULL ELSE DATE '2017-01-01' + int4(g * 41) % 2922 + int4(g % 400) END, '-'
        FROM generate_series(1::bigint, ${Math.round(N * 0.4)}) g;
      INSERT INTO referrals (referral_id, person_id, from_agency_id, to_agency_id, date, status, row_hash)
      SELECT 'r' || g, 'p' || (1 + (g * 17) % ${N}), 'fge-' || lpad((1 + g % 32)::text, 2, '0'), 'ngo-' || (1 + g % 20),
             DATE '2017-01-01' + int4(g * 43) % 2922, 'accepted', '-'
        FROM generate_series(1::bigint, ${Math.round(N * 0.4)}) g;
      INSERT INTO investigations (investigation_id, agency_id, opened_date, closed_date, primary_form, state_code, official_complicity, row_hash)
      SELECT 'inv' || g, (SELECT id FROM ag WHERE i = (g * 13) % ${A}), DATE '2017-01-01' + int4(g * 47) % 2922, NULL,
             (SELECT f FROM forms WHERE i = g % 12), lpad((1 + g % 32)::text, 2, '0'), g % 97 = 0, '-'
        FROM generate_series(1::bigint, ${Math.round(N * 0.06)}) g;
      INSERT INTO prosecutions (prosecution_id, agency_id, investigation_id, initiated_date, closed_date, primary_form, state_code, official_complicity, row_hash)
      SELECT 'pr' || g, (SELECT id FROM ag WHERE i = (g * 13) % ${A}), 'inv' || g, DATE '2017-01-01' + int4(g * 47) % 2922 + 30,
             CASE WHEN g % 3 = 0 THEN NULL ELSE DATE '2017-01-01' + int4(g * 47) % 2922 + 30 + int4(g % 900) END,
             (SELECT f FROM forms WHERE i = g % 12), lpad((1 + g % 32)::text, 2, '0'), g % 97 = 0, '-'
        FROM generate_series(1::bigint, ${Math.round(N * 0.05)}) g;
      INSERT INTO convictions (conviction_id, agency_id, prosecution_id, date, primary_form, state_code, sentence_months, restitution_ordered_mxn, row_hash)
      SELECT 'c' || g, (SELECT id FROM ag WHERE i = (g * 13) % ${A}), 'pr' || g, DATE '2017-01-01' + int4(g * 47) % 2922 + 400,
             (SELECT f FROM forms WHERE i = g % 12), lpad((1 + g % 32)::text, 2, '0'), 12 + g % 480, (g % 1000) * 100.25, '-'
        FROM generate_series(1::bigint, ${Math.round(N * 0.02)}) g;
      INSERT INTO restitution_payments (payment_id, conviction_id, victim_person_id, date, amount_mxn, source, row_hash)
      SELECT 'pay' || g, 'c' || g, 'p' || (1 + (g * 19) % ${N}), DATE '2017-01-01' + int4(g * 47) % 2922 + 500, (g % 500) * 10.05,
             CASE WHEN g % 3 = 0 THEN 'assistance_fund' ELSE 'perpetrator' END, '-'
        FROM generate_series(1::bigint, ${Math.round(N * 0.02)}) g;
      INSERT INTO hotline_contacts (contact_id, agency_id, date, channel, trafficking_related, referred_to_agency_id, row_hash)
      SELECT 'h' || g, 'ngo-1', DATE '2017-01-01' + int4(g * 53) % 2922, 'phone', g % 3 = 0, CASE WHEN g % 5 = 0 THEN 'fgr' END, '-'
        FROM generate_series(1::bigint, ${Math.round(N * 0.3)}) g;
      INSERT INTO financial_reports (report_id, agency_id, date, amount_usd, row_hash)
      SELECT 'f' || g, 'uif', DATE '2017-01-01' + int4(g * 59) % 2922, (g % 10000) * 1.5, '-' FROM generate_series(1::bigint, ${Math.round(N * 0.03)}) g;
      ANALYZE;
    `);
  }
  const t0 = Date.now();
  const existing = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons')).rows[0]!.n;
  if (existing > 0) say(`using the ${existing.toLocaleString('en-US')} persons already in ${URL_ARG}`);
  else if (DEMO) await loadDemoInto(db);
  else await generate();
  if (!DEMO && LINKS > 0) {
    const have = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM person_links')).rows[0]!.n;
    if (have === 0)
      // pairs of persons of different agencies, ~ every 40th person; 1 in 3 confirmed, the rest undecided
      await db.exec(`
        INSERT INTO person_links (person_a, person_b, probability, decision)
        SELECT least(a, b), greatest(a, b), 0.5 + (g % 50) / 100.0, CASE WHEN g % 3 = 0 THEN 'confirmed' END
          FROM (SELECT g, 'p' || (g * 40) AS a, 'p' || (g * 40 + 7) AS b FROM generate_series(1, ${LINKS}) g) x
         WHERE g * 40 + 7 <= ${N};
        ANALYZE person_links;`);
  }
  const counts = (
    await db.query<{ t: string; n: number }>(
      `SELECT 'persons' t, count(*)::int n FROM persons UNION ALL SELECT 'identifications', count(*)::int FROM identifications
       UNION ALL SELECT 'identifications in ${YEAR}', count(*)::int FROM identifications WHERE date BETWEEN '${YEAR}-01-01' AND '${YEAR}-12-31'
       UNION ALL SELECT 'services', count(*)::int FROM services UNION ALL SELECT 'referrals', count(*)::int FROM referrals
       UNION ALL SELECT 'investigations', count(*)::int FROM investigations UNION ALL SELECT 'prosecutions', count(*)::int FROM prosecutions
       UNION ALL SELECT 'convictions', count(*)::int FROM convictions UNION ALL SELECT 'hotline_contacts', count(*)::int FROM hotline_contacts
       UNION ALL SELECT 'person_links (joining)', count(*)::int FROM person_links WHERE decision = 'confirmed' OR (decision IS NULL AND probability >= 0.5)`,
    )
  ).rows;
  say(
    `data (${existing > 0 ? 'existing' : `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`}): ${counts.map((c) => `${c.t} ${c.n.toLocaleString('en-US')}`).join(', ')}`,
  );

  // warm, in-process: the SQL fast path + counting (what `enlace report --format json` runs)
  for (let i = 0; i < (ONLY_FILES || ONLY_DASHBOARD ? 0 : 3); i++) {
    const a = performance.now();
    const r = await fastAnnualReport(db, YEAR);
    say(
      `in-process run ${i + 1} (load ${loadavg()[0]!.toFixed(1)}): ${(performance.now() - a).toFixed(0)} ms; victims ${r.victims.total.toLocaleString('en-US')} of ${r.victims.identification_records.toLocaleString('en-US')} records`,
    );
  }

  // the per-person inputs (victims, served, referred) from the tables kept at write time (migrations 200-201)
  // against the same by joining the records (the queries before them), alternating under the same load: wall
  // time, the server's CPU (every process of the PostgreSQL server, from /proc) and this process's CPU
  if (!ONLY_FILES && !ONLY_DASHBOARD) {
    const postmaster = await serverPid();
    // as the core counts them: persons per (form group, sex-and-age, nationality, levels), the union of the
    // state-level states per form group (the kept counts group persons and carry the states apart)
    const normal = (m: Awaited<ReturnType<typeof fastVictimInputs>>) =>
      JSON.stringify(
        [...m].map(([y, v]) => {
          const persons = new Map<string, number>();
          const states = new Map<string, Set<string>>();
          for (const f of v.facts) {
            const k = JSON.stringify([f.group, f.sexAge, f.nationality, f.levels]);
            if (f.count ?? 1) persons.set(k, (persons.get(k) ?? 0) + (f.count ?? 1));
            const s = states.get(f.group) ?? new Set<string>();
            for (const st of f.stateLevelStates) s.add(st);
            if (s.size) states.set(f.group, s);
          }
          return [
            y,
            v.identificationRecords,
            [...persons].sort(),
            [...states].map(([g, s]) => [g, [...s].sort()]).sort(),
            [...v.servedGroups].sort(),
            [...v.referredGroups].sort(),
          ];
        }),
      );
    for (const years of [[YEAR], [YEAR - 2, YEAR - 1, YEAR]]) {
      const seen = new Map<string, string>();
      for (let i = 0; i < 2; i++)
        for (const via of ['joins', 'kept'] as const) {
          const cpu0 = process.cpuUsage();
          const srv0 = postmaster ? serverCpu(postmaster) : new Map<number, number>();
          const a = performance.now();
          const inputs = await fastVictimInputs(db, years, undefined, via);
          const wall = performance.now() - a;
          const node = process.cpuUsage(cpu0);
          const srv = postmaster ? `${serverCpuSince(postmaster, srv0).toFixed(0)} ms` : 'not measured';
          seen.set(via, normal(inputs));
          say(
            `per-person inputs of ${years.join(', ')} ${via === 'kept' ? 'from the kept tables (report_agg_*, report_key_year, report_key_served)' : 'by joining the records (before)'} (run ${i + 1}, load ${loadavg()[0]!.toFixed(1)}): wall ${wall.toFixed(0)} ms, PostgreSQL CPU ${srv}, Node CPU ${((node.user + node.system) / 1000).toFixed(0)} ms`,
          );
        }
      say(
        `per-person inputs of ${years.join(', ')}: kept tables and joins identical: ${seen.get('kept') === seen.get('joins')}`,
      );
    }
    // the report bundle (three years and the extras: the cold dashboard, HTML and PDF), both ways
    const bundles = new Map<string, string>();
    for (let i = 0; i < 2; i++)
      for (const via of ['joins', 'kept'] as const) {
        const cpu0 = process.cpuUsage();
        const srv0 = postmaster ? serverCpu(postmaster) : new Map<number, number>();
        const a = performance.now();
        const { generatedAt: _, ...bundle } = await fastReportBundle(db, YEAR, via);
        const wall = performance.now() - a;
        const node = process.cpuUsage(cpu0);
        const srv = postmaster ? `${serverCpuSince(postmaster, srv0).toFixed(0)} ms` : 'not measured';
        bundles.set(via, JSON.stringify(bundle));
        say(
          `report bundle of ${YEAR} (3 years + extras) ${via === 'kept' ? 'from the kept tables and counts' : 'by joining the records (before)'} (run ${i + 1}, load ${loadavg()[0]!.toFixed(1)}): wall ${wall.toFixed(0)} ms, PostgreSQL CPU ${srv}, Node CPU ${((node.user + node.system) / 1000).toFixed(0)} ms`,
        );
      }
    say(`report bundle: figures identical both ways: ${bundles.get('kept') === bundles.get('joins')}`);
    // the extras alone (by state, completeness, sources: each on its own connection, at once): the by-state victims
    // and records from report_key_year (migration 202) or by joining the year's identifications with persons
    const extras = new Map<string, string>();
    for (let i = 0; i < 2; i++)
      for (const via of ['joins', 'kept'] as const) {
        const cpu0 = process.cpuUsage();
        const srv0 = postmaster ? serverCpu(postmaster) : new Map<number, number>();
        const a = performance.now();
        const x = await reportExtras(db, YEAR, undefined, via);
        const wall = performance.now() - a;
        const node = process.cpuUsage(cpu0);
        const srv = postmaster ? `${serverCpuSince(postmaster, srv0).toFixed(0)} ms` : 'not measured';
        extras.set(via, JSON.stringify(x));
        say(
          `report extras of ${YEAR} (by state, completeness, sources), by-state ${via === 'kept' ? 'from report_key_year' : 'by joining the records (before)'} (run ${i + 1}, load ${loadavg()[0]!.toFixed(1)}): wall ${wall.toFixed(0)} ms, PostgreSQL CPU ${srv}, Node CPU ${((node.user + node.system) / 1000).toFixed(0)} ms`,
        );
      }
    say(`report extras: figures identical both ways: ${extras.get('kept') === extras.get('joins')}`);
  }

  if (args.includes('--explain')) {
    for (const [sql, settings] of [
      [VICTIM_GROUPS_SQL, KEPT_SETTINGS],
      [SERVED_KEYS_SQL, KEPT_SETTINGS],
      [VICTIM_FACTS_JOIN_SQL, VICTIM_SETTINGS],
      [SERVED_SQL.services, SERVED_SETTINGS],
      [SERVED_SQL.referrals, SERVED_SETTINGS],
      [SERVED_YEARS_SQL, YEARS_SETTINGS],
    ] as const) {
      // as the report runs it: in a transaction with its settings
      const plan = await withSettings(db, settings, (tx) =>
        tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, [
          // the served of a bundle's three years in one pass
          `${sql === SERVED_YEARS_SQL ? YEAR - 2 : YEAR}-01-01`,
          `${YEAR}-12-31`,
          [],
          [],
        ]),
      );
      say(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
  }

  // the command as installed (`npm run build`: an entry and a chunk per command, bin/enlace.mjs runs it while no source is newer),
  // or with --from-sources through tsx as on a checkout never built (every module loaded through tsx: ~0.6 s more)
  const FROM_SOURCES = args.includes('--from-sources');
  if (FROM_SOURCES) process.env.ENLACE_CLI_FROM_SOURCES = '1';
  else await buildCliBundle(INSTALLED_CLI_BUNDLE);
  say(
    `settings: the enlace command ${FROM_SOURCES ? 'from its TypeScript sources through tsx (--from-sources)' : 'as `npm run build` installs it (an entry and a chunk per command; --from-sources: through tsx)'}; PostgreSQL ${(await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v} (${URL_ARG ? 'given by --url' : 'throwaway server: shared_buffers 256MB, fsync/synchronous_commit/full_page_writes off'}), pool of 10 connections, report queries with work_mem 64MB in their own transactions; ` +
      'timed: the CLI as a child process (start, connect, migration check, figures, rendering; Chromium start for the PDF); excluded: data generation, ANALYZE, the linkage run that makes person_links',
  );
  // end to end: the CLI in a child process, wall time and peak RSS; run 1 cold (figures computed and
  // stored), the next ones read the stored figures of the same data version
  for (let i = 0; i < (ONLY_FILES || ONLY_DASHBOARD ? 0 : RUNS); i++) {
    if (i === 0) await db.query('UPDATE agencies SET name = name WHERE false');
    const load = loadavg()[0]!.toFixed(1);
    const start = performance.now();
    const res = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M %U %S',
        process.execPath,
        resolve(ROOT, 'apps/server/bin/enlace.mjs'),
        'report',
        '--year',
        String(YEAR),
        '--format',
        'json',
      ],
      {
        env: { ...process.env, DATABASE_URL: server.url, ENLACE_MASTER_KEY: KEY, ENLACE_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      },
    );
    const wall = performance.now() - start;
    if (res.status !== 0) throw new Error(`enlace report failed: ${res.stderr}`);
    // peak RSS, and the CLI's own CPU (user + system: the share of the work that does not grow with the load)
    const [rssKb, user, sys] = (res.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    const report = JSON.parse(res.stdout) as { victims: { total: number } };
    say(
      `enlace report --year ${YEAR} --format json ${i === 0 ? 'cold, figures computed' : 'stored figures'} (run ${i + 1}, load ${load}): wall ${(wall / 1000).toFixed(2)} s, CLI CPU ${((user ?? 0) + (sys ?? 0)).toFixed(2)} s, peak RSS ${((rssKb ?? 0) / 1024).toFixed(0)} MiB, victims.total ${report.victims.total.toLocaleString('en-US')}`,
    );
  }
  if (!ONLY_JSON) {
    const env = {
      ...process.env,
      DATABASE_URL: server.url,
      ENLACE_MASTER_KEY: KEY,
      ENLACE_LOG_LEVEL: 'silent',
    };
    // every run that says "cold" first moves the data version with a write that changes nothing (a statement
    // trigger fires for zero rows): the figures kept per data version, in memory and in report_figures, are
    // then stale and computed again, as after an import
    const coldWrite = () => db.query('UPDATE agencies SET name = name WHERE false');
    const loadNow = () => loadavg()[0]!.toFixed(1);
    // the dashboard's API: what GET /api/report computes for a year (warm process, as a running server)
    for (let i = 0; i < (ONLY_FILES ? 0 : RUNS); i++) {
      await coldWrite();
      const a = performance.now();
      // waiting for the current figures (what an export does; what the dashboard did before issue 13's change)
      const r = await dashboardFigures(db, { year: YEAR }, { allowStale: false });
      say(
        `dashboard GET /api/report?year=${YEAR} cold after a write to the event records (agencies), figures computed (run ${i + 1}, load ${loadNow()}): ${(performance.now() - a).toFixed(0)} ms (target ≤ 1000 ms); victims ${(r.report.victims as { total: number }).total.toLocaleString('en-US')}`,
      );
    }
    // cold after a write to records other than the event records (an import of identifications, services,
    // referrals, a link decision: migration 209's version stays), so this process's event records of the three
    // years are reused (figures-store.ts keptEvents); the loop above wrote to agencies, which moves both versions
    const coldOtherWrite = () => db.query('UPDATE identifications SET date = date WHERE false');
    for (let i = 0; i < (ONLY_FILES ? 0 : RUNS); i++) {
      await coldOtherWrite();
      const a = performance.now();
      const r = await dashboardFigures(db, { year: YEAR }, { allowStale: false });
      say(
        `dashboard GET /api/report?year=${YEAR} cold after a write to other records than the events, figures computed, event records kept (run ${i + 1}, load ${loadNow()}): ${(performance.now() - a).toFixed(0)} ms (target ≤ 1000 ms); victims ${(r.report.victims as { total: number }).total.toLocaleString('en-US')}`,
      );
    }
    // as a server sees it once the figures are stored (by the first visit, the CLI, or the server's own
    // refresh after an import): another connection pool, so nothing is in this process's memory
    for (let i = 0; i < (ONLY_FILES ? 0 : RUNS); i++) {
      const other = await openDatabase({ url: server.url, max: 10 });
      const a = performance.now();
      const r = await dashboardFigures(other, { year: YEAR });
      say(
        `dashboard GET /api/report?year=${YEAR}, stored figures of this data version (run ${i + 1}, load ${loadNow()}): ${(performance.now() - a).toFixed(0)} ms (target ≤ 1000 ms); victims ${(r.report.victims as { total: number }).total.toLocaleString('en-US')}`,
      );
      await other.close();
    }
    // right after a write (an import, a case write): the dashboard answers at once with the figures stored for
    // the previous data version, marked stale, and computes the current ones in the background; then the time
    // until they are stored and the next request's answer (current)
    // the write changes a figure: one identification of the year (the smallest id) moved five years back, then
    // forward again on the next run (and at the end, so the data set is left as it was)
    const moved = (
      await db.query<{ id: string; date: string }>(
        `SELECT identification_id AS id, date::text AS date FROM identifications
          WHERE date BETWEEN $1::date AND $2::date ORDER BY identification_id LIMIT 1`,
        [`${YEAR}-01-01`, `${YEAR}-12-31`],
      )
    ).rows[0];
    let away = false;
    const changeWrite = async () => {
      if (!moved) return coldWrite();
      await db.query(
        `UPDATE identifications SET date = ${away ? '$2::date' : "($2::date - interval '5 years')::date"} WHERE identification_id = $1`,
        [moved.id, moved.date],
      );
      away = !away;
    };
    for (let i = 0; i < (ONLY_FILES ? 0 : RUNS); i++) {
      await changeWrite();
      const load = loadNow();
      const a = performance.now();
      const r = await dashboardFigures(db, { year: YEAR });
      const answered = performance.now() - a;
      await dashboardRefreshSettled(db);
      const computed = performance.now() - a;
      const b = performance.now();
      const next = await dashboardFigures(db, { year: YEAR });
      const nextMs = performance.now() - b;
      say(
        `dashboard GET /api/report?year=${YEAR} right after a write (identification ${away ? 'moved out of' : 'moved back into'} the year; run ${i + 1}, load ${load}): ${answered.toFixed(0)} ms (target ≤ 1000 ms), figures of data version ${r.freshness.dataVersion} (now ${r.freshness.currentDataVersion}) computed at ${r.freshness.computedAt}, stale ${r.freshness.stale}, updating ${r.freshness.updating}; current figures computed in the background and stored ${(computed / 1000).toFixed(2)} s after the write; next request ${nextMs.toFixed(0)} ms, stale ${next.freshness.stale}; victims ${(r.report.victims as { total: number }).total.toLocaleString('en-US')} → ${(next.report.victims as { total: number }).total.toLocaleString('en-US')}`,
      );
    }
    if (away) {
      await changeWrite();
      await dashboardFigures(db, { year: YEAR }, { allowStale: false });
    }
    // a state's page (GET /api/report?year=…&state=…, filtered-store.ts): the state of the identification the
    // writes move. Cold (its first visit: three years' records loaded and counted), the 32 state pages stored from
    // one load (what the server's refresher does ahead), read from the store by another process, and right after a
    // write (stale at once; every stored filter of the year recomputed in one load in the background)
    const pageState = moved
      ? (
          await db.query<{ s: string | null }>(
            `SELECT coalesce(i.state_code, a.state_code) AS s FROM identifications i JOIN agencies a ON a.id = i.agency_id
              WHERE i.identification_id = $1`,
            [moved.id],
          )
        ).rows[0]?.s
      : null;
    const state = pageState ?? '09';
    const pageQ = { year: YEAR, state };
    const vt = (r: { report: Record<string, unknown> }) =>
      (r.report.victims as { total: number }).total.toLocaleString('en-US');
    for (let i = 0; i < (ONLY_FILES ? 0 : RUNS); i++) {
      await coldWrite();
      const a = performance.now();
      const r = await dashboardFigures(db, pageQ, { allowStale: false });
      say(
        `state page GET /api/report?year=${YEAR}&state=${state} cold, first visit, figures computed (run ${i + 1}, load ${loadNow()}): ${(performance.now() - a).toFixed(0)} ms; victims ${vt(r)}`,
      );
    }
    if (!ONLY_FILES) {
      await coldWrite();
      const a = performance.now();
      const n = await storeStatePages(db, YEAR);
      say(
        `the ${n} state pages of ${YEAR} computed from one load and stored (load ${loadNow()}): ${((performance.now() - a) / 1000).toFixed(2)} s`,
      );
      // what the server's refresher stores ahead (figures-refresh.ts): the states, both levels, the four form
      // groups and each level with each group, from one load
      await coldWrite();
      const b = performance.now();
      // how long the process's event loop is held at a time meanwhile (a server answers no request then)
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const m = await storeFilteredPages(db, YEAR);
      delay.disable();
      say(
        `the ${m} filtered views of ${YEAR} (32 states, 2 levels, 4 form groups, 8 level-and-group) computed from one load and stored (the server's refresher, load ${loadNow()}): ${((performance.now() - b) / 1000).toFixed(2)} s; event loop held at most ${(delay.max / 1e6).toFixed(0)} ms at a time; ${lastThreadRun.used ? `views on a worker thread (records handed over in ${lastThreadRun.sendMs.toFixed(0)} ms of this thread, longest slice ${lastThreadRun.longestSliceMs.toFixed(0)} ms)` : 'views in this thread'}`,
      );
      // the dashboard's level and form selectors, read from the store by another process
      const views: ReadonlyArray<{ level?: 'federal' | 'state'; form?: 'sex' | 'labor' }> = [
        { level: 'federal' },
        { form: 'labor' },
        { level: 'state', form: 'sex' },
      ];
      for (const q of views) {
        const other = await openDatabase({ url: server.url, max: 10 });
        const t = performance.now();
        const r = await dashboardFigures(other, { year: YEAR, ...q });
        say(
          `dashboard GET /api/report?year=${YEAR}&${Object.entries(q)
            .map(([k, v]) => `${k}=${v}`)
            .join(
              '&',
            )}, stored ahead by the refresher (load ${loadNow()}): ${(performance.now() - t).toFixed(0)} ms (target ≤ 1000 ms); victims ${vt(r)}, stale ${r.freshness.stale}`,
        );
        await other.close();
      }
    }
    for (let i = 0; i < (ONLY_FILES ? 0 : RUNS); i++) {
      const other = await openDatabase({ url: server.url, max: 10 });
      const a = performance.now();
      const r = await dashboardFigures(other, pageQ);
      say(
        `state page GET /api/report?year=${YEAR}&state=${state}, stored figures of this data version (run ${i + 1}, load ${loadNow()}): ${(performance.now() - a).toFixed(0)} ms (target ≤ 1000 ms); victims ${vt(r)}, stale ${r.freshness.stale}`,
      );
      await other.close();
    }
    for (let i = 0; i < (ONLY_FILES ? 0 : RUNS); i++) {
      await changeWrite();
      const load = loadNow();
      const a = performance.now();
      const r = await dashboardFigures(db, pageQ);
      const answered = performance.now() - a;
      await filteredRefreshSettled(db);
      const computed = performance.now() - a;
      const b = performance.now();
      const next = await dashboardFigures(db, pageQ);
      say(
        `state page GET /api/report?year=${YEAR}&state=${state} right after a write (identification ${away ? 'moved out of' : 'moved back into'} the year; run ${i + 1}, load ${load}): ${answered.toFixed(0)} ms (target ≤ 1000 ms), stale ${r.freshness.stale}, updating ${r.freshness.updating}; the year's stored filtered pages recomputed in the background from one load and stored ${(computed / 1000).toFixed(2)} s after the write; next request ${(performance.now() - b).toFixed(0)} ms, stale ${next.freshness.stale}; victims ${vt(r)} → ${vt(next)}`,
      );
    }
    if (away) {
      await changeWrite();
      await dashboardFigures(db, { year: YEAR }, { allowStale: false });
    }
    await dashboardRefreshSettled(db);
    await filteredRefreshSettled(db);
    // the report's bundle computed two ways, alternating under the same load: all by SQL (fastReportBundle,
    // nothing stored) and the three years' records loaded and counted in Node
    for (let i = 0; i < (ONLY_FILES || ONLY_DASHBOARD ? 0 : Math.min(RUNS, 2)); i++) {
      const a = performance.now();
      await fastReportBundle(db, YEAR);
      const b = performance.now();
      reportBundle(await loadData({ kind: 'db', db }, YEAR - 2, YEAR), YEAR);
      const c = performance.now();
      say(
        `report bundle computed (run ${i + 1}, load ${loadNow()}): by SQL ${(b - a).toFixed(0)} ms, three years loaded and counted in Node ${(c - b).toFixed(0)} ms`,
      );
    }
    // three kinds of runs per format: cold (the data version moved: figures computed, file rendered and kept),
    // stored figures with the file rendered again (the kept files deleted first, which does not move the data
    // version) and the stored file (report_renders, migration 165: what every later download of this data
    // version reads); the re-rendered and the stored file must be the same bytes
    const { readFileSync } = await import('node:fs');
    for (const format of ONLY_DASHBOARD ? [] : (['html', 'pdf'] as const)) {
      const target = format === 'html' ? 3 : 5;
      const kinds = ['cold', 'rendered', ...Array.from({ length: RUNS }, () => 'stored')] as const;
      const files = new Map<string, Buffer>();
      for (const [i, kind] of kinds.entries()) {
        if (kind === 'cold') await coldWrite();
        if (kind === 'rendered') await db.query('DELETE FROM report_renders');
        const load = loadNow();
        const out = resolve(ROOT, `bench/out/report-${YEAR}-${kind}.${format}`);
        const start = performance.now();
        const res = spawnSync(
          '/usr/bin/time',
          [
            '-f',
            '%M %U %S',
            process.execPath,
            resolve(ROOT, 'apps/server/bin/enlace.mjs'),
            'report',
            '--year',
            String(YEAR),
            '--format',
            format,
            '--out',
            out,
          ],
          { env, encoding: 'utf8' },
        );
        const wall = performance.now() - start;
        if (res.status !== 0) throw new Error(`enlace report --format ${format} failed: ${res.stderr}`);
        const [rssKb, user, sys] = (res.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
        files.set(kind, readFileSync(out));
        const what = {
          cold: 'cold, figures computed and file rendered',
          rendered: 'stored figures, file rendered',
          stored: 'stored file',
        }[kind];
        say(
          `enlace report --year ${YEAR} --format ${format} ${what} (run ${i + 1}, load ${load}): wall ${(wall / 1000).toFixed(2)} s (target ≤ ${target} s), CLI CPU (with Chromium's) ${((user ?? 0) + (sys ?? 0)).toFixed(2)} s, peak RSS ${((rssKb ?? 0) / 1024).toFixed(0)} MiB`,
        );
      }
      say(
        `enlace report --format ${format}: the stored file is ${files.get('stored')?.equals(files.get('rendered')!) ? 'byte for byte' : 'NOT'} the file rendered again from the same data version`,
      );
    }
  }
} finally {
  await db.close();
  await server.stop();
}
