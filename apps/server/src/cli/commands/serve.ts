import type { Command } from 'commander';
import { startCheckpoints } from '../../audit/checkpoint.ts';
import { configFromEnv } from '../../config.ts';
import { loadDemo } from '../../demo/load.ts';
import { startFiguresRefresher } from '../../report/figures-refresh.ts';
import { describeRuntime, openRuntime } from '../../runtime.ts';
import { followKeyRotation } from '../../security/crypto.ts';
import { bootstrapFirstAdmin, startServer } from '../../server.ts';

export function register(program: Command) {
  program
    .command('serve')
    .description('Run the HTTP API and web app (DATABASE_URL, else the embedded database in ENLACE_DATA_DIR)')
    .option('-p, --port <n>', 'port (also PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '0.0.0.0')
    .option('--demo', 'on first start, load the synthetic demo dataset and demo users')
    .action(async (opts: { port: string; host: string; demo?: boolean }) => {
      const rt = await openRuntime({ checkpoint: 'always' });
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
        err.write(
          '\nEnlace: first administrator (shown once; you choose a new password at the first sign-in):\n',
        );
        err.write(`        email:    ${admin.email}\n        password: ${admin.password}\n\n`);
      }
      if (opts.demo && admin) {
        err.write('Enlace: loading the synthetic demo dataset (first start only)…\n');
        const tty = err.isTTY;
        const demo = await loadDemo(rt, { onProgress: (line) => tty && err.write(`\r\x1b[K  ${line}`) });
        if (tty) err.write('\n');
        err.write(
          `Enlace: demo data loaded: ${demo.rows} rows. Demo users (password for all, shown once: ${demo.password}):\n`,
        );
        for (const u of demo.users) err.write(`        ${u.role.padEnd(17)} ${u.email}\n`);
        err.write(
          '        Every role that reads personal data enrols two-step verification (TOTP) at first sign-in.\n\n',
        );
      }
      const app = await startServer(rt, { port: Number(opts.port), host: opts.host });
      err.write(`Enlace: listening on http://localhost:${opts.port}\n`);
      const config = configFromEnv();
      const checkpoints = startCheckpoints(rt.db, rt.checkpointFile, {
        intervalSeconds: config.auditCheckpointSeconds,
        warn: (line) => err.write(`Enlace: ${line}\n`),
        ...(config.auditCheckpointPrint
          ? { print: (line: string) => process.stdout.write(`audit checkpoint ${line}\n`) }
          : {}),
      });
      const unfollow = followKeyRotation(rt.db, rt.masterKey);
      // the latest year's national figures and report files (both languages, HTML and PDF) ahead of the first visit
      const figures = startFiguresRefresher(rt.db, {
        warn: (line) => err.write(`Enlace: ${line}\n`),
        files: [
          { lang: 'es-MX', format: 'html' },
          { lang: 'es-MX', format: 'pdf' },
          { lang: 'en-US', format: 'html' },
          { lang: 'en-US', format: 'pdf' },
        ],
      });
      const stop = async () => {
        unfollow();
        await figures.stop();
        await app.close();
        await checkpoints.stop();
        await rt.db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
