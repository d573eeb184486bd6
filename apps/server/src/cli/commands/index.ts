import type { Command } from 'commander';
import * as audit from './audit.ts';
import * as backup from './backup.ts';
import * as ctdc from './ctdc.ts';
import * as encode from './encode.ts';
import * as keys from './keys.ts';
import * as link from './link.ts';
import * as migrate from './migrate.ts';
import * as publish from './publish.ts';
import * as report from './report.ts';
import * as restore from './restore.ts';
import * as serve from './serve.ts';
import * as user from './user.ts';
import * as worker from './worker.ts';

/** Each CLI command lives in its own module exporting `register(program)`. Add new ones here. */
export interface CommandModule {
  register(program: Command): void;
}

export const commandModules: CommandModule[] = [
  serve,
  migrate,
  user,
  keys,
  audit,
  backup,
  restore,
  link,
  encode,
  report,
  publish,
  ctdc,
  worker,
];
commandModules.push({ register: (await import('./import.ts')).registerAll });
