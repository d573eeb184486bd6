import { FIXTURE, FIXTURE_LINKS } from '@enlace/core/report/fixture.test-data';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import { reportDocument } from '../api/report/service.ts';
import type { Db } from '../db/index.ts';
import { blindIndex } from '../security/crypto.ts';
import { startFiguresRefresher } from './figures-refresh.ts';
import {
  dataVersionIfQuiet,
  storedAnnualReport,
  storedLinkageReview,
  storedReportBundle,
} from './figures-store.ts';
import { justiceDurationFigures } from './justice-annex.ts';
import { closeWarmBrowser } from './render-pdf.ts';
import { type ReportInputs, renderReportFile, stampPdfDates, storedReportFile } from './render-store.ts';
import { insertReportData } from './seed.ts';

const curp = (id: string) => (FIXTURE_LINKS[id] ? blindIndex('curp', `CURP-${FIXTURE_LINKS[id]}`) : null);

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

async function renders(db: Db) {
  return (
    await db.query<{ year: number; lang: string; format: string; data_version: string }>(
      'SELECT year, lang, format, data_version::text FROM report_renders ORDER BY year, lang, format',
    )
  ).rows;
}

/** The report's inputs from the stored figures of the current data version (as the server reads them). */
async function inputs(db: Db, year: number): Promise<ReportInputs> {
  const [bundle, linkageReview, justiceDurations] = await Promise.all([
    storedReportBundle(db, year),
    storedLinkageReview(db, year),
    justiceDurationFigures(db, year),
  ]);
  return { bundle, linkageReview, justiceDurations };
}

afterAll(() => closeWarmBrowser());

describe('stampPdfDates', () => {
  it('sets the creation and modification dates in place, same length', () => {
    const pdf = Buffer.from(
      "%PDF-1.4\n<</Creator (Mozilla)\n/CreationDate (D:20261205013133+00'00')\n/ModDate (D:20261205013133+00'00')>>\nxref",
      'latin1',
    );
    const out = stampPdfDates(pdf, '2024-02-01T10:00:07.123Z');
    expect(out.length).toBe(pdf.length);
    expect(out.toString('latin1')).toBe(
      "%PDF-1.4\n<</Creator (Mozilla)\n/CreationDate (D:20240201100007+00'00')\n/ModDate (D:20240201100007+00'00')>>\nxref",
    );
    // the input is not changed
    expect(pdf.toString('latin1')).toContain('D:20261205013133');
  });
});

