import type { Command } from 'commander';

/** Each CLI command lives in its own module exporting `register(program)`. Add new ones here. */
export interface CommandModule {
  register(program: Command): void;
}

export const commandModules: CommandModule[] = [];
