import type { Command } from 'commander';
import { migrate } from '../../db/index.ts';
import { describeRuntime, openRuntime } from '../../runtime.ts';
import { initCrypto } from '../../security/crypto.ts';

export function register(program: Command) {
  program
    .command('migrate')
    .description('Apply pending database migrations (also done at every start)')
    .action(async () => {
      const rt = await openRuntime({ migrateNow: false });
      const applied = await migrate(rt.db, { log: (l) => process.stderr.write(`${l}\n`) });
      await initCrypto(rt.db, rt.masterKey);
      process.stdout.write(
        `${applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date'} (${describeRuntime(rt)})\n`,
      );
      await rt.db.close();
    });
}
