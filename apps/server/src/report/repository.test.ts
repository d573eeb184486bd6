import { computeCompleteness, computeStateFigures } from '@enlace/core/report/breakdown';
import { computeAnnualReport } from '@enlace/core/report/compute';
import { FIXTURE, FIXTURE_LINKS, fixtureKey } from '@enlace/core/report/fixture.test-data';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { blindIndex } from '../security/crypto.ts';
import { fastAnnualReport } from './fast.ts';
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
        // the SQL fast path of `enlace report --format json`
        expect(await fastAnnualReport(db, year)).toEqual(computeAnnualReport(year, FIXTURE, fixtureKey));
      }
      const loaded = await loadData({ kind: 'db', db }, 2021, 2023);
      const b = reportBundle(loaded, 2023);
      expect(b.report.victims.total).toBe(8);
      expect(b.previous.map((r) => r.victims.total)).toEqual([1, 0]);
      expect(b.states).toEqual(computeStateFigures(2023, FIXTURE, fixtureKey));
      expect(b.completeness).toEqual(computeCompleteness(2023, FIXTURE));
      // identification details reach the CTDC export
      await db.query(
        `UPDATE identifications SET means_of_control = '{debt_bondage,threats}', sector = 'agriculture',
                recruitment = '{abduction}', recruiter_relation = 'employer', country_of_exploitation = 'USA'
          WHERE identification_id = 'i02'`,
      );
      const withDetails = await loadData({ kind: 'db', db }, 2023, 2023);
      const i02 = withDetails.data.identifications.find((i) => i.identification_id === 'i02');
      expect(i02).toMatchObject({
        means_of_control: ['debt_bondage', 'threats'],
        sector: 'agriculture',
        recruitment: ['abduction'],
        recruiter_relation: 'employer',
        country_of_exploitation: 'USA',
        other_forms: [],
      });
      const rel = publicRelease(loaded, 2023);
      expect(rel.cells['victims.total']).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('links of the linkage engine join persons transitively; rejected and low links do not', async () => {
    const db = await open();
    try {
      // V1, V2, V3 by CURP; V8 only through an undecided link of probability 0.97; p4-p7 rejected; p5-p6 at 0.9
      const byCurp = new Set(['V1', 'V2', 'V3']);
      await insertReportData(db, FIXTURE, (id) =>
        FIXTURE_LINKS[id] && byCurp.has(FIXTURE_LINKS[id])
          ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`)
          : null,
      );
      await db.query(
        `INSERT INTO person_links (person_a, person_b, probability, decision) VALUES
           ('p8', 'p8b', 0.97, NULL), ('p4', 'p7', 0.99, 'rejected'), ('p5', 'p6', 0.9, NULL)`,
      );
      const loaded = await loadData({ kind: 'db', db }, 2023, 2023);
      expect(computeAnnualReport(2023, loaded.data, loaded.personKey)).toEqual(
        computeAnnualReport(2023, FIXTURE, fixtureKey),
      );
      for (const year of [2022, 2023, 2024])
        expect(await fastAnnualReport(db, year)).toEqual(computeAnnualReport(year, FIXTURE, fixtureKey));
      await db.query("UPDATE person_links SET decision = 'confirmed' WHERE person_a = 'p5'");
      const again = await loadData({ kind: 'db', db }, 2023, 2023);
      expect(computeAnnualReport(2023, again.data, again.personKey).victims.total).toBe(7);
      expect(await fastAnnualReport(db, 2023)).toEqual(
        computeAnnualReport(2023, again.data, again.personKey),
      );
    } finally {
      await db.close();
    }
  });
});
