/**
 * Write-time cost of the report's tables kept by triggers of migrations 200 (report_key_year) and 201
 * (report_key_served), of the counts kept from them (205), of the completeness counts (206) and of the copies of the
 * linked keys' rows (208): the same inserts — N persons, links between 2 % of them and the next, N
 * identifications, 0.4 N services, 0.4 N referrals, in statements of 2,000 rows, each its own transaction — with
 * all of them, without 208, without 206 and 208, and with none (040's report_key_first and 207's link keys always on),
 * twice each, alternating, on a scratch database `h13_write` of the server given by
 * --url (created and dropped). SQL-generated rows: no parsing, encryption nor linkage, so the relative cost is an
 * upper bound of what an import pays (docs/report.md).
 *
 *   node apps/server/bin/run-ts.mjs bench/report-write.bench.ts --url postgres://root@/postgres?host=/var/run/postgresql [--persons 100000]
 */

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { migrate, openDatabase } from '../apps/server/src/db/index.ts';
import { machineLine, serverCpu } from './machine.ts';

const args = process.argv.slice(2);
const URL_ARG = args.includes('--url')
  ? args[args.indexOf('--url') + 1]!
  : 'postgres://root@/postgres?host=/var/run/postgresql';
const scratchUrl = URL_ARG.replace(/\/[^/?]*(\?|$)/, '/h13_write$1');
console.log(machineLine());
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const admin = new pg.Client({ connectionString: URL_ARG });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS h13_write');
await admin.query('CREATE DATABASE h13_write');
await admin.end();
const db = await openDatabase({ url: scratchUrl, max: 2 });
await migrate(db);
await db.exec(`INSERT INTO agencies (id, name, level, kind, state_code)
  SELECT 'fge-' || s, 'F ' || s, 'state', 'prosecutor', s FROM (SELECT lpad(g::text, 2, '0') s FROM generate_series(1, 32) g) x
  UNION ALL SELECT 'fgr', 'FGR', 'federal', 'prosecutor', NULL UNION ALL SELECT 'ngo-1', 'N', 'ngo', 'service_provider', NULL`);
