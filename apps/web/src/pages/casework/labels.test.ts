import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en-US.json';
import es from '../../i18n/es-MX.json';
import { beforeFullStop, formatMoney, languageName, reasonParams } from './labels.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'es-MX',
    resources: { 'es-MX': { translation: es }, 'en-US': { translation: en } },
    interpolation: { escapeValue: false },
  });
});

describe('case-work labels', () => {
  it('names languages: Indigenous languages from the catalog, others from Intl, unknown codes as is', async () => {
    const t = i18n.getFixedT('es-MX');
    expect(
      ['nah', 'tzo', 'tzh', 'yua', 'zap', 'mix', 'ote', 'maz', 'tar', 'top', 'mau', 'ctu'].map((c) =>
        languageName(c, t, 'es-MX'),
      ),
    ).toEqual([
      'Náhuatl',
      'Tsotsil',
      'Tseltal',
      'Maya',
      'Zapoteco',
      'Mixteco',
      'Otomí',
      'Mazahua',
      'Rarámuri (tarahumara)',
      'Totonaco',
      'Mazateco',
      'Chol (ch’ol)',
    ]);
    expect(languageName('spa', t, 'es-MX')).toBe('Español');
    expect(languageName('eng', i18n.getFixedT('en-US'), 'en-US')).toBe('English');
    expect(languageName('nah', i18n.getFixedT('en-US'), 'en-US')).toBe('Nahuatl');
    expect(languageName('qqq', t, 'es-MX')).toBe('qqq');
  });

  it('turns matching reasons into labels, never codes', () => {
    const t = i18n.getFixedT('es-MX');
    const offers = reasonParams({ code: 'offers_services', params: { services: ['shelter', 'legal'] } }, t);
    expect(offers.services).toBe(`${es.casework.services.shelter}, ${es.casework.services.legal}`);
    expect(reasonParams({ code: 'speaks_first_language', params: { language: 'spa' } }, t).language).toBe(
      'Español',
    );
    expect(reasonParams({ code: 'sex_not_served', params: { sex: 'male', served: ['female'] } }, t).sex).toBe(
      es.casework.sex.male,
    );
    expect(reasonParams({ code: 'distance_km', params: { km: 12 } }, t).km).toBe('12');
  });

  it('drops a name’s own full stop before the sentence’s, and formats pesos', () => {
    expect(beforeFullStop('Refugio Esperanza A.C.')).toBe('Refugio Esperanza A.C');
    expect(beforeFullStop('Casa Q')).toBe('Casa Q');
    expect(formatMoney('1153265.22', 'MXN', 'es-MX')).toBe('$1,153,265.22 MXN');
    expect(formatMoney(1153265.22, 'MXN', 'en-US')).toBe('$1,153,265.22 MXN');
    expect(formatMoney('100000', 'MXN')).toBe('$100,000.00 MXN');
    expect(formatMoney('abc')).toBe('abc');
  });
});
