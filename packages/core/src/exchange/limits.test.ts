import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS, maxCellLength, TEXT_MAX_LENGTH } from './cells.ts';
import { formatExchangeError } from './errors.ts';
import { validateFolder } from './read.ts';
import { type FolderSource, memorySource } from './source.ts';
import { FILE_BY_KIND, FILES } from './spec.ts';

const AGENCIES = 'agency_id,name,level,kind\r\nfgr,FGR,federal,prosecutor\r\n';
const PERSONS_HEADER = 'person_id,agency_id,given_names,surname_1,sex\r\n';

/**
 * A folder whose persons.csv is `head`, then `fill` repeated up to `size` bytes, then `tail`, generated on the fly
 * (never held in memory); counts the bytes the reader asked for.
 */
function hugeSource(head: string, fill: string, size: number, tail = '\r\n') {
  const enc = new TextEncoder();
  const chunk = enc.encode(fill.repeat(Math.ceil((64 * 1024) / fill.length)));
  const read = { bytes: 0 };
  const small = memorySource({ 'agencies.csv': AGENCIES });
  const src: FolderSource = {
    async list() {
      return [...(await small.list()), { name: 'persons.csv', size }].sort((a, b) =>
        a.name < b.name ? -1 : 1,
      );
    },
    async *open(name) {
      if (name !== 'persons.csv') {
        yield* small.open(name);
        return;
      }
      const h = enc.encode(head);
      read.bytes += h.byteLength;
      yield h;
      for (let n = 0; n < size; n += chunk.byteLength) {
        read.bytes += chunk.byteLength;
        yield chunk;
      }
      yield enc.encode(tail);
    },
  };
  return { src, read };
}

describe('field and record limits of the exchange reader', () => {
  it('every column of every file has a maximum length; text maxima are the documented ones', () => {
    for (const def of FILES) for (const c of def.columns) expect(maxCellLength(c)).toBeGreaterThan(0);
    const persons = FILE_BY_KIND.persons.columns;
    expect(maxCellLength(persons.find((c) => c.name === 'given_names')!)).toBe(200);
    expect(maxCellLength(persons.find((c) => c.name === 'address')!)).toBe(1000);
    expect(maxCellLength(persons.find((c) => c.name === 'person_id')!)).toBe(64);
    expect(Object.keys(TEXT_MAX_LENGTH).sort()).toEqual(
      FILES.flatMap((f) => f.columns.filter((c) => c.type === 'text').map((c) => c.name)).sort(),
    );
  });

  it('a cell over its maximum is too_long at its file, line and column; the other rows are still checked', async () => {
    const persons = `${PERSONS_HEADER}p1,fgr,${'A'.repeat(201)},Pérez,female\r\np2,fgr,Ana,${'B'.repeat(200)},mujer\r\n`;
    const r = await validateFolder(memorySource({ 'agencies.csv': AGENCIES, 'persons.csv': persons }));
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.file, e.line, e.column, e.code])).toEqual([
      ['persons.csv', 2, 'given_names', 'too_long'],
      ['persons.csv', 3, 'sex', 'invalid_enum'],
    ]);
    expect(r.errors[0]!.message).toEqual({
      es: 'valor de más de 200 caracteres',
      en: 'value longer than 200 characters',
    });
    expect(formatExchangeError(r.errors[0]!, 'es')).toBe(
      'persons.csv:2 [given_names]: valor de más de 200 caracteres (too_long)',
    );
  });

  it('a 100 MB cell is refused after reading a few hundred KiB, never buffered whole', async () => {
    const { src, read } = hugeSource(
      `${PERSONS_HEADER}p1,fgr,Ana,López,female\r\np2,fgr,`,
      'A',
      100 * 2 ** 20,
    );
    const r = await validateFolder(src);
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      file: 'persons.csv',
      line: 3,
      column: null,
      code: 'record_too_long',
    });
    expect(r.errors[0]!.message.en).toBe(
      `record or line longer than ${MAX_RECORD_CHARS} characters; the rest of the file was not read`,
    );
    expect(read.bytes).toBeLessThan(512 * 1024);
  });

  it('a quoted cell of 100 MB over many short lines is refused at its record by the record cap', async () => {
    const { src, read } = hugeSource(
      `${PERSONS_HEADER}p1,fgr,Ana,López,female\r\np2,fgr,"`,
      'line\n',
      100 * 2 ** 20,
      '",López,female\r\n',
    );
    const r = await validateFolder(src);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      file: 'persons.csv',
      line: 3,
      column: 'given_names',
      code: 'record_too_long',
    });
    expect(read.bytes).toBeLessThan(512 * 1024);
  });

  it('a line of a million commas (empty cells) is refused by the line cap', async () => {
    const { src, read } = hugeSource(`${PERSONS_HEADER}p1,fgr,`, ',', 2 ** 20);
    const r = await validateFolder(src);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[2, 'record_too_long']]);
    expect(read.bytes).toBeLessThan(512 * 1024);
  });

  it('an overlong header line is record_too_long, not an empty file', async () => {
    const { src } = hugeSource('person_id,', 'x', 2 ** 20);
    const r = await validateFolder(src);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[1, 'record_too_long']]);
  });

  it('NUL characters are refused in every cell; quoted values in messages are cut short', async () => {
    const persons = `${PERSONS_HEADER}p\u00001,fgr,A\u0000na,López,female\r\np2,fgr,Ana,López,${'x'.repeat(99)}\r\n`;
    const r = await validateFolder(memorySource({ 'agencies.csv': AGENCIES, 'persons.csv': persons }));
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'person_id', 'invalid_character'],
      [2, 'given_names', 'invalid_character'],
      [3, 'sex', 'invalid_enum'],
    ]);
    expect(r.errors[2]!.message.en.length).toBeLessThan(300);
    expect(r.errors[2]!.message.en).toContain('…');
  });
});
