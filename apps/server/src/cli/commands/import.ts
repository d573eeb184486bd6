import { directorySource } from '@enlace/core';
import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { formatImportResult, progressBar } from '../../import/cli.ts';
import { importAndLink } from '../../import/import-and-link.ts';
import { openRuntime } from '../../runtime.ts';
import * as demoCommand from './demo.ts';
import * as exportCommand from './export.ts';

export function register(program: Command) {
  program
    .command('import')
    .description('Load an exchange-format folder (all or nothing; importing it again changes nothing)')
    .argument('<dir>', 'folder with agencies.csv and the other exchange files')
    .option('--dry-run', 'validate only; change nothing')
    .option('--max-errors <n>', 'list at most this many errors', '1000')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, opts: { dryRun?: boolean; maxErrors: string; json?: boolean }) => {
      const rt = await openRuntime();
      const bar = progressBar();
      try {
        const { result, linked, linkError } = await importAndLink(
          { db: rt.db, actor: { userId: null, agencyId: null } },
          directorySource(dir),
          {
            dryRun: !!opts.dryRun,
            maxErrors: Number(opts.maxErrors) || 1000,
            onProgress: bar.update,
            onLinkProgress: bar.link,
          },
        );
        bar.done();
        if (linked) {
          if (!opts.json)
            process.stderr.write(
              `linked ${linked.persons} new or changed person(s): ${linked.links} candidate link(s)\n`,
            );
        } else if (linkError) {
          // The import is committed; unlinked persons stay pending and are linked by the next run.
          process.stderr.write(
            `vinculación pendiente / linkage pending: ${linkError.message} (the next import links them)\n`,
          );
        }
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatImportResult(result));
        if (!result.ok) process.exitCode = 2;
      } catch (err) {
        bar.done();
        if ((err as { code?: string }).code === 'ENOENT')
          throw new AppError('not_found', `no such folder: ${dir}`, { exitCode: 2 });
        throw err;
      } finally {
        await rt.db.close();
      }
    });
}

/** `export` and `demo` are registered with `import` (one entry in commands/index.ts). */
export function registerAll(program: Command) {
  register(program);
  exportCommand.register(program);
  demoCommand.register(program);
}
