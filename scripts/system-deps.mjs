// Ensures the system packages the tests need: the PostgreSQL server (tests start their own) and Debian's
// Chromium (browser tests, PDF). As root it installs them with apt-get; otherwise it prints the exact command.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const hasPostgres = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
const hasChromium = () => existsSync('/usr/bin/chromium');

export function ensureSystemDeps() {
  const missing = [];
  if (!hasPostgres()) missing.push('postgresql');
  if (!hasChromium()) missing.push('chromium', 'fonts-liberation');
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(
      `Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${cmd}'`,
    );
    process.exit(1);
  }
  console.error(`Installing missing system packages: ${missing.join(', ')}`);
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!hasPostgres() || !hasChromium()) {
    console.error('Installation did not provide the PostgreSQL server and /usr/bin/chromium');
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
