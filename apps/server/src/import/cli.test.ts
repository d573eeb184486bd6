import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressBar } from './cli.ts';

/** A terminal that keeps what is written to it. */
function terminal(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY, columns: 160 }) as unknown as NodeJS.WriteStream;
  let text = '';
  out.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return { out, text: () => text };
}

describe('import progress bar (cli-progress)', () => {
  it('on a terminal: one bar per phase with its label, the file and the share of bytes read', () => {
    const t = terminal(true);
    const bar = progressBar(t.out);
    bar.update({ phase: 'validate', file: 'persons.csv', rows: 0, bytes: 250, totalBytes: 1000 });
    bar.update({ phase: 'load', file: 'cases.csv', rows: 5, bytes: 500, totalBytes: 1000 });
    bar.done();
    expect(t.text()).toMatch(/validando\/validating \[[█░]+\] 25% persons\.csv 0 rows/);
    expect(t.text()).toMatch(/cargando\/loading \[[█░]+\] 50% cases\.csv/);
  });

  it('then the linkage of the new persons, as a bar of its own (the same library, no hand-drawn line)', () => {
    const t = terminal(true);
    const bar = progressBar(t.out);
    bar.update({ phase: 'load', file: 'persons.csv', rows: 5, bytes: 1000, totalBytes: 1000 });
    bar.link(0, 40);
    bar.link(10, 40);
    bar.done();
    expect(t.text()).toMatch(/vinculando\/linking \[[█░]+\] 25% 10\/40 persons/);
    expect(t.text()).not.toMatch(/linking persons: /);
  });

  it('writes nothing when the output is not a terminal (a log file, a pipe)', () => {
    const t = terminal(false);
    const bar = progressBar(t.out);
    bar.update({ phase: 'validate', file: 'persons.csv', rows: 10, bytes: 100, totalBytes: 1000 });
    bar.link(1, 2);
    bar.done();
    expect(t.text()).toBe('');
  });
});
