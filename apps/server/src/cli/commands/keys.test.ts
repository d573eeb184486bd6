import { describe, expect, it } from 'vitest';
import { rotationProgress } from './keys.ts';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) > 0 } };
}

describe('keys rotate progress', () => {
  it('off a terminal: one line per tenth of the work, never more', () => {
    const { out, stream } = sink(false);
    const bar = rotationProgress(stream, () => 0);
    bar.update({ done: 0, total: 20_000, table: '' });
    for (let done = 500; done <= 20_000; done += 500) bar.update({ done, total: 20_000, table: 'persons' });
    bar.done();
    expect(out).toHaveLength(11);
    expect(out[0]).toBe('keys rotate: 0% (0/20,000 values)\n');
    expect(out[5]).toBe('keys rotate: 50% (10,000/20,000 values, persons)\n');
    expect(out.at(-1)).toBe('keys rotate: 100% (20,000/20,000 values, persons)\n');
  });

  it('an empty database reports 100% at once', () => {
    const { out, stream } = sink(false);
    rotationProgress(stream, () => 0).update({ done: 0, total: 0, table: '' });
    expect(out).toEqual(['keys rotate: 100% (0/0 values)\n']);
  });

  it('on a terminal: one redrawn line, at most ten a second, with the end always shown, then cleared', () => {
    const { out, stream } = sink(true);
    let now = 0;
    const bar = rotationProgress(stream, () => now);
    for (let done = 0; done < 1000; done += 10) {
      now += 5; // 5 ms per batch: 20 batches per redraw
      bar.update({ done, total: 1000, table: 'persons' });
    }
    bar.update({ done: 1000, total: 1000, table: 'persons' });
    bar.done();
    expect(out.length).toBeGreaterThan(3);
    expect(out.length).toBeLessThan(10);
    expect(out.every((l) => l.startsWith('\r\x1b[K'))).toBe(true);
    expect(out.at(-2)).toMatch(/100% persons 1,000\/1,000 values ETA 0s$/);
    expect(out.at(-1)).toBe('\r\x1b[K');
  });
});
