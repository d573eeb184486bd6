// Whether the `enlace` command's build (`npm run build:cli`) may run instead of the sources: bin/enlace.mjs.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The server's sources and those of the workspace packages beside it, with their package.json files. */
export function serverSourceRoots(server) {
  const roots = [join(server, 'src'), join(server, 'package.json')];
  const packages = join(server, '..', '..', 'packages');
  try {
    for (const p of readdirSync(packages))
      roots.push(join(packages, p, 'src'), join(packages, p, 'package.json'));
  } catch {
    // no workspace packages beside the server
  }
  return roots;
}

/**
 * `built` when it exists and nothing under `roots` (files, or folders: a file added or removed) was changed after
 * it was written; else undefined (run the sources).
 */
export function freshBuild(built, roots) {
  let at;
  try {
    at = statSync(built).mtimeMs;
  } catch {
    return undefined;
  }
  for (const root of roots) {
    let st;
    try {
      st = statSync(root);
    } catch {
      continue; // a root that is not there has nothing newer
    }
    if (st.mtimeMs > at) return undefined;
    if (st.isDirectory())
      for (const f of readdirSync(root, { recursive: true }))
        if (statSync(join(root, f)).mtimeMs > at) return undefined;
  }
  return built;
}
