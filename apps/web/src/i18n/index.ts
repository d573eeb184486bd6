import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types.ts';
import esMX from './es-MX.json';

export const LOCALES: readonly Locale[] = ['es-MX', 'en-US'];
export const DEFAULT_LOCALE: Locale = 'es-MX';
export const LOCALE_STORAGE_KEY = 'enlace.locale';

/** es-MX ships in the main bundle; other catalogs load on demand (kept out of the first download). */
const loaders: Record<Locale, () => Promise<Record<string, unknown>>> = {
  'es-MX': async () => esMX,
  'en-US': async () => (await import('./en-US.json')).default,
};

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

async function ensureLoaded(instance: i18n, locale: Locale): Promise<void> {
  if (instance.hasResourceBundle(locale, 'translation')) return;
  instance.addResourceBundle(locale, 'translation', await loaders[locale](), true, true);
}

function applyDocumentLocale(locale: Locale): void {
  document.documentElement.lang = locale;
}

/** Initialises i18next with the stored language (or es-MX) before the first render. */
export async function initI18n(): Promise<i18n> {
  const locale = storedLocale() ?? DEFAULT_LOCALE;
  await i18next.use(initReactI18next).init({
    resources: { 'es-MX': { translation: esMX } },
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    load: 'currentOnly',
    returnEmptyString: false,
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  if (locale !== DEFAULT_LOCALE) await setLocale(locale, { persist: false });
  else applyDocumentLocale(locale);
  return i18next;
}

/** Switches the UI language, loads its catalog if needed, updates <html lang> and remembers the choice. */
export async function setLocale(locale: Locale, opts: { persist?: boolean } = {}): Promise<void> {
  // Remembered first, before the catalog loads: a reload right after the choice keeps it.
  if (opts.persist ?? true) {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // Storage may be unavailable (private mode); the switch still applies to this page.
    }
  }
  await ensureLoaded(i18next, locale);
  await i18next.changeLanguage(locale);
  applyDocumentLocale(locale);
}

export function currentLocale(): Locale {
  const l = i18next.resolvedLanguage ?? i18next.language;
  return isLocale(l) ? l : DEFAULT_LOCALE;
}
