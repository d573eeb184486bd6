// Ensures the system packages the tests need: the PostgreSQL server (tests start their own) and Debian's
// Chromium (the report's PDF; the browser tests run its headless shell, package chromium-headless-shell). As root it installs them with apt-get; otherwise it prints the exact command.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const hasPostgres = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
const hasChromium = () => existsSync('/usr/bin/chromium');
const hasHeadlessShell = () => existsSync('/usr/bin/chromium-headless-shell');
// Chromium's Latin American Spanish: the browser tests run Chromium in es_MX (date fields dd/mm/aaaa)
const hasSpanish = () => existsSync('/usr/lib/chromium/locales/es-419.pak');
// pg_auto_failover (the high-availability failover test, scripts/ha/up.sh): installed as root; without root the
// failover test is skipped with a message instead (see apps/server/test/ha-failover.test.ts).
const hasAutoFailover = () =>
  existsSync('/usr/bin/pg_autoctl') &&
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) =>
    existsSync(`/usr/lib/postgresql/${v}/lib/pgautofailover.so`),
  );

export function ensureSystemDeps() {
  const missing = [];
  if (!hasPostgres()) missing.push('postgresql');
  if (!hasChromium()) missing.push('chromium', 'fonts-liberation');
  if (!hasHeadlessShell()) missing.push('chromium-headless-shell');
  if (!hasSpanish()) missing.push('chromium-l10n');
  const isRoot = process.getuid?.() === 0;
  if (!hasAutoFailover()) {
    if (isRoot) missing.push('pg-auto-failover-cli', 'postgresql-15-auto-failover');
    else
      console.error(
        'pg_auto_failover is not installed: the failover test will be skipped. Install it with:\n  sudo apt-get install -y pg-auto-failover-cli postgresql-15-auto-failover',
      );
  }
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (!isRoot) {
    console.error(
      `Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${cmd}'`,
    );
    process.exit(1);
  }
  console.error(`Installing missing system packages: ${missing.join(', ')}`);
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!hasPostgres() || !hasChromium() || !hasHeadlessShell() || !hasSpanish() || !hasAutoFailover()) {
    console.error(
      "Installation did not provide the PostgreSQL server, pg_auto_failover, /usr/bin/chromium, /usr/bin/chromium-headless-shell and Chromium's Spanish (chromium-l10n)",
    );
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
