// `npm test`: every test (unit, integration on PGlite and a real PostgreSQL server, browser tests in Chromium).
// Installs missing system packages when run as root; never skips a test silently.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemDeps } from './system-deps.mjs';

ensureSystemDeps();

const build = spawnSync('npm', ['run', 'build:web', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('web build failed');
  process.exit(build.status ?? 1);
}

const out = join(mkdtempSync(join(tmpdir(), 'enlace-test-')), 'results.json');
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
];
const r = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
});

let summary = '';
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  summary = `${j.numPassedTests} passed, ${j.numFailedTests} failed`;
  if (j.numPendingTests + j.numTodoTests > 0) summary += `, ${j.numPendingTests + j.numTodoTests} skipped`;
  if (j.numTotalTests === 0) {
    console.error('no test ran');
    process.exit(1);
  }
} catch {
  summary = '0 passed, 1 failed';
}
console.log(`\nTests: ${summary}`);
process.exit(r.status ?? 1);
