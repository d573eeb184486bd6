import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_LANGUAGES, languageByName, parseMoneyInput } from './catalog.ts';
import { formatMoney } from './labels.ts';

describe('parseMoneyInput', () => {
  it('reads pesos as people type them', () => {
    expect(parseMoneyInput('1153265.22')).toBe('1153265.22');
    expect(parseMoneyInput('1,153,265.22')).toBe('1153265.22');
    expect(parseMoneyInput('$1,153,265.22 MXN')).toBe('1153265.22');
    expect(parseMoneyInput('1 500')).toBe('1500');
    expect(parseMoneyInput('0.5')).toBe('0.5');
    for (const bad of ['', 'abc', '1,15,3', '12.345', '-5', '1.153.265,22', '$'])
      expect(parseMoneyInput(bad), bad).toBeNull();
  });

  it('property: what formatMoney shows reads back as the same centavos', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_99n }), (cents) => {
        const plain = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
        const shown = formatMoney(plain, 'MXN', 'es-MX');
        const back = parseMoneyInput(shown);
        expect(back).not.toBeNull();
        const [i, d = ''] = back!.split('.');
        expect(BigInt(i!) * 100n + BigInt(d.padEnd(2, '0'))).toBe(cents);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('languageByName', () => {
  const choices = [
    { code: 'tzh', name: 'Tseltal' },
    { code: 'tzo', name: 'Tsotsil' },
    { code: 'nah', name: 'Náhuatl' },
  ];
  it('finds a language by its name, accents and case ignored, or an unambiguous beginning', () => {
    expect(languageByName('nahuatl', choices)).toBe('nah');
    expect(languageByName('Tsel', choices)).toBe('tzh');
    expect(languageByName('Ts', choices)).toBeNull();
    expect(languageByName('', choices)).toBeNull();
  });
  it('offers no language twice', () => {
    expect(new Set(CASE_LANGUAGES).size).toBe(CASE_LANGUAGES.length);
  });
});
