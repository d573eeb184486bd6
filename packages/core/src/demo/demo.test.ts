import { describe, expect, it } from 'vitest';
import { isValidCurp } from '../curp.ts';
import { validateFolder } from '../exchange/read.ts';
import { memorySource } from '../exchange/source.ts';
import { generateDemo } from './generate.ts';
import { demoFolder } from './index.ts';

describe('demo dataset', () => {
  const ds = generateDemo();

  it('is deterministic for a seed and differs across seeds', () => {
    expect(demoFolder({ scale: 0.2 })).toEqual(demoFolder({ scale: 0.2 }));
    expect(demoFolder({ scale: 0.2, seed: 7 })['persons.csv']).not.toEqual(
      demoFolder({ scale: 0.2 })['persons.csv'],
    );
  });

  it('is a valid exchange folder', async () => {
    const res = await validateFolder(memorySource(demoFolder()));
    expect(res.errors).toEqual([]);
  });

  it('covers the country: 32 state prosecutors and DIF systems, federal agencies, NGOs, the hotline', () => {
    const states = new Set(
      ds.agencies.filter((a) => a.level === 'state' && a.kind === 'prosecutor').map((a) => a.state_code),
    );
    expect(states.size).toBe(32);
    expect(ds.agencies.filter((a) => a.kind === 'child_protection' && a.level === 'state')).toHaveLength(32);
    expect(ds.agencies.some((a) => a.kind === 'hotline')).toBe(true);
    expect(ds.agencies.filter((a) => a.level === 'ngo').length).toBeGreaterThan(5);
    const years = new Set(ds.identifications.map((i) => i.date.slice(0, 4)));
    expect([...years].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
  });

  it('has thousands of victims, mostly sex trafficking, realistic names and some valid CURPs', () => {
    expect(ds.identifications.length).toBeGreaterThan(3000);
    const sexual =
      ds.identifications.filter((i) => i.primary_form === 'sexual').length / ds.identifications.length;
    expect(sexual).toBeGreaterThan(0.5);
    expect(sexual).toBeLessThan(0.8);
    const persons = ds.persons;
    expect(
      persons.filter((p) => /[áéíóúñÁÉÍÓÚÑ]/.test(`${p.given_names}${p.surname_1}`)).length,
    ).toBeGreaterThan(persons.length / 4);
    expect(persons.some((p) => p.given_names?.includes(' '))).toBe(true);
    const curps = persons.filter((p) => p.curp);
    expect(curps.length).toBeGreaterThan(300);
    expect(curps.every((p) => isValidCurp(p.curp!))).toBe(true);
    expect(persons.some((p) => p.birth_date?.length === 4)).toBe(true);
  });

  it('records some people twice, by two agencies, with variations', () => {
    const key = (p: { surname_1: string | null; birth_date: string | null }) =>
      `${p.surname_1}|${p.birth_date?.slice(0, 4)}`;
    const byKey = new Map<string, Set<string>>();
    for (const p of ds.persons) {
      const k = key(p);
      if (!byKey.has(k)) byKey.set(k, new Set());
      byKey.get(k)!.add(p.agency_id);
    }
    expect([...byKey.values()].filter((s) => s.size > 1).length).toBeGreaterThan(50);
  });
});
