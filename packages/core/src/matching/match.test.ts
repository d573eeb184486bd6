import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERVICES, SEXES } from '../taxonomy.ts';
import { haversineKm, municipio, municipioDistanceKm, municipios } from './geo.ts';
import { matchProviders, type ProviderProfile, ProviderProfile as ProviderSchema } from './match.ts';

const provider = (p: Partial<ProviderProfile> & { id: string }): ProviderProfile =>
  ProviderSchema.parse({
    name: p.id,
    services: ['shelter', 'psychological'],
    eligibility: {},
    languages: ['spa'],
    coverage: { states: ['07'] },
    municipality: '07101', // Tuxtla Gutiérrez
    capacity: { total: 10, free: 3 },
    ...p,
  });

describe('geography', () => {
  it('loads 2,457 INEGI municipalities', () => {
    expect(municipios().size).toBe(2457);
    expect(municipio('09015')?.name).toBe('Cuauhtémoc');
  });

  it('measures great-circle distances between centroids', () => {
    // Tuxtla Gutiérrez to San Cristóbal de las Casas: roughly 45-60 km apart.
    const km = municipioDistanceKm('07101', '07078')!;
    expect(km).toBeGreaterThan(40);
    expect(km).toBeLessThan(65);
    // Tijuana to Mérida: about 2,970 km as the crow flies.
    expect(municipioDistanceKm('02004', '31050')!).toBeGreaterThan(2800);
    expect(municipioDistanceKm('02004', '31050')!).toBeLessThan(3200);
    expect(municipioDistanceKm('99999', '07101')).toBeNull();
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 3);
  });
});

describe('matching', () => {
  const needs = {
    services: ['shelter' as const],
    sex: 'male' as const,
    age: 34,
    forms: ['forced_labor' as const],
    languages: ['nah', 'spa'],
    municipality: '07078',
  };

  it('excludes with a reason per provider: no male places, no Nahuatl speaker, full, too far', () => {
    const r = matchProviders(
      [
        provider({ id: 'women-only', eligibility: { sexes: ['female'] } as never }),
        provider({ id: 'no-nahuatl', languages: ['tzo'] }),
        provider({ id: 'full', capacity: { total: 8, free: 0 } }),
        provider({
          id: 'far',
          municipality: '02004',
          coverage: { nationwide: true, states: [], municipalities: [] },
        }),
        provider({ id: 'good-nah', languages: ['nah', 'spa'] }),
        provider({ id: 'good-spa' }),
      ],
      needs,
    );
    const ex = Object.fromEntries(r.excluded.map((e) => [e.providerId, e.reasons.map((x) => x.code)]));
    expect(ex).toEqual({
      'women-only': ['sex_not_served'],
      'no-nahuatl': ['no_common_language'],
      full: ['full'],
      far: ['too_far'],
    });
    expect(r.ranked.map((x) => x.providerId)).toEqual(['good-nah', 'good-spa']);
    expect(r.ranked[0]!.reasons.map((x) => x.code)).toContain('speaks_first_language');
    expect(r.ranked[1]!.reasons.map((x) => x.code)).toContain('speaks_common_language');
    expect(r.ranked[0]!.distanceKm).toBeGreaterThan(40);
  });

  it('reports every reason of an exclusion, not just the first', () => {
    const r = matchProviders(
      [provider({ id: 'x', services: ['legal'], eligibility: { sexes: ['female'], maxAge: 17 } as never })],
      needs,
    );
    expect(r.excluded[0]!.reasons.map((x) => x.code)).toEqual([
      'no_needed_service',
      'sex_not_served',
      'age_out_of_range',
    ]);
  });

  const arbProvider = fc
    .record({
      id: fc.uuid(),
      services: fc.subarray([...SERVICES], { minLength: 1 }),
      sexes: fc.subarray([...SEXES]),
      languages: fc.subarray(['spa', 'nah', 'eng', 'tzo'], { minLength: 1 }),
      state: fc.constantFrom('07', '09', '20'),
      municipality: fc.constantFrom('07078', '07101', '09015', '20067'),
      free: fc.integer({ min: 0, max: 5 }),
      remote: fc.boolean(),
    })
    .map((p) =>
      provider({
        id: p.id,
        services: p.services,
        eligibility: { sexes: p.sexes } as never,
        languages: p.languages,
        coverage: { nationwide: false, states: [p.state], municipalities: [] },
        municipality: p.municipality,
        capacity: { total: 5, free: p.free },
        remote: p.remote,
      }),
    );
  const arbNeeds = fc.record({
    services: fc.subarray([...SERVICES], { minLength: 1 }),
    sex: fc.constantFrom(...SEXES),
    languages: fc.subarray(['spa', 'nah', 'eng']),
    municipality: fc.constantFrom('07078', '09015', '20067'),
    maxDistanceKm: fc.integer({ min: 10, max: 2000 }),
  });

  it('every provider is either ranked or excluded with a reason, and ranking is ordered and order-independent', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbProvider, { selector: (p) => p.id, maxLength: 12 }),
        arbNeeds,
        (ps, n) => {
          const r = matchProviders(ps, n);
          const ids = [...r.ranked.map((x) => x.providerId), ...r.excluded.map((x) => x.providerId)].sort();
          expect(ids).toEqual(ps.map((p) => p.id).sort());
          for (const e of r.excluded) expect(e.reasons.length).toBeGreaterThan(0);
          r.ranked.forEach((x, i) => {
            expect(x.rank).toBe(i + 1);
            if (i > 0) expect(r.ranked[i - 1]!.score).toBeGreaterThanOrEqual(x.score);
            const p = ps.find((q) => q.id === x.providerId)!;
            // Eligible means: offers a needed service, serves the sex, shares a language, has room.
            expect(p.services.some((s) => n.services.includes(s))).toBe(true);
            if (p.eligibility.sexes.length > 0) expect(p.eligibility.sexes).toContain(n.sex);
            if (n.languages.length > 0) expect(p.languages.some((l) => n.languages.includes(l))).toBe(true);
            if (n.services.includes('shelter') && p.services.includes('shelter'))
              expect(p.capacity!.free).toBeGreaterThan(0);
            if (!p.remote && x.distanceKm !== null) expect(x.distanceKm).toBeLessThanOrEqual(n.maxDistanceKm);
          });
          const reversed = matchProviders([...ps].reverse(), n);
          expect(reversed).toEqual(r);
        },
      ),
      { numRuns: 200 },
    );
  });
});
