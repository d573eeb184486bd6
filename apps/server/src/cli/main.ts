import { Command } from 'commander';
import { commandModules } from './commands/index.ts';

const program = new Command('enlace')
  .description('Enlace: coordination against human trafficking (Mexico and the US-Mexico border)')
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

for (const mod of commandModules) mod.register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const { reportCliError } = await import('./errors.ts');
  process.exitCode = reportCliError(err);
}
