import { DATE_FORMATS, FIELD_TYPES } from '@enlace/linkage';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { parseColumnMap } from './link-map.ts';

const column = fc.string({ minLength: 1, maxLength: 12 });

describe('MAP.json (zod)', () => {
  it('a valid map reads back as written: id, delimiter, trim, date format and columns in their order', () => {
    fc.assert(
      fc.property(
        column,
        fc.constantFrom(',', ';', '\t', '|'),
        fc.boolean(),
        fc.constantFrom(...DATE_FORMATS),
        fc.uniqueArray(fc.constantFrom(...FIELD_TYPES), { minLength: 1 }),
        fc.array(column, { minLength: 1, maxLength: 3 }),
        (id, delimiter, trim, date_format, fields, cols) => {
          const columns = Object.fromEntries(fields.map((f, i) => [f, i % 2 ? cols : cols[0]!]));
          const m = parseColumnMap('MAP.json', JSON.stringify({ id, delimiter, trim, date_format, columns }));
          expect(m).toMatchObject({ id, delimiter, trim, dateFormat: date_format });
          expect([...m.columns.keys()]).toEqual(fields);
          for (const [i, f] of fields.entries()) expect(m.columns.get(f)).toEqual(i % 2 ? cols : [cols[0]]);
        },
      ),
    );
  });

  it('defaults: comma, no trimming, ISO dates', () => {
    const m = parseColumnMap('MAP.json', '{"id":"folio","columns":{"full_name":"nombre"}}');
    expect(m).toMatchObject({ delimiter: ',', trim: false, dateFormat: 'YYYY-MM-DD' });
  });

  it('any other JSON is refused with one invalid_input error naming the file, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ id: fc.jsonValue(), columns: fc.jsonValue() })),
        (v) => {
          try {
            parseColumnMap('MAP.json', JSON.stringify(v));
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
            expect((e as AppError).code).toBe('invalid_input');
            expect((e as Error).message).toMatch(/^MAP\.json/);
          }
        },
      ),
    );
  });

  it('says what is wrong, key by key', () => {
    const bad = (o: object) => () =>
      parseColumnMap('m.json', JSON.stringify({ id: 'id', columns: { sex: 's' }, ...o }));
    expect(bad({ columns: { nombre_completo: 'n' } })).toThrow(/unknown field type "nombre_completo"/);
    expect(bad({ columns: {} })).toThrow(/"columns" maps no field/);
    expect(bad({ columns: { sex: [] } })).toThrow(/"sex" must be a column name or a list/);
    expect(bad({ id: '' })).toThrow(/"id" must name the id column/);
    expect(bad({ delimiter: '' })).toThrow(/"delimiter" must be a non-empty string/);
    expect(bad({ trim: 'yes' })).toThrow(/"trim" must be true or false/);
    expect(bad({ date_format: 'MM-DD-YY' })).toThrow(/"date_format" must be one of YYYY-MM-DD/);
    expect(() => parseColumnMap('m.json', '[1]')).toThrow(/m\.json must hold a JSON object/);
    expect(() => parseColumnMap('m.json', '{ not json')).toThrow(/m\.json is not valid JSON/);
  });
});
