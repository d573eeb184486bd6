/**
 * Every workspace declares what it imports, in its own package.json, and declares nothing it does not use;
 * and one Node version story: every package.json's `engines.node` is the root's, the README names the same
 * minimum, and no installed dependency (package-lock.json) requires a newer Node than that minimum.
 * (Workspaces are hoisted into one node_modules, so an undeclared import works here and breaks elsewhere.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

interface Pkg {
  name: string;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const root: Pkg & { workspaces: string[] } = json('package.json');
const workspaces = root.workspaces.map((dir) => ({ dir, pkg: json(`${dir}/package.json`) as Pkg }));
const BUILTIN = new Set(builtinModules);

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** The packages a file imports: static, dynamic and type-only, with whether each is type-only. */
function importsOf(text: string): { pkg: string; typeOnly: boolean }[] {
  const out: { pkg: string; typeOnly: boolean }[] = [];
  const re =
    /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    const pkg = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    if (BUILTIN.has(pkg)) continue;
    out.push({ pkg, typeOnly: !!m[2] });
  }
  return out;
}

/** Tests, browser tests, fixtures and build config: run by the root's test tools, may use devDependencies. */
const isTestFile = (rel: string) =>
  /(^|\/)(e2e|test|tests)\//.test(rel) ||
  /(^|\/)testing\.[a-z]+$/.test(rel) ||
  /\.(test|test-data|bench)\.[a-z]+$/.test(rel) ||
  /config\.[a-z]+$/.test(rel);

/**
 * Declared for work in progress on another branch of the checkout, not imported yet. Each entry must still be
 * unused (the test fails once it is imported, so the entry is removed then).
 */
const NOT_YET_IMPORTED: Record<string, string> = {};

/** Packages that only carry types (used by the type checker, never imported at run time). */
const typesOnly = (name: string) => name.startsWith('@types/') || name.endsWith('-types');

