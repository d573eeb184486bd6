import { describe, expect, it } from 'vitest';
import { INEGI_STATES, isIso3166Alpha3, isIso6393 } from '../codes.ts';
import { isValidCurp } from '../curp.ts';
import { validateFolder } from '../exchange/read.ts';
import { memorySource } from '../exchange/source.ts';
import { municipio } from '../matching/geo.ts';
import { matchProviders, ProviderProfile } from '../matching/match.ts';
import { generateDemo } from './generate.ts';
import { demoFolder } from './index.ts';
import { type DemoProvider, demoProviders } from './providers.ts';

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

describe('demo provider directory', () => {
  const providers = demoProviders();
  const profile = (p: DemoProvider) =>
    ProviderProfile.parse({
      id: p.agencyId,
      name: p.name,
      services: p.services,
      eligibility: p.eligibility,
      languages: p.languages,
      coverage: p.coverage,
      municipality: p.municipality,
      remote: p.remote,
      capacity: p.capacity,
      acceptingReferrals: p.acceptingReferrals,
    });

  it('has 40+ providers of every kind in 15+ states, with real INEGI municipalities and valid codes', () => {
    expect(providers.length).toBeGreaterThanOrEqual(40);
    expect(new Set(providers.map((p) => p.agencyId)).size).toBe(providers.length);
    expect(new Set(providers.map((p) => p.staff.email)).size).toBe(providers.length);
    const kinds = new Set(providers.map((p) => p.kind));
    for (const k of [
      'shelter_ngo',
      'shelter_dif',
      'medical',
      'legal',
      'psychological',
      'interpreters',
      'labour',
      'migrants',
      'us_partner',
    ])
      expect(kinds.has(k as DemoProvider['kind'])).toBe(true);
    const states = new Set(providers.flatMap((p) => (p.municipality ? [p.municipality.slice(0, 2)] : [])));
    expect(states.size).toBeGreaterThanOrEqual(15);
    for (const p of providers) {
      expect(() => profile(p), p.agencyId).not.toThrow();
      if (p.municipality) expect(municipio(p.municipality), p.municipality).toBeDefined();
      expect(p.address.length).toBeGreaterThan(10);
      expect(p.languages.every(isIso6393)).toBe(true);
      expect(p.eligibility.nationalities.every(isIso3166Alpha3)).toBe(true);
      for (const s of p.coverage.states) expect(INEGI_STATES.some((x) => x.code === s)).toBe(true);
      if (p.services.includes('shelter')) {
        expect(p.capacity).not.toBeNull();
        expect(p.capacity!.free).toBeLessThanOrEqual(p.capacity!.total);
      } else expect(p.capacity).toBeNull();
    }
    // interpreters for the Indigenous languages most often met (ISO 639-3: Tzeltal is tzh, Yucatec Maya yua)
    const interpreted = new Set(
      providers.filter((p) => p.services.includes('interpretation')).flatMap((p) => p.languages),
    );
    for (const l of ['nah', 'tzo', 'tzh', 'mix', 'zap', 'yua']) expect(interpreted.has(l), l).toBe(true);
    expect(providers.filter((p) => p.municipality === null).length).toBeGreaterThanOrEqual(2); // US partners
  });

  it('is deterministic for a seed; the seed changes capacities and addresses, not the directory', () => {
    expect(demoProviders()).toEqual(providers);
    const other = demoProviders({ seed: 7 });
    expect(other.map((p) => p.name)).toEqual(providers.map((p) => p.name));
    expect(other.map((p) => p.address)).not.toEqual(providers.map((p) => p.address));
  });

  it('each provider agency is an agency of the demo dataset', () => {
    const ids = new Set(generateDemo({ scale: 0.01 }).agencies.map((a) => a.agency_id));
    expect(providers.filter((p) => !ids.has(p.agencyId))).toEqual([]);
  });

  it('matching on the directory: shelter for a woman in Mexico City, Nahuatl for a Nahuatl speaker', () => {
    const all = providers.map(profile);
    const woman = matchProviders(all, {
      services: ['shelter'],
      sex: 'female',
      age: 24,
      languages: ['spa'],
      municipality: '09015',
    });
    expect(woman.ranked.length).toBeGreaterThanOrEqual(2);
    expect(woman.ranked[0]!.reasons.some((r) => r.code === 'free_places')).toBe(true);
    const nahuatl = matchProviders(all, {
      services: ['interpretation', 'psychological'],
      sex: 'female',
      age: 31,
      languages: ['nah'],
      municipality: '12066',
    });
    expect(nahuatl.ranked.length).toBeGreaterThan(0);
    const top = all.find((p) => p.id === nahuatl.ranked[0]!.providerId)!;
    expect(top.languages).toContain('nah');
    // a man needing shelter in Ciudad Juárez finds the men's shelter; the women's shelters are excluded
    const man = matchProviders(all, { services: ['shelter'], sex: 'male', age: 35, municipality: '08037' });
    expect(man.ranked.map((r) => r.providerId)).toContain('ong-paso-firme-chih');
  });
});
