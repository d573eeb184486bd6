/**
 * The `enlace` command's code as JavaScript files (an entry and its chunks, below), built once per test run
 * (global-setup.ts) so that the tests that start `enlace` processes do not pay tsx's per-module loader hooks in every
 * process (`enlace --help`: 1.1 s of CPU through tsx, 0.5 s from the bundle). `bin/enlace.mjs` loads it when `ENLACE_CLI_BUNDLE` names it. The same build
 * is what `npm run build` (and `npm start`) installs for the command itself (scripts/build-cli.ts,
 * INSTALLED_CLI_BUNDLE): `bin/enlace.mjs` runs it while no source file is newer than it, else the sources through tsx.
 *
 * The bundle is the same code: esbuild transforms it as tsx does, workspace packages (@enlace/*) are bundled, other
 * packages stay imports from node_modules, and every module keeps its own `import.meta.url` (the path of its .ts
 * source), so files read beside a module (migrations, catalogs, assets, web/dist) and worker threads (which load
 * their .ts entry through tsx, as from the sources) are found where they are.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const SERVER = resolve(import.meta.dirname, '..');

/**
 * A file of a package without an `exports` map named without its extension (`graphology-metrics/centrality/
 * pagerank`): tsx finds it as require() would, Node's ESM loader does not, so the bundle names the file.
 */
function extensionless(specifier: string, importer: string): string | undefined {
  const m = /^(@[^/]+\/[^/]+|[^@/][^/]*)\/(.+)$/.exec(specifier);
  if (!m || specifier.startsWith('node:') || /\.[cm]?js$/.test(specifier)) return undefined;
  for (let dir = dirname(importer); ; dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', m[1]!, 'package.json');
    if (existsSync(pkg)) {
      const { exports } = JSON.parse(readFileSync(pkg, 'utf8')) as { exports?: unknown };
      return exports === undefined ? createRequire(importer).resolve(specifier) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Each module's `import.meta.url`, `.dirname` and `.filename` replaced by its source file's. */
const ownImportMeta: Plugin = {
  name: 'own-import-meta',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@enlace/')) return undefined;
      return { path: extensionless(args.path, args.importer) ?? args.path, external: true };
    });
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * The build `npm run build` makes (scripts/build-cli.ts) and `bin/enlace.mjs` runs while no source file is newer
 * (the path is written there too: keep them in step).
 */
export const INSTALLED_CLI_BUNDLE = join(
  SERVER,
  'node_modules',
  '.cache',
  'enlace-cli',
  'build',
  'enlace.mjs',
);

/**
 * Builds the bundle under apps/server/node_modules/.cache (so its imports resolve from apps/server as the sources'
 * do): by default in a folder of its own per process (the test run's); returns the entry file's path.
 *
 * Split by esbuild (`splitting`): the entry holds the command line and each command's module is a chunk of its own,
 * loaded when that command runs (main.ts imports them on demand), and so are the packages only they import: in one
 * file, every package any command imports was loaded at the start (esbuild's ESM output imports external packages at
 * the top: fastify, pg-boss, zxcvbn's dictionaries… for `enlace report --format json`: 1.3 s of CPU a command, 0.6 s
 * split). Chunks are named by their content hash and written before the entry, which is written to a temporary name
 * and renamed, so a process starting meanwhile reads the whole previous entry or the whole new one, and a process
 * still running an earlier build finds that build's chunks (they are kept; chunks no build wrote for a week are
 * removed).
 */
export async function buildCliBundle(
  outfile = join(SERVER, 'node_modules', '.cache', 'enlace-cli', String(process.pid), 'enlace.mjs'),
): Promise<string> {
  const outdir = dirname(outfile);
  mkdirSync(outdir, { recursive: true });
  const entry = basename(outfile, '.mjs');
  const result = await build({
    entryPoints: { [entry]: join(SERVER, 'src/cli/main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [ownImportMeta],
  });
  const written = new Set<string>();
  let entryFile: { path: string; contents: Uint8Array } | undefined;
  for (const f of result.outputFiles) {
    written.add(basename(f.path));
    if (f.path === outfile) entryFile = f;
    else if (!existsSync(f.path)) {
      const tmp = `${f.path}.${process.pid}.tmp`;
      writeFileSync(tmp, f.contents);
      renameSync(tmp, f.path);
    } else utimesSync(f.path, new Date(), new Date());
  }
  if (!entryFile) throw new Error(`esbuild wrote no ${outfile}`);
  const tmp = `${outfile}.${process.pid}.tmp.mjs`;
  writeFileSync(tmp, entryFile.contents);
  renameSync(tmp, outfile);
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const name of readdirSync(outdir))
    if (name.endsWith('.mjs') && !written.has(name)) {
      const p = join(outdir, name);
      if (statSync(p).mtimeMs < weekAgo) rmSync(p, { force: true });
    }
  return outfile;
}