describe.each(testDatabases())('report files kept per data version on $name', ({ open }) => {
  it('a repeated PDF is read from the store, byte for byte a fresh render; a write makes the next one show the new figures', async () => {
    const db = await open();
    try {
      await insertReportData(db, FIXTURE, curp);
      const q = { year: 2023, format: 'pdf' as const, lang: 'es-MX' as const };
      const first = await storedReportFile(db, q, () => inputs(db, 2023));
      expect(first.stored).toBe(false);
      const v1 = (await dataVersionIfQuiet(db)).version;
      expect(await renders(db)).toEqual([{ year: 2023, lang: 'es-MX', format: 'pdf', data_version: v1 }]);

      let asked = 0;
      const again = await storedReportFile(db, q, () => {
        asked += 1;
        return inputs(db, 2023);
      });
      expect(again.stored).toBe(true);
      expect(asked).toBe(0);
      expect(again.body.equals(first.body)).toBe(true);
      // a fresh print of the same data version (stored figures, no stored file) is the same file, byte for byte
      const fresh = await renderReportFile(await inputs(db, 2023), q);
      expect(fresh.equals(again.body)).toBe(true);
      const n1 = (await storedAnnualReport(db, 2023)).victims.total;
      expect(await pdfText(again.body)).toContain(
        `En 2023 se identificaron ${n1} víctimas de trata de personas`,
      );

      // the HTML and the en-US file are kept beside it, each per (year, language, format)
      const html = await reportDocument(db, { year: 2023, format: 'html', lang: 'es-MX' });
      expect(html.stored).toBe(false);
      const htmlAgain = await reportDocument(db, { year: 2023, format: 'html', lang: 'es-MX' });
      expect(htmlAgain.stored).toBe(true);
      expect(htmlAgain.body).toBe(html.body);
      expect(String(htmlAgain.body)).toContain('Trata de personas en México: cifras nacionales 2023');
      expect(await renders(db)).toHaveLength(2);

      // a write to a table the report reads: one identification of 2023 less
      await db.query(`DELETE FROM identifications WHERE date = '2023-08-08'`);
      const v2 = (await dataVersionIfQuiet(db)).version;
      expect(v2).not.toBe(v1);
      const n2 = (await storedAnnualReport(db, 2023)).victims.total;
      expect(n2).toBe(n1 - 1);
      const after = await storedReportFile(db, q, () => inputs(db, 2023));
      expect(after.stored).toBe(false);
      expect(after.body.equals(first.body)).toBe(false);
      expect(await pdfText(after.body)).toContain(
        `En 2023 se identificaron ${n2} víctimas de trata de personas`,
      );
      // bounded: the older version's HTML is gone, only the latest data version's files are kept
      expect(await renders(db)).toEqual([{ year: 2023, lang: 'es-MX', format: 'pdf', data_version: v2 }]);
      const html2 = await reportDocument(db, { year: 2023, format: 'html', lang: 'es-MX' });
      expect(html2.stored).toBe(false);
      expect(html2.body).not.toBe(html.body);
      const stored2 = await storedReportFile(db, q, () => inputs(db, 2023));
      expect(stored2.stored).toBe(true);
      expect(stored2.body.equals(after.body)).toBe(true);
      expect((await renderReportFile(await inputs(db, 2023), q)).equals(stored2.body)).toBe(true);

      // another renderer (a deployment that changed the report's code) renders again
      await db.query(`UPDATE report_renders SET renderer = 'older'`);
      expect((await reportDocument(db, { year: 2023, format: 'html', lang: 'es-MX' })).stored).toBe(false);
      expect((await reportDocument(db, { year: 2023, format: 'html', lang: 'es-MX' })).stored).toBe(true);

      // a read replica (store: false) neither reads nor writes files
      const replica = await reportDocument(
        db,
        { year: 2023, format: 'html', lang: 'es-MX' },
        { store: false },
      );
      expect(replica.stored).toBe(false);
    } finally {
      await db.close();
    }
  });

  it("a running server renders the latest year's files ahead: the first download after a write reads a stored file", async () => {
    const db = await open();
    const warnings: string[] = [];
    const refresher = startFiguresRefresher(db, {
      timer: false,
      now: () => new Date('2030-01-01T00:00:00Z'),
      warn: (l) => warnings.push(l),
      files: [
        { lang: 'es-MX', format: 'html' },
        { lang: 'es-MX', format: 'pdf' },
        { lang: 'en-US', format: 'html' },
      ],
    });
    try {
      await insertReportData(db, FIXTURE, curp);
      const latest = Math.max(...FIXTURE.identifications.map((i) => Number(i.date.slice(0, 4))));
      await refresher.tick();
      const v1 = (await dataVersionIfQuiet(db)).version;
      expect(await renders(db)).toEqual([
        { year: latest, lang: 'en-US', format: 'html', data_version: v1 },
        { year: latest, lang: 'es-MX', format: 'html', data_version: v1 },
        { year: latest, lang: 'es-MX', format: 'pdf', data_version: v1 },
      ]);
      const pdf = await reportDocument(db, { year: latest, format: 'pdf', lang: 'es-MX' });
      expect(pdf.stored).toBe(true);
      // a write: the next tick renders the files of the new version, and only those are kept
      await db.query(`DELETE FROM identifications WHERE date = '2023-08-08'`);
      await refresher.tick();
      const v2 = (await dataVersionIfQuiet(db)).version;
      expect((await renders(db)).map((r) => r.data_version)).toEqual([v2, v2, v2]);
      const pdf2 = await reportDocument(db, { year: latest, format: 'pdf', lang: 'es-MX' });
      expect(pdf2.stored).toBe(true);
      expect((pdf2.body as Buffer).equals(pdf.body as Buffer)).toBe(false);
      expect(warnings).toEqual([]);
    } finally {
      await refresher.stop();
      await db.close();
    }
  });
});
