import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILES } from './spec.ts';

// The contract lives in ../shared (the project's shared folder beside the checkout, not in this repository;
// README "Tests and ../shared"): both tests need it and say so.
const schemaUrl = new URL('../../../../../shared/spec/exchange-format.schema.json', import.meta.url);

describe('exchange spec table', () => {
  it('finds the contract beside the repository (needs ../shared/spec/exchange-format.schema.json)', () =>
    expect(
      existsSync(schemaUrl),
      `needs ${schemaUrl.pathname}: put the project's shared folder beside the checkout as ../shared (README, "Tests and ../shared")`,
    ).toBe(true));
  it('matches exchange-format.schema.json file by file, column by column (needs ../shared/spec)', () => {
    const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as {
      files: Record<
        string,
        {
          columns: {
            name: string;
            type: string;
            required?: boolean;
            values?: string[];
            item_values?: string[];
            item?: string;
            references?: string;
            minimum?: number;
            default?: string;
          }[];
        }
      >;
    };
    expect(new Set(FILES.map((f) => f.file))).toEqual(new Set(Object.keys(schema.files)));
    for (const def of FILES) {
      const cols = schema.files[def.file]!.columns;
      expect(def.columns.map((c) => c.name)).toEqual(cols.map((c) => c.name));
      for (const [i, c] of cols.entries()) {
        const mine = def.columns[i]!;
        expect({ file: def.file, name: c.name, type: mine.type }).toEqual({
          file: def.file,
          name: c.name,
          type: c.type,
        });
        expect(!!mine.required).toBe(!!c.required);
        if (c.values) expect([...mine.values!]).toEqual(c.values);
        if (c.item_values) expect([...mine.values!]).toEqual(c.item_values);
        if (c.item) expect(mine.item).toBe(c.item);
        expect(mine.references ? `${mine.references}.csv` : undefined).toBe(c.references);
        expect(mine.minimum).toBe(c.minimum);
        expect(mine.default).toBe(c.default);
      }
    }
  });
});
