import { computeCompleteness, computeStateFigures } from '@enlace/core/report/breakdown';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { reportSources } from '@enlace/core/report/sources';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { blindIndex } from '../security/crypto.ts';
import { reportExtras } from './extras-sql.ts';
import { startFiguresRefresher } from './figures-refresh.ts';
import { dataVersionIfQuiet, storedAnnualReport, storedParts, storedReportBundle } from './figures-store.ts';
import { loadReportData } from './repository.ts';
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
      expect(rows.map((r) => `${r.year}|${r.part}`)).toEqual([
        `${latest - 2}|annual`,
        `${latest - 1}|annual`,
        `${latest}|annual`,
        `${latest}|extras`,
        `${latest}|review`,
      ]);
      // the dashboard's bundle now comes from the store
      expect((await storedParts(db, [{ year: latest, part: 'annual' }]))[0]!.stored).toBe(true);
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
