import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { justiceAnnexHtml, justiceDurationFigures } from './justice-annex.ts';

/** The report's annex on the justice chain: national durations of the year, a median only from k chains. */
describe.each(testDatabases().map((d) => [d.name, d] as [string, TestDatabase]))(
  'justice annex on %s',
  (_n, d) => {
    let db: Db;
    beforeAll(async () => {
      db = await d.open();
      await db.query(
        "INSERT INTO agencies (id, name, level, kind, state_code, country) VALUES ('ja', 'Fiscalía A', 'state', 'prosecutor', '09', 'MEX')",
      );
      // 12 chains charged in 2024 after 100 + i days, sentenced in 2025 after 300 + i more days
      for (let i = 0; i < 12; i++) {
        const id = `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`;
        const opened = new Date(Date.UTC(2024, 0, 1));
        const charged = new Date(opened.getTime() + (100 + i) * 86_400_000);
        const sentenced = new Date(charged.getTime() + (300 + i) * 86_400_000);
        const iso = (x: Date) => x.toISOString().slice(0, 10);
        await db.query(
          `INSERT INTO jd_stages (id, agency_id, chain_id, stage, started_on) VALUES ($1, 'ja', $1, 'investigation', $2)`,
          [id, iso(opened)],
        );
        await db.query(
          `INSERT INTO jd_stages (agency_id, chain_id, stage, started_on) VALUES ('ja', $1, 'prosecution', $2), ('ja', $1, 'sentence', $3)`,
          [id, iso(charged), iso(sentenced)],
        );
      }
    }, 120_000);
    afterAll(async () => db?.close());

    it('gives the medians of the year and hides them below k', async () => {
      const f2024 = await justiceDurationFigures(db, 2024);
      expect(f2024.openingToCharge).toEqual({ count: 12, medianDays: 105, p25Days: 102, p75Days: 108 });
      expect(f2024.chargeToSentence.count).toBe(0);
      const f2025 = await justiceDurationFigures(db, 2025);
      expect(f2025.chargeToSentence.medianDays).toBe(305);
      const html = justiceAnnexHtml(f2024, 'es-MX');
      expect(html).toContain('Duración de la cadena de justicia');
      expect(html).toContain('<td>105</td>');
      // k = 13: 12 chains are too few, no median
      const hidden = justiceAnnexHtml(f2024, 'en-US', 13);
      expect(hidden).toContain('fewer than 13');
      expect(hidden).not.toContain('105');
      expect(justiceAnnexHtml(await justiceDurationFigures(db, 2030), 'es-MX')).toBe('');
    });
  },
);