const N = args.includes('--persons') ? Number(args[args.indexOf('--persons') + 1]) : 100_000;
const B = 2000;
const version = (await db.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
console.log(
  `data: ${N.toLocaleString('en')} persons, ${N.toLocaleString('en')} identifications, ${(N * 0.4).toLocaleString('en')} services, ${(N * 0.4).toLocaleString('en')} referrals, inserted by SQL in statements of ${B.toLocaleString('en')} rows (each its own transaction); ${version}, the server's own settings`,
);
console.log(
  "timed: each table's inserts, wall and the server's CPU (its processes' CPU from /proc); excluded: parsing, encryption, linkage (an import's other work), creating the scratch database and its migrations",
);
const backend = (await db.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p;
const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
const cpuRes: Record<string, number[]> = {};
/**
 * 'none': the triggers of 200-201, 205, 206 and 208 off; 'no-206': all but 206's completeness counts (and 208's);
 * 'no-208': all but 208's copies of the linked keys' rows; 'all': every one
 */
type Mode = 'none' | 'no-206' | 'no-208' | 'all';
const LABEL: Record<Mode, string> = {
  all: 'with the triggers of 200-201, 205, 206 and 208',
  'no-208': 'with the triggers of 200-201, 205 and 206, without 208',
  'no-206': 'with the triggers of 200-201 and 205, without 206 and 208',
  none: 'without the triggers of 200-201, 205, 206 and 208',
};
async function triggers(mode: Mode) {
  const on = mode !== 'none';
  // 208: the linked keys' copies, kept from the links and from the kept tables
  for (const t of ['person_links', 'report_key_year', 'report_key_served', 'report_key_first'])
    for (const n of ['report_linked_ins', 'report_linked_upd', 'report_linked_del'])
      await db.query(`ALTER TABLE ${t} ${mode === 'all' ? 'ENABLE' : 'DISABLE'} TRIGGER ${n}`);
  const with206 = mode === 'all' || mode === 'no-208';
  for (const t of ['identifications', 'services', 'referrals'])
    for (const n of ['report_comp_ins', 'report_comp_upd', 'report_comp_del'])
      await db.query(`ALTER TABLE ${t} ${with206 ? 'ENABLE' : 'DISABLE'} TRIGGER ${n}`);
  await db.query(`ALTER TABLE persons ${with206 ? 'ENABLE' : 'DISABLE'} TRIGGER report_comp_upd`);
  for (const [t, names] of [
    ['report_key_year', ['report_agg_ins', 'report_agg_upd', 'report_agg_del']],
    ['report_key_served', ['report_agg_served_ins', 'report_agg_served_upd', 'report_agg_served_del']],
  ] as const)
    for (const n of names) await db.query(`ALTER TABLE ${t} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${n}`);
  for (const [t, names] of [
    ['identifications', ['report_key_year_ins', 'report_key_year_upd', 'report_key_year_del']],
    [
      'persons',
      ['report_key_year_upd', 'report_key_year_del', 'report_key_served_upd', 'report_key_served_del'],
    ],
    ['agencies', ['report_key_year_upd']],
    ['services', ['report_key_served_ins', 'report_key_served_upd', 'report_key_served_del']],
    ['referrals', ['report_key_served_ins', 'report_key_served_upd', 'report_key_served_del']],
    [
      'report_key_first',
      ['report_key_served_first_ins', 'report_key_served_first_upd', 'report_key_served_first_del'],
    ],
  ] as const)
    for (const n of names) await db.query(`ALTER TABLE ${t} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${n}`);
}
const res: Record<string, number[]> = {};
const REPS = args.includes('--reps') ? Number(args[args.indexOf('--reps') + 1]) : 3;
for (let rep = 0; rep < REPS; rep++)
  for (const mode of ['all', 'no-208', 'no-206', 'none'] as const) {
    await db.exec(
      'TRUNCATE persons CASCADE; TRUNCATE report_key_year, report_key_served, report_key_first; TRUNCATE report_agg_victims, report_agg_form_states, report_agg_states, report_agg_served, report_agg_completeness; TRUNCATE report_linked_keys, report_linked_key_year, report_linked_key_served, report_linked_key_first',
    );
    await triggers(mode);
    const time = async (name: string, sql: string, n: number) => {
      const t = performance.now();
      const c0 = serverCpu(postmaster);
      for (let lo = 1; lo <= n; lo += B) await db.query(sql, [lo, Math.min(n, lo + B - 1)]);
      const ms = performance.now() - t;
      let cpu = 0;
      for (const [pid, v] of serverCpu(postmaster)) cpu += v - (c0.get(pid) ?? 0);
      const key = `${name} ${LABEL[mode]}`;
      res[key] = [...(res[key] ?? []), ms];
      cpuRes[key] = [...(cpuRes[key] ?? []), cpu];
    };
    await time(
      'persons',
      `INSERT INTO persons (person_id, agency_id, birth_year, sex, nationality, curp_bidx, row_hash)
      SELECT 'p' || g, 'fge-' || lpad((1 + g % 32)::text, 2, '0'), 1950 + g % 60, (ARRAY['female','male',NULL])[1 + g % 3], 'MEX',
             CASE WHEN g % 3 = 0 THEN NULL ELSE md5('c' || (g - g % 8 / 7)) END, '-' FROM generate_series($1::int, $2::int) g`,
      N,
    );
    // 2 % of the persons linked to the next one (counting links: 0.9), before their records, so the records'
    // writes find linked keys (migration 208 copies their rows)
    await time(
      'links',
      `INSERT INTO person_links (person_a, person_b, probability)
      SELECT least('p' || g, 'p' || (g + 1)), greatest('p' || g, 'p' || (g + 1)), 0.9
        FROM generate_series($1::int, $2::int) g WHERE g % 50 = 0 AND g < ${N}`,
      N,
    );
    await time(
      'identifications',
      `INSERT INTO identifications (identification_id, person_id, agency_id, date, state_code, primary_form, row_hash)
      SELECT 'i' || g, 'p' || g, CASE WHEN g % 5 = 0 THEN 'fgr' ELSE 'fge-' || lpad((1 + g % 32)::text, 2, '0') END,
             DATE '2017-01-01' + (g * 37) % 2922, NULL, 'sexual', '-' FROM generate_series($1::int, $2::int) g`,
      N,
    );
    await time(
      'services',
      `INSERT INTO services (service_id, person_id, provider_agency_id, service, start_date, end_date, row_hash)
      SELECT 's' || g, 'p' || (1 + (g * 13) % ${N}), 'ngo-1', 'shelter', DATE '2017-01-01' + (g * 41) % 2922,
             CASE WHEN g % 7 = 0 THEN NULL ELSE DATE '2017-01-01' + (g * 41) % 2922 + g % 400 END, '-' FROM generate_series($1::int, $2::int) g`,
      N * 0.4,
    );
    await time(
      'referrals',
      `INSERT INTO referrals (referral_id, person_id, from_agency_id, to_agency_id, date, status, row_hash)
      SELECT 'r' || g, 'p' || (1 + (g * 17) % ${N}), 'fgr', 'ngo-1', DATE '2017-01-01' + (g * 43) % 2922, 'accepted', '-'
        FROM generate_series($1::int, $2::int) g`,
      N * 0.4,
    );
  }
await triggers('all');
for (const [k, v] of Object.entries(res))
  console.log(
    `${k}: wall ${v.map((x) => (x / 1000).toFixed(2)).join(' / ')} s, PostgreSQL CPU ${cpuRes[k]!.map((x) => (x / 1000).toFixed(2)).join(' / ')} s`,
  );
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await db.close();
const a2 = new pg.Client({ connectionString: URL_ARG });
await a2.connect();
await a2.query('DROP DATABASE h13_write');
await a2.end();
