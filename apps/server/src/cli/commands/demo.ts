import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directorySource, writeDemoFolder } from '@enlace/core';
import type { Command } from 'commander';
import { linkPendingPersons } from '../../api/linkage/pending.ts';
import type { Db } from '../../db/index.ts';
import { badInput } from '../../errors.ts';
import { formatImportResult, progressBar } from '../../import/cli.ts';
import { type ImportResult, importFolder } from '../../import/engine.ts';
import { openRuntime, type Runtime } from '../../runtime.ts';

export interface DemoLoadOptions {
  seed?: number;
  scale?: number;
  /** Also keep the generated exchange folder here. */
  out?: string;
}

/** Generates the synthetic national dataset and imports it (idempotent: a second run changes nothing). */
export async function loadDemoInto(db: Db, opts: DemoLoadOptions = {}): Promise<ImportResult> {
  const dir = opts.out ?? (await mkdtemp(join(tmpdir(), 'enlace-demo-')));
  try {
    await writeDemoFolder(dir, { seed: opts.seed ?? 2024, scale: opts.scale ?? 1 });
    const bar = progressBar();
    const res = await importFolder({ db, actor: { userId: null, agencyId: null } }, directorySource(dir), {
      onProgress: bar.update,
    });
    bar.done();
    if (res.ok) await linkPendingPersons({ db, actor: { userId: null, agencyId: null } });
    return res;
  } finally {
    if (!opts.out) await rm(dir, { recursive: true, force: true });
  }
}

/** Used by `serve --demo` on first start: loads the demo dataset when the database holds no persons. */
export async function loadDemo(rt: Runtime): Promise<void> {
  const r = await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
  if ((r.rows[0]?.n ?? 0) > 0) return;
  process.stderr.write('Enlace: loading the synthetic demo dataset (2019-2024)…\n');
  const res = await loadDemoInto(rt.db);
  if (!res.ok) throw new Error('demo dataset failed to import');
  const persons = res.files.find((f) => f.file === 'persons.csv');
  process.stderr.write(`Enlace: demo dataset loaded (${persons?.rows ?? 0} persons)\n`);
}

export function register(program: Command) {
  program
    .command('demo')
    .description('Fill the database with the realistic synthetic national dataset (no real person)')
    .option('--seed <n>', 'random seed (same seed, same data)', '2024')
    .option('--scale <x>', 'volume multiplier (1 = about 4,000 victims)', '1')
    .option('--out <dir>', 'also write the generated exchange folder here')
    .option('--folder-only', 'only write the folder given by --out; do not import')
    .action(async (opts: { seed: string; scale: string; out?: string; folderOnly?: boolean }) => {
      const seed = Number(opts.seed);
      const scale = Number(opts.scale);
      if (!Number.isInteger(seed)) throw badInput('--seed must be an integer');
      if (!(scale > 0 && scale <= 1000)) throw badInput('--scale must be a number above 0');
      if (opts.folderOnly) {
        if (!opts.out) throw badInput('--folder-only needs --out DIR');
        const counts = await writeDemoFolder(opts.out, { seed, scale });
        for (const [file, n] of Object.entries(counts))
          process.stdout.write(`${file.padEnd(26)} ${String(n).padStart(9)}\n`);
        return;
      }
      const rt = await openRuntime();
      try {
        const res = await loadDemoInto(rt.db, { seed, scale, ...(opts.out ? { out: opts.out } : {}) });
        process.stdout.write(formatImportResult(res));
        if (!res.ok) process.exitCode = 2;
      } finally {
        await rt.db.close();
      }
    });
}
