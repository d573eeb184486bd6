import type { Command } from 'commander';
import { badInput } from '../../errors.ts';
import { loadData, publicRelease, writeRelease } from '../../report/service.ts';
import { parseYear, progress, progressDone, withSource } from './report.ts';

export function register(program: Command) {
  program
    .command('publish')
    .description(
      'Public release of the year: figures as CSV, JSON and a static HTML page, with disclosure control',
    )
    .requiredOption('--year <YYYY>', 'calendar year')
    .requiredOption('--out <dir>', 'output folder')
    .option('--k <k>', 'suppress every count between 1 and k-1', '11')
    .option('--epsilon <e>', 'add differentially private noise with this epsilon (stated in the output)')
    .option('--from <dir>', 'compute from an exchange-format folder instead of the database')
    .action(async (opts: { year: string; out: string; k: string; epsilon?: string; from?: string }) => {
      const year = parseYear(opts.year);
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 2) throw badInput('--k must be an integer >= 2');
      const epsilon = opts.epsilon === undefined ? undefined : Number(opts.epsilon);
      if (epsilon !== undefined && !(epsilon > 0 && Number.isFinite(epsilon)))
        throw badInput('--epsilon must be a positive number');
      await withSource(opts.from, async (src) => {
        progress('loading records…');
        const loaded = await loadData(src, year, year);
        progress('protecting…');
        const rel = publicRelease(loaded, year, { k, ...(epsilon !== undefined ? { epsilon } : {}) });
        const files = writeRelease(rel, opts.out);
        progressDone();
        process.stdout.write(
          `wrote ${files.join(', ')}\nk = ${k}: ${rel.disclosure.primary_suppressed} cells suppressed below k, ${rel.disclosure.complementary_suppressed} complementary${epsilon !== undefined ? `; differential privacy epsilon = ${epsilon}` : ''}\n`,
        );
      });
    });
}
