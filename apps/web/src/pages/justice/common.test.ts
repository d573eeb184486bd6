import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en-US.json';
import es from '../../i18n/es-MX.json';
import { articleLabel, recordChoices } from './common.tsx';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'es-MX',
    resources: { 'es-MX': { translation: es }, 'en-US': { translation: en } },
    interpolation: { escapeValue: false },
  });
});

const con = {
  id: 'fgr-fevimtra/red-con-01',
  date: '2026-09-28',
  stateCode: '21',
  primaryForm: 'sexual',
  sentenceMonths: 300,
  reference: 'CP 112/2025',
};

describe('justice labels', () => {
  it('names an exchange record by date, file number, state, form and months — the id is only the value', () => {
    for (const lng of ['es-MX', 'en-US']) {
      const [c] = recordChoices('convictions', [con], i18n.getFixedT(lng) as never);
      expect(c!.value).toBe(con.id);
      expect(c!.label).not.toContain('fgr-fevimtra');
      expect(c!.label).not.toContain('red-con');
      expect(c!.label).toContain('CP 112/2025');
      expect(c!.label).toContain('Puebla');
    }
    const [c] = recordChoices('convictions', [con], i18n.getFixedT('es-MX') as never);
    expect(c!.label).toMatch(
      /^Sentencia del .+ · CP 112\/2025 · Puebla · Explotación sexual · 300 meses de prisión$/,
    );
  });

  it('tells two alike records apart by a number, and an investigation without file number by its date', () => {
    const inv = { ...con, id: 'x/1', reference: null, sentenceMonths: null };
    const list = recordChoices(
      'investigations',
      [inv, { ...inv, id: 'x/2' }],
      i18n.getFixedT('es-MX') as never,
    );
    expect(list[0]!.label).toMatch(/^Investigación abierta el .+ · Puebla · Explotación sexual$/);
    expect(list[1]!.label).toBe(`${list[0]!.label} (2)`);
  });

  it('a charge no longer listed (art. 23 is not an offence) keeps its number, never a bare code', () => {
    expect(articleLabel('23')).toBe('Art. 23');
    expect(articleLabel('32')).toMatch(/^Art\. 32 — /);
  });
});