describe('dependencies declared where used', () => {
  for (const { dir, pkg } of workspaces) {
    it(`${pkg.name} (${dir}) declares every package it imports and imports every dependency it declares`, () => {
      const deps = new Set([
        ...Object.keys(pkg.dependencies ?? {}),
        ...Object.keys(pkg.peerDependencies ?? {}),
      ]);
      const devDeps = new Set([
        ...Object.keys(pkg.devDependencies ?? {}),
        ...Object.keys(root.devDependencies ?? {}),
      ]);
      const missing = new Map<string, string>(); // package → the first file importing it
      const used = new Set<string>();
      for (const file of sourceFiles(join(ROOT, dir))) {
        const rel = relative(join(ROOT, dir), file);
        for (const { pkg: name, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
          if (name === pkg.name) continue;
          used.add(name);
          if (deps.has(name)) continue;
          if ((isTestFile(rel) || typeOnly) && (devDeps.has(name) || deps.has(`@types/${name}`))) continue;
          if (!missing.has(name)) missing.set(name, `${name} (${rel})`);
        }
      }
      expect([...missing.values()], `imported but not in ${dir}/package.json dependencies`).toEqual([]);
      const scripts = Object.values(pkg.scripts ?? {}).join(' ');
      const unused = [...deps].filter(
        (d) => !used.has(d) && !typesOnly(d) && !scripts.includes(d.replace(/^@[^/]+\//, '')),
      );
      for (const [key, why] of Object.entries(NOT_YET_IMPORTED)) {
        const [where, name] = key.split(':') as [string, string];
        if (where !== dir) continue;
        expect(used.has(name), `${name} is imported now (was: ${why}): remove it from NOT_YET_IMPORTED`).toBe(
          false,
        );
        const i = unused.indexOf(name);
        if (i >= 0) unused.splice(i, 1);
      }
      expect(unused, `declared in ${dir}/package.json but never imported`).toEqual([]);
    });
  }
});

/** The root's own code: benchmarks, scripts and the test runner's configuration (tsconfig.tools.json). */
const ROOT_CODE = ['bench', 'scripts', 'vitest.config.ts'];
/** Root devDependencies run as a command, not imported (`npm run lint` → biome, `tsc -b` → typescript). */
const ROOT_TOOLS = new Set(['@biomejs/biome', 'typescript']);

describe('the root declares what its own code imports', () => {
  const workspaceNames = new Set(workspaces.map((w) => w.pkg.name));
  const rootDev = new Set(Object.keys(root.devDependencies ?? {}));

  it('bench/, scripts/ and vitest.config.ts import only the workspaces and root devDependencies', () => {
    const missing = new Map<string, string>();
    for (const entry of ROOT_CODE) {
      const path = join(ROOT, entry);
      const files = statSync(path).isDirectory() ? [...sourceFiles(path)] : [path];
      for (const file of files)
        for (const { pkg: name } of importsOf(readFileSync(file, 'utf8')))
          if (!workspaceNames.has(name) && !rootDev.has(name) && !missing.has(name))
            missing.set(name, `${name} (${relative(ROOT, file)})`);
    }
    expect([...missing.values()], 'imported but not in the root package.json devDependencies').toEqual([]);
  });

  it('every root devDependency is imported somewhere, or is a command the scripts run', () => {
    const used = new Set<string>();
    for (const dir of [...ROOT_CODE, ...root.workspaces]) {
      const path = join(ROOT, dir);
      const files = statSync(path).isDirectory() ? [...sourceFiles(path)] : [path];
      for (const file of files)
        for (const { pkg: name } of importsOf(readFileSync(file, 'utf8'))) used.add(name);
    }
    const unused = [...rootDev].filter((d) => !used.has(d) && !typesOnly(d) && !ROOT_TOOLS.has(d));
    expect(unused, 'declared in the root package.json but never imported').toEqual([]);
  });
});

describe('boundaries', () => {
  it('every package exports named entry points (no `./*`), each an existing file', () => {
    for (const { dir, pkg } of workspaces) {
      const exports = (pkg as { exports?: Record<string, string> }).exports ?? {};
      for (const [key, target] of Object.entries(exports)) {
        expect(key.includes('*') || target.includes('*'), `${dir}: ${key}`).toBe(false);
        expect(statSync(join(ROOT, dir, target)).isFile(), `${dir}: ${target}`).toBe(true);
      }
    }
  });

  it('the web app (outside its tests) and the packages never import apps/server', () => {
    const offenders: string[] = [];
    for (const dir of ['apps/web/src', 'packages']) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        const rel = relative(ROOT, file);
        if (isTestFile(rel)) continue;
        for (const m of readFileSync(file, 'utf8').matchAll(
          /from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g,
        )) {
          const spec = m[1] ?? m[2]!;
          const target = spec.startsWith('.') ? relative(ROOT, resolve(file, '..', spec)) : spec;
          if (target.startsWith('apps/server') || target.startsWith('@enlace/server'))
            offenders.push(`${rel}: ${spec}`);
        }
      }
    }
    // biome.json's noRestrictedImports says the same to an editor; this holds when lint is not run
    expect(offenders).toEqual([]);
  });

  it('no import cycle among the modules (imports that run; type-only imports vanish at run time)', () => {
    const files = [
      'apps/server/src',
      'apps/web/src',
      ...workspaces.filter((w) => w.dir.startsWith('packages/')).map((w) => `${w.dir}/src`),
    ]
      .flatMap((dir) => [...sourceFiles(join(ROOT, dir))])
      .filter((f) => !isTestFile(relative(ROOT, f)));
    const known = new Set(files);
    const edges = new Map<string, string[]>();
    for (const file of files) {
      const deps: string[] = [];
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.[^'"]+)['"]/g,
      )) {
        const target = resolve(file, '..', m[2]!);
        if (!m[1] && known.has(target)) deps.push(target);
      }
      edges.set(file, deps);
    }
    // depth-first search; a grey node met again closes a cycle
    const state = new Map<string, 'grey' | 'black'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      state.set(file, 'grey');
      for (const next of edges.get(file)!) {
        if (state.get(next) === 'grey') {
          const from = path.indexOf(next);
          cycles.push([...path.slice(from), file, next].map((f) => relative(ROOT, f)).join(' → '));
        } else if (!state.has(next)) visit(next, [...path, file]);
      }
      state.set(file, 'black');
    };
    for (const file of files) if (!state.has(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe('one Node version', () => {
  const minimum = semver.minVersion(root.engines?.node ?? '')?.version;

  it('the root package.json names the minimum Node and every workspace names the same', () => {
    expect(minimum).toBeTruthy();
    for (const { dir, pkg } of workspaces) expect(pkg.engines?.node, dir).toBe(root.engines?.node);
  });

  it('the README names the same minimum, and this Node satisfies it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const named = /Node ≥ (\d+(?:\.\d+)*)/.exec(readme)?.[1];
    expect(named && semver.coerce(named)?.version).toBe(minimum);
    expect(semver.satisfies(process.versions.node, root.engines!.node!)).toBe(true);
  });

  it('no installed package (package-lock.json) requires a newer Node than the minimum', () => {
    const lock = json('package-lock.json') as {
      packages: Record<string, { version?: string; engines?: unknown }>;
    };
    const excluded: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      const node = (p.engines as { node?: unknown } | undefined)?.node;
      if (typeof node !== 'string' || !semver.validRange(node)) continue;
      if (!semver.satisfies(minimum!, node, { includePrerelease: true }))
        excluded.push(`${path.replace(/^.*node_modules\//, '')}@${p.version}: node ${node}`);
    }
    expect(excluded, `these need a newer Node than ${root.engines?.node}`).toEqual([]);
  });
});

describe('one TypeScript project per workspace', () => {
  const dirOf = new Map(workspaces.map(({ dir, pkg }) => [pkg.name, dir]));
  /** References beyond the declared @enlace dependencies: the web's tests import the server's test helpers. */
  const TEST_ONLY_REFERENCES: Record<string, string[]> = { 'apps/web': ['apps/server'] };
  const referencesOf = (config: string) =>
    ((json(config).references ?? []) as { path: string }[]).map((r) =>
      relative(ROOT, resolve(ROOT, config, '..', r.path)).replace(/\/tsconfig(\.\w+)?\.json$/, ''),
    );

  it('`npm run typecheck` builds the root solution (tsc -b), which references every workspace', () => {
    expect(root.scripts?.typecheck).toBe('tsc -b');
    const refs = referencesOf('tsconfig.json');
    for (const { dir } of workspaces) expect(refs, dir).toContain(dir);
  });

  for (const { dir, pkg } of workspaces) {
    it(`${dir} has its own composite tsconfig.json referencing exactly the workspaces it uses`, () => {
      const config = json(`${dir}/tsconfig.json`) as { compilerOptions?: { composite?: boolean } };
      expect(config.compilerOptions?.composite).toBe(true);
      const used = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
        .map((name) => dirOf.get(name))
        .filter((d): d is string => d !== undefined);
      expect(referencesOf(`${dir}/tsconfig.json`).sort()).toEqual(
        [...used, ...(TEST_ONLY_REFERENCES[dir] ?? [])].sort(),
      );
    });
  }
});
