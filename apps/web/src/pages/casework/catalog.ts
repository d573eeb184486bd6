/**
 * Choices of the case page: codes are what the API stores (ISO 639-3 languages, ISO 3166-1 alpha-3 countries);
 * people only ever see names (`casework.languageNames.*` or Intl, Intl region names).
 */

import type { TFunction } from 'i18next';
import { fold } from '../providers/catalog.ts';
import { languageName } from './labels.ts';

/**
 * Languages a person may speak, Spanish first, then the Indigenous languages of Mexico by number of speakers
 * (INEGI census 2020), those of Central American migrants, then others. Codes are ISO 639-3 (`nah` is the
 * collective code the exchange format accepts): Tseltal `tzh`, Otomí `ote`, Totonaco `top`, Mazateco `mau`.
 */
export const CASE_LANGUAGES = [
  'spa',
  'nah',
  'yua',
  'tzh',
  'tzo',
  'mix',
  'zap',
  'ote',
  'top',
  'mau',
  'ctu',
  'hus',
  'maz',
  'tsz',
  'mto',
  'chz',
  'tcf',
  'tar',
  'amu',
  'trc',
  'toj',
  'hch',
  'ctp',
  'zoh',
  'chf',
  'cux',
  'yaq',
  'mfy',
  'crn',
  'quc',
  'mam',
  'kek',
  'kjb',
  'cab',
  'eng',
  'fra',
  'por',
  'hat',
] as const;

/** Nationalities (ISO 3166-1 alpha-3, with alpha-2 for Intl.DisplayNames). */
export const NATIONALITIES: readonly { code: string; region: string }[] = [
  { code: 'MEX', region: 'MX' },
  { code: 'GTM', region: 'GT' },
  { code: 'HND', region: 'HN' },
  { code: 'SLV', region: 'SV' },
  { code: 'NIC', region: 'NI' },
  { code: 'CRI', region: 'CR' },
  { code: 'PAN', region: 'PA' },
  { code: 'BLZ', region: 'BZ' },
  { code: 'CUB', region: 'CU' },
  { code: 'HTI', region: 'HT' },
  { code: 'DOM', region: 'DO' },
  { code: 'VEN', region: 'VE' },
  { code: 'COL', region: 'CO' },
  { code: 'ECU', region: 'EC' },
  { code: 'PER', region: 'PE' },
  { code: 'BOL', region: 'BO' },
  { code: 'BRA', region: 'BR' },
  { code: 'ARG', region: 'AR' },
  { code: 'CHL', region: 'CL' },
  { code: 'USA', region: 'US' },
  { code: 'CAN', region: 'CA' },
  { code: 'CHN', region: 'CN' },
  { code: 'IND', region: 'IN' },
  { code: 'BGD', region: 'BD' },
  { code: 'NPL', region: 'NP' },
  { code: 'AFG', region: 'AF' },
  { code: 'CMR', region: 'CM' },
  { code: 'GHA', region: 'GH' },
  { code: 'SEN', region: 'SN' },
  { code: 'UKR', region: 'UA' },
  { code: 'RUS', region: 'RU' },
  { code: 'PHL', region: 'PH' },
];

export function countryName(code: string, locale: string): string {
  const region = NATIONALITIES.find((n) => n.code === code)?.region;
  if (!region) return code;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(region) ?? code;
  } catch {
    return code;
  }
}

/** The languages offered, named in the UI language, sorted as listed (Spanish and Indigenous languages first). */
export function languageChoices(t: TFunction): { code: string; name: string }[] {
  return CASE_LANGUAGES.map((code) => ({ code, name: languageName(code, t) }));
}

/** The code of the language whose name is typed (accents and case ignored), if exactly one fits. */
export function languageByName(
  text: string,
  choices: readonly { code: string; name: string }[],
): string | null {
  const q = fold(text.trim());
  if (!q) return null;
  const exact = choices.find((c) => fold(c.name) === q);
  if (exact) return exact.code;
  const starts = choices.filter((c) => fold(c.name).startsWith(q));
  return starts.length === 1 ? starts[0]!.code : null;
}

/** A fresh id for a plan goal, task or follow-up. */
export const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID().slice(0, 12)
    : Math.random().toString(36).slice(2, 14);

/**
 * An amount of pesos as typed ("1153265.22", "1,153,265.22", "$1,153,265.22 MXN", "1 500") into the API's
 * form ("1153265.22"); null when it is not an amount with at most two decimals.
 */
export function parseMoneyInput(text: string): string | null {
  const s = text
    .trim()
    .replace(/^\$\s*/, '')
    .replace(/\s*(MXN|mxn)$/, '')
    .replace(/\s*(MXN|mxn)$/, '');
  if (!/^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$|^\d{1,3}( \d{3})*(\.\d{1,2})?$/.test(s)) return null;
  const plain = s.replace(/[ ,]/g, '').replace(/^0+(?=\d)/, '');
  return /^\d{1,14}(\.\d{1,2})?$/.test(plain) ? plain : null;
}
