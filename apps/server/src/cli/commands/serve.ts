import type { Command } from 'commander';
import { describeRuntime, openRuntime } from '../../runtime.ts';
import { bootstrapFirstAdmin, startServer } from '../../server.ts';
import { demoHook } from './demo-hook.ts';

export function register(program: Command) {
  program
    .command('serve')
    .description('Run the HTTP API and web app (DATABASE_URL, else the embedded database in ENLACE_DATA_DIR)')
    .option('-p, --port <n>', 'port (also PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '0.0.0.0')
    .option('--demo', 'on first start, load the synthetic demo dataset and demo users')
    .action(async (opts: { port: string; host: string; demo?: boolean }) => {
      const rt = await openRuntime();
      const err = process.stderr;
      err.write(`Enlace: database: ${describeRuntime(rt)}\n`);
      if (rt.generatedKeyFile) {
        err.write(`Enlace: generated a new master key in ${rt.generatedKeyFile}\n`);
        err.write(
          '        Back it up and keep it apart from the data: without it the personal data cannot be read.\n',
        );
      }
      const admin = await bootstrapFirstAdmin(rt);
      if (admin) {
        err.write('\nEnlace: first administrator (shown once; change it after signing in):\n');
        err.write(`        email:    ${admin.email}\n        password: ${admin.password}\n\n`);
      }
      if (opts.demo && admin) await demoHook(rt);
      const app = await startServer(rt, { port: Number(opts.port), host: opts.host });
      err.write(`Enlace: listening on http://localhost:${opts.port}\n`);
      const stop = async () => {
        await app.close();
        await rt.db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
