/**
 * Code validators of the exchange format: ISO 3166-1 alpha-3 countries, ISO 639-3 languages,
 * INEGI state codes (the state table is in states.ts, re-exported here).
 */
import countries from 'i18n-iso-countries';
import { iso6393 } from 'iso-639-3';

const ALPHA3 = new Set(Object.keys(countries.getAlpha3Codes()));
/**
 * ISO 639-3 codes, plus `nah` (Nahuatl languages): an ISO 639-2/639-5 collective code that the
 * exchange-format spec itself gives as its example (`spa;nah`), so it must be accepted.
 */
const LANGS = new Set([...iso6393.map((l) => l.iso6393), 'nah']);

/** True for an assigned ISO 3166-1 alpha-3 country code (upper case, e.g. `MEX`). */
export function isIso3166Alpha3(code: string): boolean {
  return code.length === 3 && ALPHA3.has(code);
}

/** True for an ISO 639-3 language code (lower case, e.g. `spa`, `nah`, `tzo`). */
export function isIso6393(code: string): boolean {
  return code.length === 3 && LANGS.has(code);
}

export { INEGI_STATES, type InegiState, inegiState, isInegiState } from './states.ts';
