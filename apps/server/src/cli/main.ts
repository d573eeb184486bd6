import { Command } from 'commander';
import type { CommandModule } from './commands/index.ts';

const program = new Command('enlace')
  .description('Enlace: coordination against human trafficking (Mexico and the US-Mexico border)')
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

/**
 * Commands whose module is loaded alone when they run, so that e.g. `enlace report` does not load the
 * HTTP server, the API or the import code (a lighter start; see docs/report.md). Every other invocation
 * (`serve`, help, typos) loads the whole tree from commands/index.ts.
 */
const importExportDemo = async (): Promise<CommandModule> => ({
  register: (await import('./commands/import.ts')).registerAll,
});
const alone: Record<string, () => Promise<CommandModule>> = {
  report: () => import('./commands/report.ts'),
  backup: () => import('./commands/backup.ts'),
  restore: () => import('./commands/restore.ts'),
  migrate: () => import('./commands/migrate.ts'),
  user: () => import('./commands/user.ts'),
  keys: () => import('./commands/keys.ts'),
  audit: () => import('./commands/audit.ts'),
  link: () => import('./commands/link.ts'),
  encode: () => import('./commands/encode.ts'),
  publish: () => import('./commands/publish.ts'),
  ctdc: () => import('./commands/ctdc.ts'),
  'import-htcds': () => import('./commands/ctdc.ts'),
  worker: () => import('./commands/worker.ts'),
  // one module registers the three
  import: importExportDemo,
  export: importExportDemo,
  demo: importExportDemo,
};

const name = process.argv.slice(2).find((a) => !a.startsWith('-'));
const load = name !== undefined && Object.hasOwn(alone, name) ? alone[name] : undefined;
const modules = load ? [await load()] : (await import('./commands/index.ts')).commandModules;
for (const mod of modules) mod.register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const { reportCliError } = await import('./errors.ts');
  process.exitCode = reportCliError(err);
}
