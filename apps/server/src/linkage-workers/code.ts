/**
 * A digest of the linkage code this process runs (packages/linkage's sources, tests left out): a run's parts must
 * be compared by the code that planned it, or the links would mix two versions of the comparisons. Read once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let digest: string | undefined;

/** Computed when this module loads (with the linkage code), so a later edit of the files is not taken for it. */
export function linkageCodeDigest(): string {
  if (digest) return digest;
  const dir = join(dirname(createRequire(import.meta.url).resolve('@enlace/linkage')), '.');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) {
    if (!/\.(ts|js|mjs|json|txt|wasm)$/.test(f) || /\.test\./.test(f)) continue;
    h.update(f)
      .update('\0')
      .update(readFileSync(join(dir, f)))
      .update('\0');
  }
  digest = h.digest('hex').slice(0, 16);
  return digest;
}

linkageCodeDigest();
