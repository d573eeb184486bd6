import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, RECORD_COLUMNS } from './cli.ts';
import { parseCsv } from './csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'evaldata-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli', () => {
  it('writes persons.csv, truth.csv and MAP.json for a dedupe set', () => {
    const out = join(dir, 'd');
    expect(main(['--size', '200', '--dup', '0.05', '--seed', '1', '--out', out])).toMatch(
      /200 records, 190 persons/,
    );
    const persons = parseCsv(readFileSync(join(out, 'persons.csv'), 'utf8'));
    expect(persons[0]).toEqual([...RECORD_COLUMNS]);
    expect(persons).toHaveLength(201);
    const truth = parseCsv(readFileSync(join(out, 'truth.csv'), 'utf8'));
    expect(truth[0]!.slice(0, 2)).toEqual(['person_id', 'entity_id']);
    expect(new Set(truth.slice(1).map((r) => r[1])).size).toBe(190);
    const map = JSON.parse(readFileSync(join(out, 'MAP.json'), 'utf8'));
    expect(map.id).toBe('person_id');
    for (const col of Object.values(map.columns)) expect(persons[0]).toContain(col);
    // the same seed writes the same bytes
    const again = join(dir, 'd2');
    main(['--size', '200', '--dup', '0.05', '--seed', '1', '--out', again]);
    expect(readFileSync(join(again, 'persons.csv'), 'utf8')).toBe(
      readFileSync(join(out, 'persons.csv'), 'utf8'),
    );
  });

  it('writes two files with their matches, and scores a linkage result', () => {
    const out = join(dir, 't');
    main(['--two-file', '--left', '100', '--right', '80', '--overlap', '0.5', '--seed', '2', '--out', out]);
    const matches = parseCsv(readFileSync(join(out, 'matches.csv'), 'utf8')).slice(1);
    expect(matches).toHaveLength(40);
    // a perfect result scores 1, an empty one recall 0
    const perfect = join(out, 'perfect.csv');
    writeFileSync(
      perfect,
      `left_id,right_id,match_probability\n${matches.map((m) => `${m[0]},${m[1]},1`).join('\n')}\n`,
    );
    const s = JSON.parse(main(['--score', perfect, '--truth', join(out, 'truth.csv')]));
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(1);
    expect(s.truePairs).toBe(40);
  });

  it('writes a national folder and its truth apart', () => {
    const out = join(dir, 'n');
    main(['--national', '--from', '2022', '--to', '2022', '--scale', '0.1', '--seed', '3', '--out', out]);
    expect(existsSync(join(out, 'folder', 'agencies.csv'))).toBe(true);
    expect(existsSync(join(out, 'folder', 'truth.json'))).toBe(false);
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(Object.keys(truth.reports)).toEqual(['2022']);
    expect(truth.reports['2022'].year).toBe(2022);
  });

  it('refuses bad arguments', () => {
    expect(() => main(['--size', '10', '--dup', '0.1', '--seed', '1'])).toThrow(/--out/);
    expect(() => main(['--dup', '0.1', '--seed', '1', '--out', join(dir, 'x')])).toThrow(/--size/);
    expect(() => main(['--bogus'])).toThrow();
  });
});
