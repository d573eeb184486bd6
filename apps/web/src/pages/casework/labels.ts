/** What people read instead of codes: services, languages, forms, sexes, money, names in sentences. */
import type { TFunction } from 'i18next';
import { currentLocale } from '../../i18n/index.ts';
import type { Reason } from './types.ts';

/**
 * A language's name from its ISO 639-3 code, in the UI language: the catalog's
 * `casework.languageNames.<code>` first (Indigenous languages of Mexico that Intl does not know),
 * then `Intl.DisplayNames`, else the code itself.
 */
export function languageName(code: string, t: TFunction, locale = currentLocale()): string {
  const key = `casework.languageNames.${code}`;
  const own = t(key, { defaultValue: key }); // the key itself when the catalog has no name
  if (own && own !== key) return own;
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(code);
    if (name) return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    // not a valid language tag: fall through to the code
  }
  return code;
}

export const languageList = (codes: readonly string[], t: TFunction) =>
  codes.map((c) => languageName(c, t)).join(', ');

export const serviceList = (codes: readonly string[], t: TFunction) =>
  codes.map((s) => t(`casework.services.${s}`, { defaultValue: s })).join(', ');

const valueList = (codes: readonly string[], t: TFunction) =>
  codes.map((v) => t(`records.values.${v}`, { defaultValue: v })).join(', ');

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === null || v === undefined ? [] : [String(v)];

/** Matching reasons' parameters as labels: services, languages, forms and sexes named, never codes. */
export function reasonParams(reason: Reason, t: TFunction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(reason.params)) {
    if (k === 'services' || k === 'needed') out[k] = serviceList(asList(v), t);
    else if (k === 'language' || k === 'languages') out[k] = languageList(asList(v), t);
    else if (k === 'forms' || k === 'served') out[k] = valueList(asList(v), t);
    else if (k === 'sex')
      out[k] = v === null || v === undefined ? '—' : t(`casework.sex.${v}`, { defaultValue: String(v) });
    else if (Array.isArray(v)) out[k] = v.join(', ');
    else out[k] = v === null || v === undefined ? '—' : String(v);
  }
  return out;
}

/**
 * A name placed at the end of a sentence whose template adds the full stop: a name that already ends
 * with one ("Refugio A.C.") loses it, so the sentence does not end in "A.C..".
 */
export const beforeFullStop = (name: string) => name.trim().replace(/\.+$/, '');

/**
 * Pesos as Mexicans write them, whatever the UI language: "$1,153,265.22 MXN" (es-MX currency format,
 * centavos always, the ISO code after it so the "$" is never read as dollars). Other currencies: Intl.
 */
export function formatMoney(amount: number | string, currency = 'MXN', locale = currentLocale()): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n) || (typeof amount === 'string' && amount.trim() === '')) return String(amount);
  const fmt = (l: string) =>
    new Intl.NumberFormat(l, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
  return currency === 'MXN' ? `${fmt('es-MX').format(n)} MXN` : fmt(locale).format(n);
}
