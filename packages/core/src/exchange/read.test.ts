import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from './cells.ts';
import { readRows, validateFolder } from './read.ts';
import { memorySource } from './source.ts';
import { FILE_BY_KIND, FILES, type FileDef, type RecordKind } from './spec.ts';
import { buildFile, generateRows, type Rows } from './testing.ts';
import { formatFolder } from './write.ts';

function folderOf(rows: Rows, orders?: Partial<Record<RecordKind, number[]>>) {
  const files: Record<string, string> = {};
  const built: Record<string, ReturnType<typeof buildFile>> = {};
  for (const def of FILES) {
    const b = buildFile(def, rows[def.kind], orders?.[def.kind]);
    files[def.file] = b.text;
    built[def.kind] = b;
  }
  return { files, built };
}

async function readAll(
  files: Record<string, string | Uint8Array>,
  chunk = 7,
): Promise<Record<string, CellValue[][]>> {
  const src = memorySource(files, chunk);
  const out: Record<string, CellValue[][]> = {};
  for (const def of FILES) {
    if (!(def.file in files)) continue;
    const list: CellValue[][] = [];
    await readRows(src, def, (r) => {
      list.push(r.values);
    });
    out[def.kind] = list;
  }
  return out;
}

describe('exchange folder validation (property-based)', () => {
  it('accepts every generated valid folder, in any column order and chunking, and reads back the same rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), fc.nat({ max: 40 }), async (g, chunkSeed) => {
        const rows = generateRows(g);
        const orders: Partial<Record<RecordKind, number[]>> = {};
        for (const def of FILES) {
          orders[def.kind] = g(
            fc.shuffledSubarray,
            def.columns.map((_, i) => i),
            {
              minLength: def.columns.length,
              maxLength: def.columns.length,
            },
          );
        }
        const { files } = folderOf(rows, orders);
        const res = await validateFolder(memorySource(files, 1 + chunkSeed));
        expect(res.errors).toEqual([]);
        expect(res.ok).toBe(true);
        const back = await readAll(files, 1 + chunkSeed);
        for (const def of FILES) expect(back[def.kind]).toEqual(rows[def.kind]);
        // canonical re-export is byte-identical to the spec-order export
        expect(formatFolder(back)).toEqual(formatFolder(rows));
      }),
      { numRuns: 60 },
    );
  });

  type Corruption = {
    name: string;
    applies: (def: FileDef, rows: CellValue[][]) => boolean;
    apply: (
      g: fc.GeneratorValue,
      def: FileDef,
      rows: Rows,
      files: Record<string, string | Uint8Array>,
    ) => { line: number; column: string | null; code: string };
  };

  const setCell = (
    g: fc.GeneratorValue,
    def: FileDef,
    rows: Rows,
    files: Record<string, string | Uint8Array>,
    pred: (c: FileDef['columns'][number]) => boolean,
    raw: string,
    code: string,
  ) => {
    const cols = def.columns.map((c, i) => [c, i] as const).filter(([c]) => pred(c));
    const [col, ci] = cols[g(fc.integer, { min: 0, max: cols.length - 1 })]!;
    const r = g(fc.integer, { min: 0, max: rows[def.kind].length - 1 });
    const copy = rows[def.kind].map((x) => x.slice());
    const b0 = buildFile(def, copy);
    // write the raw cell text verbatim (already CSV-safe)
    const marker = `\u0001MARK\u0001`;
    copy[r]![ci] = marker as CellValue;
    const text = buildFile(
      { ...def, columns: def.columns.map((c, i) => (i === ci ? { ...c, type: 'text' } : c)) },
      copy,
    ).text.replace(marker, raw);
    files[def.file] = text;
    return { line: b0.lines[r]!, column: col.name, code };
  };

  const CORRUPTIONS: Corruption[] = [
    {
      name: 'unknown column',
      applies: () => true,
      apply: (_g, def, rows, files) => {
        // the header gains a column and every row an empty cell: only the header is wrong
        const header = buildFile(def, []).header;
        const body = rows[def.kind].map((r) =>
          buildFile(def, [r])
            .text.slice(header.join(',').length + 2)
            .replace(/\r\n$/, ',\r\n'),
        );
        files[def.file] = `${header.join(',')},zz_extra\r\n${body.join('')}`;
        return { line: 1, column: 'zz_extra', code: 'unknown_column' };
      },
    },
    {
      name: 'invalid enumerated value',
      applies: (def, r) => r.length > 0 && def.columns.some((c) => c.type === 'enum'),
      apply: (g, def, rows, files) =>
        setCell(g, def, rows, files, (c) => c.type === 'enum', 'no_such_value', 'invalid_enum'),
    },
    {
      name: 'impossible date',
      applies: (def, r) => r.length > 0 && def.columns.some((c) => c.type === 'date'),
      apply: (g, def, rows, files) =>
        setCell(g, def, rows, files, (c) => c.type === 'date', '2023-02-29', 'invalid_date'),
    },
    {
      name: 'bad INEGI state',
      applies: (def, r) => r.length > 0 && def.columns.some((c) => c.type === 'inegi_state'),
      apply: (g, def, rows, files) =>
        setCell(g, def, rows, files, (c) => c.type === 'inegi_state', '33', 'invalid_state'),
    },
    {
      name: 'bad CURP check digit',
      applies: (def, r) => r.length > 0 && def.kind === 'persons',
      apply: (g, def, rows, files) =>
        setCell(g, def, rows, files, (c) => c.type === 'curp', 'HEGG560427MVZRRL05', 'invalid_curp'),
    },
    {
      name: 'unknown country',
      applies: (def, r) => r.length > 0 && def.columns.some((c) => c.type === 'iso3166_alpha3'),
      apply: (g, def, rows, files) =>
        setCell(g, def, rows, files, (c) => c.type === 'iso3166_alpha3', 'XYZ', 'invalid_country'),
    },
    {
      name: 'unknown reference',
      applies: (def, r) => r.length > 0 && def.columns.some((c) => c.references),
      apply: (g, def, rows, files) =>
        setCell(g, def, rows, files, (c) => !!c.references, 'no-such-id-000', 'unknown_reference'),
    },
    {
      name: 'invalid UTF-8 byte',
      applies: (_def, r) => r.length > 0,
      apply: (g, def, rows, files) => {
        const res = setCell(
          g,
          def,
          rows,
          files,
          (c) => c.name === def.idColumn,
          'id\u0002bad',
          'invalid_utf8',
        );
        const bytes = Buffer.from(files[def.file] as string, 'utf8');
        const at = bytes.indexOf(0x02);
        bytes[at] = 0xff;
        files[def.file] = bytes;
        return res;
      },
    },
    {
      name: 'bad quoting',
      applies: (_def, r) => r.length > 0,
      apply: (g, def, rows, files) => {
        const res = setCell(g, def, rows, files, (c) => c.name === def.idColumn, '"abc"def', 'csv_syntax');
        return { ...res, column: null };
      },
    },
    {
      name: 'duplicate id',
      applies: (_def, r) => r.length > 0,
      apply: (g, def, rows, files) => {
        const r = g(fc.integer, { min: 0, max: rows[def.kind].length - 1 });
        const copy = rows[def.kind].map((x) => x.slice());
        copy.push(copy[r]!.slice());
        const b = buildFile(def, copy);
        files[def.file] = b.text;
        return { line: b.lines[copy.length - 1]!, column: def.idColumn, code: 'duplicate_id' };
      },
    },
    {
      name: 'missing field',
      applies: (_def, r) => r.length > 0,
      apply: (g, def, rows, files) => {
        const r = g(fc.integer, { min: 0, max: rows[def.kind].length - 1 });
        const b = buildFile(def, rows[def.kind]);
        const line = b.lines[r]!;
        // append a whole extra field to that row instead of removing one (robust to quoted newlines)
        const next = rows[def.kind].length > r + 1 ? b.lines[r + 1]! : null;
        const parts = b.text.split('\r\n');
        void parts;
        const rowTexts = rows[def.kind].map((v) =>
          buildFile(def, [v]).text.split('\r\n').slice(1).join('\r\n'),
        );
        rowTexts[r] = rowTexts[r]!.replace(/\r\n$/, ',extra\r\n');
        files[def.file] = `${b.header.join(',')}\r\n${rowTexts.join('')}`;
        void next;
        return { line, column: null, code: 'field_count' };
      },
    },
    {
      name: 'missing required column',
      applies: (def) => def.columns.filter((c) => c.required).length > 1,
      apply: (_g, def, rows, files) => {
        const drop = def.columns.findIndex((c, i) => c.required && i > 0);
        const order = def.columns.map((_, i) => i).filter((i) => i !== drop);
        files[def.file] = buildFile(def, rows[def.kind], order).text;
        return { line: 1, column: def.columns[drop]!.name, code: 'missing_column' };
      },
    },
  ];

  it('reports each corruption at its file, line and column, in es and en', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.gen(),
        fc.constantFrom(...CORRUPTIONS),
        fc.nat({ max: 20 }),
        async (g, corruption, chunk) => {
          const rows = generateRows(g);
          const candidates = FILES.filter((d) => corruption.applies(d, rows[d.kind]));
          fc.pre(candidates.length > 0);
          const def = candidates[g(fc.integer, { min: 0, max: candidates.length - 1 })]!;
          const { files } = folderOf(rows) as { files: Record<string, string | Uint8Array> };
          const expected = corruption.apply(g, def, rows, files);
          const res = await validateFolder(memorySource(files, 1 + chunk));
          expect(res.ok).toBe(false);
          const hit = res.errors.find(
            (e) =>
              e.file === def.file &&
              e.line === expected.line &&
              e.column === expected.column &&
              e.code === expected.code,
          );
          if (!hit)
            throw new Error(
              `${corruption.name}: expected ${JSON.stringify(expected)} in ${def.file}, got ${JSON.stringify(res.errors.slice(0, 5))}`,
            );
          expect(hit.message.es.length).toBeGreaterThan(0);
          expect(hit.message.en.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 200), endOnFailure: true },
    );
  });
});

