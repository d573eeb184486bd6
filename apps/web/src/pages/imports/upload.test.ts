import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from './upload.ts';

const line = fc.oneof(
  fc.record({
    progress: fc.record({
      phase: fc.constantFrom('validate', 'load'),
      file: fc.string(),
      rows: fc.nat(),
      bytes: fc.nat(),
      totalBytes: fc.nat(),
    }),
  }),
  fc.record({ progress: fc.record({ phase: fc.constant('link'), done: fc.nat(), total: fc.nat() }) }),
  fc.record({ error: fc.record({ code: fc.string(), message: fc.string() }) }),
);

describe('readLines (the import stream of JSON lines)', () => {
  it('reads the same lines however the text arrives in pieces, and never a partial line', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (lines, cuts) => {
        const text = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
        const ends = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const got: unknown[] = [];
        let next = 0;
        for (const end of [...ends, text.length]) {
          const r = readLines(text.slice(0, end), next);
          got.push(...r.lines);
          next = r.next;
        }
        expect(got).toEqual(lines);
        expect(next).toBe(text.length);
      }),
    );
  });

  it('skips blank lines and lines that are not JSON (a proxy page), keeping the rest', () => {
    const text = '{"progress":{"phase":"link","done":1,"total":2}}\n\n<html>\n{"error":{"code":"x"}}\n{"par';
    const r = readLines(text, 0);
    expect(r.lines).toEqual([{ progress: { phase: 'link', done: 1, total: 2 } }, { error: { code: 'x' } }]);
    expect(text.slice(r.next)).toBe('{"par'); // the unfinished line waits for the rest
  });
});
