import { computeCompleteness, computeStateFigures } from '@enlace/core/report/breakdown';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { reportSources } from '@enlace/core/report/sources';
import { emptyReportData } from '@enlace/core/report/types';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { yearsWithData } from '../api/report/service.ts';
import type { Db } from '../db/index.ts';
import { blindIndex } from '../security/crypto.ts';
import { reportExtras } from './extras-sql.ts';
import { OTHER_YEARS, startFiguresRefresher } from './figures-refresh.ts';
import {
  dataVersionIfQuiet,
  keptEvents,
  storedAnnualReport,
  storedParts,
  storedReportBundle,
} from './figures-store.ts';
import { loadEvents, loadReportData } from './repository.ts';
import { insertReportData } from './seed.ts';
import { loadData, reportBundle } from './service.ts';

const curp = (id: string) => (FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null);

async function storedRows(db: Db) {
  return (
    await db.query<{ year: number; part: string; data_version: string }>(
      'SELECT year, part, data_version::text FROM report_figures ORDER BY year, part',
    )
  ).rows;
}

describe.each(testDatabases())('figures kept per data version on $name', ({ name, open }) => {
  it('by-state figures, completeness and sources by SQL equal the pure ones, with CURP and linkage links', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, curp);
      // two persons joined by the linkage engine (confirmed), one pair above COUNT_LINK, one rejected
      const persons = (
        await db.query<{ person_id: string }>('SELECT person_id FROM persons ORDER BY 1')
      ).rows.map((r) => r.person_id);
      const link = async (a: string, b: string, p: number, decision: string | null) =>
        db.query(
          'INSERT INTO person_links (person_a, person_b, probability, decision) VALUES ($1, $2, $3, $4)',
          [a < b ? a : b, a < b ? b : a, p, decision],
        );
      await link(persons[0]!, persons[3]!, 0.97, 'confirmed');
      await link(persons[1]!, persons[5]!, 0.6, null);
      await link(persons[2]!, persons[4]!, 0.99, 'rejected');
      for (const year of [2021, 2022, 2023, 2024]) {
        const l = await loadReportData(db, year, year, { withoutEarliestEver: true });
        const pure = {
          states: computeStateFigures(year, l.data, l.personKey),
          completeness: computeCompleteness(year, l.data),
          sources: reportSources(year, l.data),
        };
        expect(await reportExtras(db, year), String(year)).toEqual(pure);
        // by-state figures by joining the records (the reference of the kept report_key_year, migration 202)
        expect(await reportExtras(db, year, undefined, 'joins'), String(year)).toEqual(pure);
      }
    } finally {
      await db.close();
    }
  });

  it('computed once per (year, data version), stored in the database, the same figures as the pure computation', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, curp);
      const first = await storedParts(db, [
        { year: 2023, part: 'annual' },
        { year: 2023, part: 'extras' },
      ]);
      expect(first.map((p) => p.stored)).toEqual([false, false]);
      const { version } = await dataVersionIfQuiet(db);
      expect(await storedRows(db)).toEqual([
        { year: 2023, part: 'annual', data_version: version },
        { year: 2023, part: 'extras', data_version: version },
      ]);
      const again = await storedParts(db, [
        { year: 2023, part: 'annual' },
        { year: 2023, part: 'extras' },
      ]);
      expect(again.map((p) => p.stored)).toEqual([true, true]);
      // what comes back from the database is exactly what was computed, byte for byte (key order too: the
      // CLI prints it)
      expect(again.map((p) => JSON.stringify(p.value))).toEqual(first.map((p) => JSON.stringify(p.value)));
      // the bundle reuses the stored 2023 and computes 2022 and 2021; equal to the pure bundle
      const bundle = await storedReportBundle(db, 2023);
      const { generatedAt: _a, ...stored } = bundle;
      const { generatedAt: _b, ...pure } = reportBundle(await loadData({ kind: 'db', db }, 2021, 2023), 2023);
      expect(stored).toEqual(pure);
      expect((await storedRows(db)).length).toBe(4);

      // a write to a table the report reads moves the version: the next read computes again
      const before = (await storedAnnualReport(db, 2023)).victims.identification_records;
      await db.query("UPDATE identifications SET date = '2019-06-01' WHERE identification_id = 'i01'");
      const [after] = await storedParts(db, [{ year: 2023, part: 'annual' }]);
      expect(after!.stored).toBe(false);
      expect(after!.value.victims.identification_records).toBe(before - 1);
      const loaded = await loadData({ kind: 'db', db }, 2023, 2023);
      expect(after!.value).toEqual(computeAnnualReport(2023, loaded.data, loaded.personKey));
      // a read changes nothing
      await db.query('SELECT count(*) FROM identifications');
      expect((await storedParts(db, [{ year: 2023, part: 'annual' }]))[0]!.stored).toBe(true);
      // store: false (a read replica) neither reads nor writes the table
      await db.query('DELETE FROM report_figures');
      const replica = await storedParts(db, [{ year: 2023, part: 'annual' }], { store: false });
      expect(replica[0]!.stored).toBe(false);
      expect(await storedRows(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it.runIf(name === 'postgres')(
    'figures read while a write is uncommitted are never stored (they would not hold the write)',
    async () => {
      const db = await open();
      try {
        await insertReportData(db, FIXTURE, curp);
        let during: Awaited<ReturnType<typeof storedParts>> = [];
        await db.transaction(async (tx) => {
          await tx.query("UPDATE identifications SET date = '2019-06-01' WHERE identification_id = 'i01'");
          // another connection of the pool: the write's version is visible, its rows are not yet
          expect((await dataVersionIfQuiet(db)).quiet).toBe(false);
          during = await storedParts(db, [{ year: 2023, part: 'annual' }]);
        });
        expect(during[0]!.stored).toBe(false);
        expect(await storedRows(db)).toEqual([]);
        const [now] = await storedParts(db, [{ year: 2023, part: 'annual' }]);
        expect(now!.stored).toBe(false);
        expect(now!.value.victims.identification_records).toBe(
          (during[0]!.value as { victims: { identification_records: number } }).victims
            .identification_records - 1,
        );
        expect((await storedRows(db)).length).toBe(1);
      } finally {
        await db.close();
      }
    },
  );

  it('event records kept between computations: reused after writes to other records, loaded again after any write to theirs', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, curp);
      // the tables migration 209's triggers follow are the tables loadEvents reads
      const read = new Set(
        [...loadEvents.toString().matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/g)].map((m) => m[1]!),
      );
      const followed = (
        await db.query<{ t: string }>(
          `SELECT DISTINCT c.relname AS t FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
             JOIN pg_proc f ON f.oid = g.tgfoid WHERE f.proname = 'report_events_changed' ORDER BY 1`,
        )
      ).rows.map((r) => r.t);
      expect(followed).toEqual([...read].sort());
      const bundleEqualsPure = async (why: string) => {
        const { generatedAt: _a, ...stored } = await storedReportBundle(db, 2023);
        const { generatedAt: _b, ...pure } = reportBundle(
          await loadData({ kind: 'db', db }, 2021, 2023),
          2023,
        );
        expect(stored, why).toEqual(pure);
      };
      await bundleEqualsPure('first computation');
      const payee = FIXTURE.payments[0]!.victim_person_id!;
      // writes that leave the event records as they are: their version stays, the figures are computed again
      const others: Array<[string, string]> = [
        [
          'an identification moved out of the year',
          "UPDATE identifications SET date = '2019-06-01' WHERE identification_id = 'i01'",
        ],
        ['a new person', 'new person'],
        ["a payee's sex", `UPDATE persons SET sex = 'male' WHERE person_id = '${payee}'`],
        ['a link', "INSERT INTO person_links (person_a, person_b, probability) VALUES ('p1a', 'p4', 0.99)"],
      ];
      // writes to the event records (each changes what the figures read): their version moves
      const events: Array<[string, string]> = [
        [
          'an investigation moved out of the year',
          `UPDATE investigations SET opened_date = '2015-01-01' WHERE investigation_id = '${FIXTURE.investigations[0]!.investigation_id}'`,
        ],
        [
          'a prosecution closed before the year',
          `UPDATE prosecutions SET initiated_date = '2014-01-01', closed_date = '2015-01-01' WHERE prosecution_id = '${FIXTURE.prosecutions[0]!.prosecution_id}'`,
        ],
        [
          'a conviction moved out of the year',
          `UPDATE convictions SET date = '2015-01-01' WHERE conviction_id = '${FIXTURE.convictions[0]!.conviction_id}'`,
        ],
        ['a payment changed', 'UPDATE restitution_payments SET amount_mxn = amount_mxn + 1000'],
        [
          'a contact no longer trafficking-related',
          `UPDATE hotline_contacts SET trafficking_related = NOT trafficking_related WHERE contact_id = '${FIXTURE.contacts[0]!.contact_id}'`,
        ],
        ['a financial report changed', 'UPDATE financial_reports SET amount_usd = amount_usd + 1'],
        [
          'an agency changed level',
          `UPDATE agencies SET level = 'municipal' WHERE id = '${FIXTURE.agencies.find((a) => a.level === 'state')!.agency_id}'`,
        ],
        ["a payee's CURP removed", `UPDATE persons SET curp_bidx = NULL WHERE person_id = '${payee}'`],
        ['a person deleted', "DELETE FROM persons WHERE person_id = 'p-new'"],
      ];
      for (const [why, sql, moves] of [
        ...others.map(([w, q]) => [w, q, false] as const),
        ...events.map(([w, q]) => [w, q, true] as const),
      ]) {
        const before = await dataVersionIfQuiet(db);
        if (sql === 'new person')
          await insertReportData(
            db,
            { ...emptyReportData(), persons: [{ ...FIXTURE.persons[0]!, person_id: 'p-new' }] },
            () => null,
          );
        else await db.query(sql);
        const after = await dataVersionIfQuiet(db);
        expect(after.version, why).not.toBe(before.version);
        expect(after.eventsVersion !== before.eventsVersion, why).toBe(moves);
        await bundleEqualsPure(why);
      }
    } finally {
      await db.close();
    }
  });

  it('keptEvents: one load per version and range while quiet; none kept for a version read beside a write', async () => {
    const db = await open();
    try {
      let loads = 0;
      const load = async () => {
        loads += 1;
        return { data: { agencies: [] }, paymentKeys: new Map() } as never;
      };
      const a = await keptEvents(db, '5', '2021-01-01', '2023-12-31', load);
      expect(await keptEvents(db, '5', '2021-01-01', '2023-12-31', load)).toBe(a);
      expect(loads).toBe(1);
      expect(Object.isFrozen((a as { data: { agencies: unknown[] } }).data.agencies)).toBe(true);
      // not kept: the refresher's earlier years; a version read while a write was uncommitted
      await keptEvents(db, '5', '2019-01-01', '2019-12-31', load, false);
      await keptEvents(db, null, '2021-01-01', '2023-12-31', load);
      expect(await keptEvents(db, '5', '2021-01-01', '2023-12-31', load)).toBe(a);
      expect(loads).toBe(3);
      // two ranges kept, the least recently used dropped; a new version drops the old one's
      await keptEvents(db, '5', '2020-01-01', '2022-12-31', load);
      await keptEvents(db, '5', '2021-01-01', '2023-12-31', load);
      await keptEvents(db, '5', '2018-01-01', '2020-12-31', load);
      expect(loads).toBe(5);
      expect(await keptEvents(db, '5', '2021-01-01', '2023-12-31', load)).toBe(a);
      expect(loads).toBe(5);
      expect(await keptEvents(db, '6', '2021-01-01', '2023-12-31', load)).not.toBe(a);
      expect(loads).toBe(6);
      // a failed load is not kept
      await expect(
        keptEvents(db, '7', '2021-01-01', '2023-12-31', () => Promise.reject(new Error('x'))),
      ).rejects.toThrow('x');
      await keptEvents(db, '7', '2021-01-01', '2023-12-31', load);
      expect(loads).toBe(7);
    } finally {
      await db.close();
    }
  });

  it('a running server stores the latest year ahead of the first visit, again after every write', async () => {
    const db = await open();
    const refresher = startFiguresRefresher(db, {
      timer: false,
      now: () => new Date('2030-01-01T00:00:00Z'),
    });
    try {
      await insertReportData(db, FIXTURE, curp);
      await refresher.tick();
      const latest = Math.max(...FIXTURE.identifications.map((i) => Number(i.date.slice(0, 4))));
      const rows = await storedRows(db);
      // the latest year's dashboard (its three years' annual parts, its by-state figures and review counts), then
      // those of the earlier years the year selector offers
      const { years } = await yearsWithData(db, new Date('2030-01-01T00:00:00Z'));
      expect(years[0]).toBe(latest);
      expect(years.length).toBeGreaterThan(2);
      const shown = [latest, ...years.filter((y) => y !== latest).slice(0, OTHER_YEARS)];
      const want = new Set(
        shown.flatMap((y) => [
          `${y}|annual`,
          `${y - 1}|annual`,
          `${y - 2}|annual`,
          `${y}|extras`,
          `${y}|review`,
        ]),
      );
      expect(rows.map((r) => `${r.year}|${r.part}`)).toEqual(
        [...want].sort((a, b) => Number(a.slice(0, 4)) - Number(b.slice(0, 4)) || a.localeCompare(b)),
      );
      // the dashboard's bundle now comes from the store, the earliest year's too
      expect((await storedParts(db, [{ year: latest, part: 'annual' }]))[0]!.stored).toBe(true);
      const earliest = shown.at(-1)!;
      expect(
        (
          await storedParts(db, [
            { year: earliest, part: 'extras' },
            { year: earliest, part: 'review' },
          ])
        ).map((p) => p.stored),
      ).toEqual([true, true]);
      // nothing changed: nothing computed
      await refresher.tick();
      expect(await storedRows(db)).toEqual(rows);
      // a write: the next tick stores the new version
      await db.query("UPDATE identifications SET date = '2019-06-01' WHERE identification_id = 'i01'");
      await refresher.tick();
      const { version } = await dataVersionIfQuiet(db);
      expect((await storedRows(db)).every((r) => r.data_version === version)).toBe(true);
    } finally {
      await refresher.stop();
      await db.close();
    }
  });

  it('requests that arrive while a part is computed wait for that computation instead of computing it again', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, curp);
      // as the server's refresh and the first dashboard request after an import: at once, nothing stored yet
      const want = [
        { year: 2023, part: 'annual' as const },
        { year: 2022, part: 'annual' as const },
        { year: 2023, part: 'extras' as const },
      ];
      const calls = await Promise.all([
        storedParts(db, want),
        storedParts(db, want),
        storedParts(db, [want[1]!]),
      ]);
      // every part computed once: whoever did not read it from the store got the very same object
      for (const w of want) {
        const got = calls.flat().filter((p) => p.year === w.year && p.part === w.part);
        const computed = new Set(got.filter((p) => !p.stored).map((p) => p.value));
        expect(computed.size, `${w.year} ${w.part}`).toBe(1);
        for (const p of got.filter((p) => p.stored)) expect(p.value).toEqual([...computed][0]);
      }
      const before = await storedAnnualReport(db, 2023);
      // and stored once; the next request reads it
      expect((await storedParts(db, [{ year: 2023, part: 'annual' }]))[0]!.stored).toBe(true);
      // after a write, a new computation (not the finished one of the older version)
      await db.query(`DELETE FROM identifications WHERE date = '2023-08-08'`);
      const [after] = await storedParts(db, [{ year: 2023, part: 'annual' }]);
      expect(after!.stored).toBe(false);
      expect(after!.value.victims.total).toBe(before.victims.total - 1);
    } finally {
      await db.close();
    }
  });
});
