import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldOf, fold, parseMunicipios } from './catalog.ts';

describe('listing catalog', () => {
  it('reads every INEGI municipality, quoted names included', () => {
    const all = parseMunicipios(
      readFileSync(
        new URL('../../../../../packages/core/data/municipios_centroids.csv', import.meta.url),
        'utf8',
      ),
    );
    expect(all.length).toBe(2457);
    expect(all.find((m) => m.code === '07078')).toEqual({
      code: '07078',
      name: 'San Cristóbal de las Casas',
      stateCode: '07',
    });
    expect(all.find((m) => m.code === '20549')?.name).toContain('Cuna de la Independencia');
    expect(fold('San Cristóbal')).toBe('san cristobal');
  });

  it('maps API error paths to form fields', () => {
    expect(fieldOf('capacity.free')).toBe('free');
    expect(fieldOf('capacity')).toBe('total');
    expect(fieldOf('eligibility.minAge')).toBe('minAge');
    expect(fieldOf('eligibility.nationalities.0')).toBe('nationalities');
    expect(fieldOf('coverage.states.2')).toBe('states');
    expect(fieldOf('referralContact')).toBe('referralContact');
  });
});
