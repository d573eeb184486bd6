/**
 * Text catalogs of the public tip page (/denuncia), one JSON file per language in ./catalogs.
 *
 * es-MX and en-US are complete (a test checks both have every key). The catalogs of Indigenous languages hold
 * every key with `{ text, status }`: a string is shown in that language only once a native speaker reviewed it
 * (`status: "reviewed"`); until then (empty text, or `awaiting_native_review`) the Spanish string is shown,
 * marked with `lang="es-MX"`, and the page says that the translation awaits review. Nothing machine-translated is
 * ever presented as final.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'catalogs');

/** Page languages: BCP 47 tags (the Indigenous ones are ISO 639-3 codes, also valid BCP 47). */
export const PAGE_LANGUAGES = ['es-MX', 'en-US', 'nah', 'yua', 'tzo', 'tzh', 'mix', 'zap'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: PageLanguage = 'es-MX';
/** The contact language preselected in the form for each page language (ISO 639-3). */
export const CONTACT_LANGUAGE: Record<PageLanguage, string> = {
  'es-MX': 'spa',
  'en-US': 'eng',
  nah: 'nah',
  yua: 'yua',
  tzo: 'tzo',
  tzh: 'tzh',
  mix: 'mix',
  zap: 'zap',
};

const Flat = z.record(z.string(), z.string());
export const ReviewStatus = z.enum(['awaiting_native_review', 'reviewed']);
export const PendingCatalog = z.strictObject({
  language: z.string(),
  about: z.string(),
  strings: z.record(
    z.string(),
    z.strictObject({ text: z.string(), status: ReviewStatus, reviewer: z.string().optional() }),
  ),
});
export type PendingCatalog = z.infer<typeof PendingCatalog>;

const readJson = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

export const ES = Flat.parse(readJson('es-MX.json'));
export const EN = Flat.parse(readJson('en-US.json'));
export const PENDING: Record<string, PendingCatalog> = Object.fromEntries(
  PAGE_LANGUAGES.filter((l) => l !== 'es-MX' && l !== 'en-US').map((l) => [
    l,
    PendingCatalog.parse(readJson(`${l}.json`)),
  ]),
);

export type Key = keyof typeof ES & string;

export interface Text {
  text: string;
  /** The language the text is actually in (differs from the page's when it fell back to Spanish). */
  lang: PageLanguage;
}

export interface Translator {
  lang: PageLanguage;
  /** The language of most of the page's text (`lang` of <html>). */
  docLang: PageLanguage;
  /** Whether some strings fall back to Spanish because their translation awaits a native speaker's review. */
  pendingReview: boolean;
  t(key: string, vars?: Record<string, string | number>): Text;
}

const fill = (s: string, vars?: Record<string, string | number>) =>
  vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;

export function isPageLanguage(v: unknown): v is PageLanguage {
  return typeof v === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(v);
}

/**
 * The page language: `?lang=` (or the form's `lang` field) when it names one; else, when an Accept-Language header
 * is given, its first match; else es-MX. /denuncia passes no header: like the rest of Enlace it opens in es-MX
 * (the language links are the first thing on the page). Other public pages may negotiate.
 */
export function pickLanguage(query: unknown, acceptLanguage?: string): PageLanguage {
  if (isPageLanguage(query)) return query;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const primary = part.split(';')[0]!.trim().toLowerCase().split('-')[0]!;
    if (primary === 'es') return 'es-MX';
    if (primary === 'en') return 'en-US';
    const hit = PAGE_LANGUAGES.find((l) => l === primary);
    if (hit) return hit;
  }
  return DEFAULT_LANGUAGE;
}

export function translator(lang: PageLanguage): Translator {
  if (lang === 'es-MX' || lang === 'en-US') {
    const cat = lang === 'es-MX' ? ES : EN;
    return {
      lang,
      docLang: lang,
      pendingReview: false,
      t: (key, vars) => ({ text: fill(cat[key] ?? ES[key] ?? key, vars), lang: key in cat ? lang : 'es-MX' }),
    };
  }
  const cat = PENDING[lang]!;
  const reviewed = (key: string) => {
    const s = cat.strings[key];
    return s && s.status === 'reviewed' && s.text.trim() ? s.text : undefined;
  };
  const nReviewed = Object.keys(ES).filter((k) => reviewed(k)).length;
  return {
    lang,
    // While most strings are still Spanish, the document is Spanish and the reviewed strings carry their own lang.
    docLang: nReviewed * 2 > Object.keys(ES).length ? lang : 'es-MX',
    pendingReview: nReviewed < Object.keys(ES).length,
    t: (key, vars) => {
      const own = reviewed(key);
      return own ? { text: fill(own, vars), lang } : { text: fill(ES[key] ?? key, vars), lang: 'es-MX' };
    },
  };
}
