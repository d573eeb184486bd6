// `npm run bench`: every benchmark in turn; each prints its figures with the machine and data size.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const only = process.argv.slice(2);
const all = ['api', 'import', 'linkage', 'linkage-eval', 'linkage-workers', 'figures', 'report', 'pages'];
let failed = 0;
for (const name of only.length ? only : all) {
  const file = `bench/${name}.bench.ts`;
  if (!existsSync(file)) continue;
  console.log(`\n=== bench:${name} ===`);
  const r = spawnSync('node', ['apps/server/bin/run-ts.mjs', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
