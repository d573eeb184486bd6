import { computeCompleteness, computeStateFigures } from '@enlace/core/report/breakdown';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE, FIXTURE_LINKS, fixtureKey } from '@enlace/core/report/fixture.test-data';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { blindIndex } from '../security/crypto.ts';
import { insertReportData } from './seed.ts';
import { loadData, publicRelease, reportBundle } from './service.ts';

describe.each(testDatabases())('report from the database on $name', ({ open }) => {
  it('SQL loading feeds the same counting rules: the figures equal the pure computation on the fixture', async () => {
    const db = await open();
    try {
      // the linkage engine's clusters, here as shared CURP blind indexes
      await insertReportData(db, FIXTURE, (id) =>
        FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null,
      );
      for (const year of [2022, 2023, 2024]) {
        const loaded = await loadData({ kind: 'db', db }, year, year);
        expect(computeAnnualReport(year, loaded.data, loaded.personKey)).toEqual(
          computeAnnualReport(year, FIXTURE, fixtureKey),
        );
      }
      const loaded = await loadData({ kind: 'db', db }, 2021, 2023);
      const b = reportBundle(loaded, 2023);
      expect(b.report.victims.total).toBe(8);
      expect(b.previous.map((r) => r.victims.total)).toEqual([1, 0]);
      expect(b.states).toEqual(computeStateFigures(2023, FIXTURE, fixtureKey));
      expect(b.completeness).toEqual(computeCompleteness(2023, FIXTURE));
      const rel = publicRelease(loaded, 2023);
      expect(rel.cells['victims.total']).toBeNull();
    } finally {
      await db.close();
    }
  });
});
