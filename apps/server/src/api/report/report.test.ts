import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/databases.ts';
import { fastReportBundle } from '../../report/fast-bundle.ts';
import { closeWarmBrowser } from '../../report/render-pdf.ts';
import { insertReportData } from '../../report/seed.ts';
import { loadData, reportBundle } from '../../report/service.ts';
import { blindIndex } from '../../security/crypto.ts';
import { DocumentQuery, ReportQuery } from './schema.ts';
import { bundleFor, dashboardFigures, figureDrilldown, reportDocument, yearsWithData } from './service.ts';

afterAll(() => closeWarmBrowser());

describe.each(testDatabases())('dashboard figures on $name', ({ open }) => {
  it('filters by state, level and form with the same rules; aggregates only', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, (id) =>
        FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null,
      );
      const all = await dashboardFigures(db, ReportQuery.parse({ year: '2023' }));
      expect((all.report.victims as { total: number }).total).toBe(8);
      expect(all.previous.map((r) => r.year)).toEqual([2022, 2021]);
      expect(all.states).toHaveLength(32);
      // Jalisco: inv4 (municipal, 14); victims V3 (i06, i07) and p4 (state from its agency)
      const jal = await dashboardFigures(db, ReportQuery.parse({ year: '2023', state: '14' }));
      expect(
        (jal.report.investigations as { state: { total: number }; federal: { total: number } }).state.total,
      ).toBe(1);
      expect((jal.report.investigations as { federal: { total: number } }).federal.total).toBe(0);
      expect((jal.report.victims as { total: number }).total).toBe(2);
      // federal level only: V1 (i01) and p6 (i10)
      const fed = await dashboardFigures(db, ReportQuery.parse({ year: '2023', level: 'federal' }));
      expect((fed.report.victims as { total: number }).total).toBe(2);
      // form group "other": i07 (V3), i09 (p5), i10 (p6)
      const other = await dashboardFigures(db, ReportQuery.parse({ year: '2023', form: 'other' }));
      expect((other.report.victims as { total: number }).total).toBe(3);
      const text = JSON.stringify(all);
      expect(text).not.toContain('p1a');
      expect(() => ReportQuery.parse({ year: '2023', state: '33' })).toThrow();
      // drill-down: fgj-cdmx sees its own records of victims.state.labor (i03 of V2, i12 of V8), others counted
      const dd = await figureDrilldown(db, { year: 2023, figure: 'victims.state.labor' }, 'fgj-cdmx');
      expect(dd.records.map((r) => r.id)).toEqual(['i03', 'i12']);
      // state-level records of V2, V3, p4, V8: i03 i04 i06 i07 i08 i12; other agencies' i04 i06 i07 i08
      expect(dd.other_agencies).toBe(4);
    } finally {
      await db.close();
    }
  });

  it('years with data: the dashboard opens on the latest; future-dated records do not count', async () => {
    const db = await open();
    try {
      expect(await yearsWithData(db)).toEqual({ years: [], latest: null });
      await insertReportData(db, FIXTURE, () => null);
      const dates = [
        ...FIXTURE.identifications.map((r) => r.date),
        ...FIXTURE.investigations.map((r) => r.opened_date),
        ...FIXTURE.prosecutions.map((r) => r.initiated_date),
        ...FIXTURE.convictions.map((r) => r.date),
        ...FIXTURE.contacts.map((r) => r.date),
      ].sort();
      const lo = Number(dates[0]!.slice(0, 4));
      const hi = Number(dates.at(-1)!.slice(0, 4));
      const got = await yearsWithData(db, new Date('2100-01-01T00:00:00Z'));
      expect(got.latest).toBe(hi);
      expect(got.years[0]).toBe(hi);
      expect(got.years.at(-1)).toBe(lo);
      // a clock in the middle of the data: later records are not "latest"
      const mid = await yearsWithData(db, new Date(`${hi - 1}-12-31T12:00:00Z`));
      expect(mid.latest).toBe(hi - 1);
      // a later year holding only hotline contacts is offered, but the dashboard opens on the latest year
      // with victims identified (not on "0 victims")
      const victimsHi = Number(
        FIXTURE.identifications
          .map((r) => r.date)
          .sort()
          .at(-1)!
          .slice(0, 4),
      );
      await db.query(
        `INSERT INTO hotline_contacts (contact_id, agency_id, date, channel, trafficking_related, row_hash)
         VALUES ('later-contact', $1, $2, 'phone', true, 'x')`,
        [FIXTURE.contacts[0]!.agency_id, `${hi + 1}-01-15`],
      );
      const later = await yearsWithData(db, new Date('2100-01-01T00:00:00Z'));
      expect(later.years[0]).toBe(hi + 1);
      expect(later.latest).toBe(victimsHi);
    } finally {
      await db.close();
    }
  });

  it('report document: HTML in es-MX or en-US, PDF printed by Chromium', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, () => null);
      const html = await reportDocument(db, DocumentQuery.parse({ year: '2023', format: 'html' }));
      expect(html.file).toBe('trata-mexico-cifras-2023.html');
      expect(String(html.body)).toContain('Trata de personas en México: cifras nacionales 2023');
      const en = await reportDocument(
        db,
        DocumentQuery.parse({ year: '2023', format: 'html', lang: 'en-US' }),
      );
      expect(String(en.body)).toContain('Trafficking in persons in Mexico: national figures 2023');
      const pdf = await reportDocument(db, DocumentQuery.parse({ year: '2023', format: 'pdf' }));
      expect(pdf.type).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(() => DocumentQuery.parse({ year: '2023', format: 'docx' })).toThrow();
    } finally {
      await db.close();
    }
  });

  it('figures are computed once per data version: any write to a table the report reads recomputes them', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, () => null);
      let clock = 0;
      const opts = { now: () => clock };
      const a = await bundleFor(db, 2023, {}, opts);
      expect(await bundleFor(db, 2023, {}, opts)).toBe(a);
      // another filter is another entry
      expect(await bundleFor(db, 2023, { level: 'federal' }, opts)).not.toBe(a);
      // a write (here: an identification moved out of the year) changes the version and the figures
      const before = a.report.victims.identification_records;
      await db.query("UPDATE identifications SET date = '2019-06-01' WHERE identification_id = 'i01'");
      const b = await bundleFor(db, 2023, {}, opts);
      expect(b).not.toBe(a);
      expect(b.report.victims.identification_records).toBe(before - 1);
      // a read changes nothing; after the time to live the entry is computed again
      await db.query('SELECT count(*) FROM identifications');
      expect(await bundleFor(db, 2023, {}, opts)).toBe(b);
      clock = 61_000;
      expect(await bundleFor(db, 2023, {}, opts)).not.toBe(b);
    } finally {
      await db.close();
    }
  });

  it('the fast bundle (three years by SQL, states and completeness from the year) equals the pure one', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, (id) =>
        FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null,
      );
      for (const year of [2022, 2023, 2024]) {
        const { generatedAt: _a, ...fast } = await fastReportBundle(db, year);
        const { generatedAt: _b, ...pure } = reportBundle(
          await loadData({ kind: 'db', db }, year - 2, year),
          year,
        );
        expect(fast, String(year)).toEqual(pure);
      }
    } finally {
      await db.close();
    }
  });
});
