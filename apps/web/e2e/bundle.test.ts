/**
 * What a phone downloads: the production build's JavaScript, read as its import graph. The first load (the entry
 * and what it imports) and each screen loaded on demand stay within a budget, so that one careless import cannot
 * put half a megabyte on a caseworker's phone again (the case page once pulled all of ISO 639-3, ~0.5 MB, through
 * the CURP check's import of codes.ts; packages/core/src/states.ts). Three libraries are larger and are loaded only
 * where they are used, each named here with its own limit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWebForTests } from './harness.ts';

const KB = 1024;
/** The entry script and what it imports statically: every screen needs them (425 KB on 2026-12-06). */
const FIRST_LOAD_BUDGET = 480 * KB;
/** What a screen loaded on demand adds to the first load (the largest, the network page, 92 KB on 2026-12-06). */
const SCREEN_BUDGET = 160 * KB;
/** Loaded only by the feature that uses them (chunk name prefix → its limit). */
const ON_DEMAND: Record<string, { limit: number; why: string }> = {
  'exceljs.min-': { limit: 1000 * KB, why: 'the spreadsheet export of a report, when a user asks for one' },
  'sigma.esm-': { limit: 500 * KB, why: 'the network graph (WebGL), on the network page' },
  'municipios_centroids-': {
    limit: 200 * KB,
    why: "INEGI's 2,457 municipalities, on the provider directory's map",
  },
};

interface Graph {
  size: Map<string, number>;
  statics: Map<string, string[]>;
  lazies: Set<string>;
  entry: string[];
}

function readGraph(dist: string): Graph {
  const dir = join(dist, 'assets');
  const size = new Map<string, number>();
  const statics = new Map<string, string[]>();
  const lazies = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    size.set(f, Buffer.byteLength(text));
    statics.set(
      f,
      [...text.matchAll(/(?:\bfrom|\bimport)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)].map((m) => m[1] ?? ''),
    );
    for (const m of text.matchAll(/\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)) lazies.add(m[1] ?? '');
  }
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]*\bsrc="\/?assets\/([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  return { size, statics, lazies, entry };
}

function closure(g: Graph, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const f = stack.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...(g.statics.get(f) ?? []));
  }
  return seen;
}

const bytes = (g: Graph, files: Iterable<string>) => [...files].reduce((n, f) => n + (g.size.get(f) ?? 0), 0);

describe('the web build stays light for a phone', () => {
  const g = readGraph(buildWebForTests());
  const first = closure(g, g.entry);

  it('reads the graph: an entry script, screens loaded on demand, every import resolves', () => {
    expect(g.entry.length).toBeGreaterThan(0);
    expect(g.lazies.size).toBeGreaterThan(20);
    for (const [f, deps] of g.statics)
      for (const d of deps) expect(g.size.has(d), `${f} imports ${d}`).toBe(true);
  });

  it(`first load ≤ ${FIRST_LOAD_BUDGET / KB} KB of JavaScript`, () => {
    expect(bytes(g, first) / KB).toBeLessThanOrEqual(FIRST_LOAD_BUDGET / KB);
  });

  it(`each screen adds ≤ ${SCREEN_BUDGET / KB} KB; the three large libraries only their own chunk, within their limits`, () => {
    const over: string[] = [];
    for (const lazy of g.lazies) {
      const own = ON_DEMAND[Object.keys(ON_DEMAND).find((p) => lazy.startsWith(p)) ?? ''];
      const added = [...closure(g, [lazy])].filter((f) => !first.has(f));
      // a large library's chunk counts against its own limit, never against a screen's budget
      const large = added.filter((f) => f !== lazy && Object.keys(ON_DEMAND).some((p) => f.startsWith(p)));
      if (large.length)
        over.push(`${lazy} statically imports ${large.join(', ')} (load it where it is used)`);
      const n = bytes(g, added);
      const limit = own?.limit ?? SCREEN_BUDGET;
      if (n > limit)
        over.push(
          `${lazy}: ${(n / KB).toFixed(0)} KB > ${(limit / KB).toFixed(0)} KB${own ? ` (${own.why})` : ''}`,
        );
    }
    expect(over).toEqual([]);
  });

  it('the CURP check the case page loads carries no language or country list', () => {
    const curp = [...g.lazies].find((f) => f.startsWith('curp-'));
    expect(curp).toBeDefined();
    const added = [...closure(g, [curp as string])].filter((f) => !first.has(f));
    expect(bytes(g, added)).toBeLessThan(8 * KB);
    for (const f of added)
      expect(readFileSync(join(buildWebForTests(), 'assets', f), 'utf8')).not.toMatch(/iso6393/);
  });
});
