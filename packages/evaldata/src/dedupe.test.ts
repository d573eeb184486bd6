import { isValidCurp } from '@enlace/core/curp';
import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from './corrupt.ts';
import { dedupeSet, twoFileSet } from './dedupe.ts';
import type { TruePerson } from './person.ts';
import { givenParts, withoutParticles } from './text.ts';

describe('dedupeSet', () => {
  it('is deterministic by seed', () => {
    const a = dedupeSet({ size: 300, duplicateRate: 0.1, seed: 42 });
    const b = dedupeSet({ size: 300, duplicateRate: 0.1, seed: 42 });
    const c = dedupeSet({ size: 300, duplicateRate: 0.1, seed: 43 });
    expect(JSON.stringify(b.records)).toBe(JSON.stringify(a.records));
    expect(JSON.stringify(b.truth)).toBe(JSON.stringify(a.truth));
    expect(JSON.stringify(c.records)).not.toBe(JSON.stringify(a.records));
  });

  it.each([
    [200, 0.01],
    [200, 0.25],
    [2000, 0.01],
    [2000, 0.05],
    [2000, 0.25],
  ])('size %i at duplicate rate %f: exactly that share of records are extra copies', (size, rate) => {
    const d = dedupeSet({ size, duplicateRate: rate, seed: size + rate * 1000 });
    expect(d.records).toHaveLength(size);
    expect(d.truth).toHaveLength(size);
    const entities = new Set(d.truth.map((t) => t.entity_id));
    expect(size - entities.size).toBe(Math.round(size * rate));
    expect(d.stats.duplicateRate).toBeCloseTo(Math.round(size * rate) / size, 10);
    expect(entities.size).toBe(d.persons.length);
    // ids unique, truth in record order
    expect(new Set(d.records.map((r) => r.person_id)).size).toBe(size);
    d.records.forEach((r, i) => {
      expect(d.truth[i]!.person_id).toBe(r.person_id);
    });
  });

  it('writes valid CURPs only and names within the limits', () => {
    const d = dedupeSet({ size: 2000, duplicateRate: 0.25, seed: 5, noise: 3 });
    for (const r of d.records) {
      if (r.curp) expect(isValidCurp(r.curp), r.curp).toBe(true);
      expect(r.given_names.trim().length).toBeGreaterThan(0);
      expect(r.surname_1.trim().length).toBeGreaterThan(0);
      for (const f of [r.given_names, r.surname_1, r.surname_2])
        expect(f.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
      expect(r.birth_date).toMatch(/^(\d{4}(-\d{2}(-\d{2})?)?)?$/);
    }
    for (const p of d.persons) if (p.curp) expect(isValidCurp(p.curp)).toBe(true);
    expect(new Set(d.persons.map((p) => p.curp).filter(Boolean)).size).toBe(
      d.persons.filter((p) => p.curp).length,
    );
  });

  it('applies the corruptions it documents', () => {
    const d = dedupeSet({ size: 5000, duplicateRate: 0.25, seed: 9 });
    for (const tag of [
      'given:nickname',
      'given:dropped_one',
      'given:typo_keyboard',
      'given:typo_phonetic',
      'given:typo_ocr',
      'surnames:swapped',
      'surname_2:missing',
      'surnames:maternal_as_first',
      'birth:day_month_swap',
      'birth:year_off_by_one',
      'birth:from_age',
      'birth:year_only',
      'curp:one_wrong_char',
      'text:no_accents',
      'text:upper',
    ])
      expect(d.stats.corruptions[tag] ?? 0, tag).toBeGreaterThan(0);
  });

  it('hard negatives are distinct persons who look alike as stated', () => {
    const d = dedupeSet({ size: 4000, duplicateRate: 0.05, seed: 11, hardNegativeShare: 0.2 });
    const byId = new Map(d.persons.map((p) => [p.entityId, p]));
    const kinds = new Set(d.families.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['cousins', 'namesakes', 'parent_child', 'siblings', 'twins']);
    const inGroups = d.persons.filter((p) => p.familyId).length;
    expect(inGroups / d.persons.length).toBeGreaterThan(0.18);
    expect(inGroups / d.persons.length).toBeLessThan(0.22);
    for (const f of d.families) {
      const m = f.entityIds.map((id) => byId.get(id)!) as TruePerson[];
      expect(new Set(f.entityIds).size).toBe(m.length);
      expect(m.length).toBeGreaterThanOrEqual(2);
      const [a, b] = m as [TruePerson, TruePerson];
      for (const p of m) expect(p.state).toBe(a.state);
      switch (f.kind) {
        case 'siblings':
          for (const p of m.slice(1)) {
            expect([p.surname1, p.surname2]).toEqual([a.surname1, a.surname2]);
            expect(p.givenNames).not.toBe(a.givenNames);
            const gapDays = Math.abs(Date.parse(p.birthDate) - Date.parse(a.birthDate)) / 86_400_000;
            expect(gapDays).toBeGreaterThan(240);
            expect(gapDays).toBeLessThan(9 * 366 + 61);
          }
          break;
        case 'twins':
          expect(b.birthDate).toBe(a.birthDate);
          expect([b.surname1, b.surname2]).toEqual([a.surname1, a.surname2]);
          expect(b.givenNames).not.toBe(a.givenNames);
          break;
        case 'namesakes':
          for (const p of m.slice(1)) {
            expect([p.givenNames, p.surname1, p.surname2]).toEqual([a.givenNames, a.surname1, a.surname2]);
            expect(p.birthDate !== a.birthDate || p.curp !== a.curp).toBe(true);
          }
          break;
        case 'parent_child': {
          const childAge = (Date.parse(a.birthDate) - Date.parse(b.birthDate)) / (365.25 * 86_400_000);
          expect(-childAge).toBeGreaterThan(15);
          const parentParts = givenParts(a.givenNames).map(withoutParticles);
          const childParts = givenParts(b.givenNames).map(withoutParticles);
          expect(childParts.some((x) => parentParts.includes(x))).toBe(true);
          if (a.relation === 'mother') expect(b.surname2).toBe(a.surname1);
          else expect(b.surname1).toBe(a.surname1);
          break;
        }
        case 'cousins':
          expect(b.surname1 === a.surname1 || b.surname2 === a.surname2).toBe(true);
          expect([b.surname1, b.surname2]).not.toEqual([a.surname1, a.surname2]);
          break;
      }
    }
  });

  it('generates 20,000 records quickly', () => {
    // CPU time, not the wall clock: other processes on a busy machine do not make it fail.
    const t = process.cpuUsage();
    const d = dedupeSet({ size: 20_000, duplicateRate: 0.05, seed: 3 });
    expect(d.records).toHaveLength(20_000);
    const cpu = process.cpuUsage(t);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(8000);
  });
});

describe('twoFileSet', () => {
  it('links one to one with the stated overlap, deterministically', () => {
    const opts = { sizeLeft: 600, sizeRight: 400, overlap: 0.3, seed: 8 };
    const d = twoFileSet(opts);
    expect(d.left).toHaveLength(600);
    expect(d.right).toHaveLength(400);
    expect(d.matches).toHaveLength(120);
    const leftIds = new Set(d.left.map((r) => r.person_id));
    const rightIds = new Set(d.right.map((r) => r.person_id));
    expect(new Set(d.matches.map((m) => m[0])).size).toBe(120);
    expect(new Set(d.matches.map((m) => m[1])).size).toBe(120);
    const entity = new Map(d.truth.map((t) => [t.person_id, t.entity_id]));
    for (const [l, r] of d.matches) {
      expect(leftIds.has(l) && rightIds.has(r)).toBe(true);
      expect(entity.get(l)).toBe(entity.get(r));
    }
    expect(JSON.stringify(twoFileSet(opts).right)).toBe(JSON.stringify(d.right));
    expect(() => twoFileSet({ sizeLeft: 10, sizeRight: 100, overlap: 0.5, seed: 1 })).toThrow();
  });
});