describe('exchange folder validation (examples)', () => {
  const agencies =
    'agency_id,name,level,kind,state_code,country\r\nfgj-cdmx,"Fiscalía, CDMX",state,prosecutor,09,MEX\r\n';

  it('requires agencies.csv and rejects unknown files', async () => {
    const res = await validateFolder(
      memorySource({ 'persons.csv': 'person_id,agency_id\n', 'persona.csv': 'x\n' }),
    );
    expect(res.errors.map((e) => [e.file, e.code])).toEqual(
      expect.arrayContaining([
        ['agencies.csv', 'missing_file'],
        ['persona.csv', 'unknown_file'],
      ]),
    );
  });

  it('lists every error, caps the list and counts the rest', async () => {
    let persons = 'person_id,agency_id,sex\r\n';
    for (let i = 0; i < 50; i++) persons += `p${i},fgj-cdmx,mujer\r\n`;
    const res = await validateFolder(memorySource({ 'agencies.csv': agencies, 'persons.csv': persons }), {
      maxErrors: 10,
    });
    expect(res.errors).toHaveLength(10);
    expect(res.errorCount).toBe(50);
    expect(res.errors[0]).toMatchObject({
      file: 'persons.csv',
      line: 2,
      column: 'sex',
      code: 'invalid_enum',
    });
  });

  it('checks references against the database through existsInDb', async () => {
    const files = {
      'agencies.csv': agencies,
      'identifications.csv':
        'identification_id,person_id,agency_id,date,primary_form\r\ni1,db-person,fgj-cdmx,2022-01-05,sexual\r\ni2,ghost,fgj-cdmx,2022-01-05,sexual\r\n',
    };
    const res = await validateFolder(memorySource(files), {
      existsInDb: async (kind, ids) =>
        new Set(kind === 'persons' ? ids.filter((i) => i === 'db-person') : []),
    });
    expect(res.errors).toEqual([
      expect.objectContaining({
        file: 'identifications.csv',
        line: 3,
        column: 'person_id',
        code: 'unknown_reference',
      }),
    ]);
  });

  it('applies the agency state_code rule and the country default', async () => {
    const files = {
      'agencies.csv':
        'agency_id,name,level,kind,state_code\r\na,A,state,police,\r\nb,B,federal,police,09\r\nc,C,ngo,hotline,\r\n',
    };
    const res = await validateFolder(memorySource(files));
    expect(res.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'state_code_required'],
      [3, 'state_code_not_allowed'],
    ]);
    const rows: CellValue[][] = [];
    await readRows(
      memorySource({ 'agencies.csv': 'agency_id,name,level,kind\r\nc,C,ngo,hotline\r\n' }),
      FILE_BY_KIND.agencies,
      (r) => {
        rows.push(r.values);
      },
    );
    expect(rows).toEqual([['c', 'C', 'ngo', 'hotline', null, 'MEX']]);
  });

  it('never puts personal values into error messages', async () => {
    const files = {
      'agencies.csv': agencies,
      'persons.csv': 'person_id,agency_id,curp,birth_date\r\np1,fgj-cdmx,SECRETO12345678901,31-12-1990\r\n',
    };
    const res = await validateFolder(memorySource(files));
    expect(res.errors).toHaveLength(2);
    for (const e of res.errors) {
      expect(JSON.stringify(e)).not.toContain('SECRETO');
      expect(JSON.stringify(e)).not.toContain('1990');
    }
  });

  it('scoped uploads may only carry rows of allowed agencies', async () => {
    const files = {
      'agencies.csv': `${agencies}otra,Otra,federal,police,,MEX\r\n`,
      'persons.csv': 'person_id,agency_id\r\np1,fgj-cdmx\r\np2,otra\r\n',
    };
    const res = await validateFolder(memorySource(files), { allowedAgencies: new Set(['fgj-cdmx']) });
    expect(res.errors).toEqual([
      expect.objectContaining({ file: 'persons.csv', line: 3, code: 'forbidden_agency' }),
    ]);
  });
});
