import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../api/types.ts';
import { coreRoutes } from '../routes.ts';
import enUS from './en-US.json';
import esMX from './es-MX.json';

type Tree = { [k: string]: string | Tree };
const catalogs: Record<string, Tree> = { 'es-MX': esMX as Tree, 'en-US': enUS as Tree };
const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, '..');

function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of flatten(v, key)) out.set(k2, v2);
    } else out.set(key, v);
  }
  return out;
}

const flat = Object.fromEntries(Object.entries(catalogs).map(([l, c]) => [l, flatten(c)])) as Record<
  string,
  Map<string, unknown>
>;

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const WORD = 'A-Za-zÁÉÍÓÚÑÜáéíóúñü';
const TS_WORDS =
  /^(type|export|import|extends|implements|interface|const|let|var|return|function|if|else|case|default|from|as|async|await|new|throw)\b/;

/** Lines of a .tsx file that look like user-visible text written straight into a component. */
function literalTextLines(text: string): string[] {
  const hits: string[] = [];
  const jsxText = new RegExp(`>\\s*([${WORD}][^<>{}=;()]*[${WORD}.!?])\\s*</`);
  const bare = new RegExp(`^[${WORD}][\\w${WORD} '’.!?¡¿-]*[${WORD}.!?]$`);
  const attr = /\b(?:aria-label|alt|title|placeholder)="[^"]*[A-Za-z][^"]*"/;
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (/^(\/\/|\/\*|\*)/.test(trimmed)) return;
    const bareText = bare.test(trimmed) && /\s/.test(trimmed) && !TS_WORDS.test(trimmed);
    if (jsxText.test(line) || bareText || attr.test(line)) hits.push(`${i + 1}: ${trimmed}`);
  });
  return hits;
}

describe('i18n catalogs', () => {
  const locales = Object.keys(flat);

  it.each(locales)('%s has every key of every other catalog', (locale) => {
    const mine = flat[locale]!;
    for (const other of locales) {
      const missing = [...flat[other]!.keys()].filter((k) => !mine.has(k));
      expect(missing, `keys in ${other} missing from ${locale}`).toEqual([]);
    }
  });

  it.each(locales)('%s has only non-empty strings', (locale) => {
    const bad = [...flat[locale]!]
      .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
      .map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('uses the same {{placeholders}} for a key in every language', () => {
    const base = flat['es-MX']!;
    const mismatched: string[] = [];
    for (const [key, value] of base) {
      for (const locale of locales) {
        const other = flat[locale]!.get(key);
        if (typeof value === 'string' && typeof other === 'string') {
          if (placeholders(value).join() !== placeholders(other).join()) mismatched.push(`${locale}:${key}`);
        }
      }
    }
    expect(mismatched).toEqual([]);
  });

  it('names every role and every route title', () => {
    for (const locale of locales) {
      for (const role of ROLES)
        expect(flat[locale]!.has(`roles.${role}`), `${locale} roles.${role}`).toBe(true);
      for (const r of coreRoutes) expect(flat[locale]!.has(r.titleKey), `${locale} ${r.titleKey}`).toBe(true);
    }
  });

  it('translates every agency level and kind the database allows', () => {
    const sql = readFileSync(join(srcDir, '../../server/migrations/001_foundation.sql'), 'utf8');
    const values = (col: string) => {
      const m = new RegExp(`\\b${col} text NOT NULL CHECK \\(${col} IN \\(([^)]*)\\)`, 's').exec(sql);
      expect(m, `CHECK constraint of agencies.${col}`).not.toBeNull();
      return [...m![1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
    };
    for (const col of ['level', 'kind']) {
      const allowed = values(col);
      expect(allowed.length).toBeGreaterThan(2);
      for (const locale of locales) {
        for (const v of allowed)
          expect(flat[locale]!.has(`agencies.${col}.${v}`), `${locale} ${col} ${v}`).toBe(true);
      }
    }
  });

  it('has every key the source code asks for with a literal t("...")', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/titleKey:\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    for (const locale of locales) {
      // a plural key (t('x', { count })) is present as its forms x_one / x_other (i18next)
      const missing = [...used].filter((k) => !flat[locale]!.has(k) && !flat[locale]!.has(`${k}_other`));
      expect(missing, `used but missing in ${locale}`).toEqual([]);
    }
  });

  it('components carry no user-visible literal text (it belongs in the catalogs)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(srcDir).filter((f) => f.endsWith('.tsx'))) {
      for (const hit of literalTextLines(readFileSync(file, 'utf8'))) {
        offenders.push(`${file.slice(srcDir.length + 1)}:${hit}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the literal-text check finds text in JSX and in labelling attributes', () => {
    const sample = [
      'const x = <p>Hola mundo</p>;',
      '<h1>',
      '  Bienvenida a Enlace',
      '</h1>',
      '<img alt="Logo de Enlace" src={x} />',
      "<p>{t('ok.key')}</p>",
      'type ComponentType,',
      'export interface Props',
    ].join('\n');
    expect(literalTextLines(sample).map((h) => h.split(':')[0])).toEqual(['1', '3', '5']);
  });
});
