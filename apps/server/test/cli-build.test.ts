/**
 * The `enlace` command's build (`npm run build:cli`) runs only while no source is newer (bin/fresh-build.mjs): an
 * edited, added or removed source file, or a changed package.json, sends bin/enlace.mjs back to the sources.
 * File times are set explicitly (utimes), so nothing waits on the clock.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the bin folder, without types
import { freshBuild, serverSourceRoots } from '../bin/fresh-build.mjs';

const fresh = freshBuild as (built: string, roots: string[]) => string | undefined;
const rootsOf = serverSourceRoots as (server: string) => string[];

describe('the enlace build runs only while no source is newer', () => {
  it('build newer than every source: the build; a newer file, folder or package.json: the sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'enlace-fresh-'));
    try {
      const server = join(dir, 'apps', 'server');
      mkdirSync(join(server, 'src', 'cli'), { recursive: true });
      mkdirSync(join(dir, 'packages', 'core', 'src', 'report'), { recursive: true });
      const files = [
        join(server, 'src', 'cli', 'main.ts'),
        join(server, 'package.json'),
        join(dir, 'packages', 'core', 'src', 'report', 'compute.ts'),
        join(dir, 'packages', 'core', 'package.json'),
      ];
      for (const f of files) writeFileSync(f, '');
      const built = join(server, 'build.mjs');
      const roots = rootsOf(server);
      const at = (p: string, s: number) => utimesSync(p, s, s);
      const all = [
        ...files,
        ...roots.filter((r) => !r.endsWith('.json')),
        join(server, 'src', 'cli'),
        join(dir, 'packages', 'core', 'src', 'report'),
      ];
      expect(fresh(built, roots)).toBeUndefined(); // never built
      writeFileSync(built, '');
      for (const p of all) at(p, 1_000);
      at(built, 2_000);
      expect(fresh(built, roots)).toBe(built);
      for (const p of [files[0]!, files[2]!, files[3]!, join(dir, 'packages', 'core', 'src', 'report')]) {
        at(p, 3_000); // edited after the build (or, for a folder, a file added or removed in it)
        expect(fresh(built, roots)).toBeUndefined();
        at(p, 1_000);
        expect(fresh(built, roots)).toBe(built);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
