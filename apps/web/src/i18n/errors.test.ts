import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import enUS from './en-US.json';
import { errorMessage, retryAfterSeconds } from './errors.ts';
import esMX from './es-MX.json';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    resources: { 'es-MX': { translation: esMX }, 'en-US': { translation: enUS } },
    lng: 'es-MX',
    fallbackLng: 'es-MX',
    interpolation: { escapeValue: false },
  });
});

describe('errorMessage', () => {
  it('translates a known code in the current language', async () => {
    const err = new ApiError('invalid_credentials', 'Invalid email or password', 401);
    await i18n.changeLanguage('es-MX');
    expect(errorMessage(i18n, err)).toBe(esMX.errors.invalid_credentials);
    await i18n.changeLanguage('en-US');
    expect(errorMessage(i18n, err)).toBe(enUS.errors.invalid_credentials);
  });

  it("falls back to the server's message for an unknown code", async () => {
    await i18n.changeLanguage('es-MX');
    expect(errorMessage(i18n, new ApiError('brand_new_code', 'Something specific', 409))).toBe(
      'Something specific',
    );
  });

  it('falls back to a generic message when there is neither', async () => {
    await i18n.changeLanguage('en-US');
    expect(errorMessage(i18n, new ApiError('brand_new_code', '', 500))).toBe(enUS.errors.unknown);
    expect(errorMessage(i18n, new TypeError('boom'))).toBe(enUS.errors.unknown);
  });

  it('adds the wait, rounded up to whole minutes, for a locked account', async () => {
    await i18n.changeLanguage('es-MX');
    const err = new ApiError('account_locked', 'Locked', 423, [{ retryAfterSeconds: 61 }]);
    const msg = errorMessage(i18n, err);
    expect(msg.startsWith(esMX.errors.account_locked)).toBe(true);
    expect(msg).toContain('2 min');
  });

  it('reads retryAfterSeconds from an object or a bare number, else null', () => {
    expect(retryAfterSeconds([{ retryAfterSeconds: 30 }])).toBe(30);
    expect(retryAfterSeconds([90])).toBe(90);
    expect(retryAfterSeconds([])).toBeNull();
    expect(retryAfterSeconds([{ other: 1 }])).toBeNull();
    expect(retryAfterSeconds(['x'])).toBeNull();
  });
});
