import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scopedTable } from './ExportButtons.tsx';
import { type ExportTable, fileName, sheetName, tableCsv, tableFileName, tablesXlsx } from './exports.ts';

const table: ExportTable = {
  name: 'Víctimas identificadas',
  title: 'Víctimas identificadas, 2022–2024',
  header: ['Cifra', '2022', '2023', '2024'],
  rows: [
    ['Víctimas (personas, sin duplicados)', 458, 538, 590],
    ['=HYPERLINK("http://x","y")', -5, null, 7258907.11],
    ['Federal · explotación sexual', 40, 39, 45],
  ],
};

describe('dashboard exports', () => {
  it('CSV: UTF-8 BOM, header, numbers as numbers, text that would start a formula neutralised', () => {
    const csv = tableCsv(table);
    expect(csv.startsWith('\uFEFFCifra,2022,2023,2024\r\n')).toBe(true);
    expect(csv).toContain('"Víctimas (personas, sin duplicados)",458,538,590\r\n');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")",-5,,7258907.11\r\n`);
  });

  it('XLSX: the workbook opens and holds the figures (numbers as numbers), one sheet per table', async () => {
    const bytes = await tablesXlsx([table, { ...table, title: 'Otra' }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Víctimas identificadas', 'Víctimas identificadas 2']);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('Víctimas identificadas, 2022–2024');
    expect(ws.getRow(2).values).toEqual([undefined, 'Cifra', '2022', '2023', '2024']);
    expect(ws.getCell('A3').value).toBe('Víctimas (personas, sin duplicados)');
    expect(ws.getCell('D3').value).toBe(590);
    expect(ws.getCell('A4').value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(ws.getCell('A4').formula).toBeUndefined();
    expect(ws.getCell('B4').value).toBe(-5);
    expect(ws.getCell('D4').value).toBe(7258907.11);
  });

  it('no text cell of any table starts a formula in the workbook', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), async (texts) => {
        const bytes = await tablesXlsx([
          { name: 't', title: 't', header: ['a'], rows: texts.map((x) => [x]) },
        ]);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(
          bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        );
        wb.worksheets[0]!.eachRow((row) =>
          row.eachCell((c) => {
            expect(c.formula).toBeUndefined();
            if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@\t\r]/);
          }),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('sheet and file names', () => {
    const taken = new Set<string>();
    expect(sheetName('Víctimas: por estado [2024]', taken)).toBe('Víctimas  por estado  2024');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
    expect(sheetName('x'.repeat(40), taken)).toBe(`${'x'.repeat(29)} 2`);
    // a long name is cut after a whole word, not on a trailing "de" / "y", and says it was cut
    expect(sheetName('Complicidad de servidores públicos', taken)).toBe('Complicidad de servidores…');
    expect(sheetName('Registros por estado y conjunto de datos', taken)).toBe('Registros por estado…');
    expect(sheetName('Completitud por conjunto de datos', taken)).toBe('Completitud por conjunto…');
    expect(sheetName('Víctimas por forma, sexo y edad', taken)).toBe('Víctimas por forma, sexo y edad');
    expect(fileName('Víctimas por estado, 2024')).toBe('victimas-por-estado-2024');
  });

  it("a table's file is named by its title, years included; a state's page adds the state", () => {
    const t: ExportTable = {
      name: 'Investigaciones',
      title: 'Investigaciones, 2022–2024',
      header: ['Cifra', '2022', '2023', '2024'],
      rows: [],
    };
    expect(fileName(tableFileName(t))).toBe('investigaciones-2022-2024');
    const scoped = scopedTable(t, { scope: 'Chiapas', note: 'Cifras filtradas por: Chiapas' });
    expect(fileName(tableFileName(scoped))).toBe('investigaciones-2022-2024-chiapas');
    expect(scoped.name).toBe('Investigaciones');
  });
});
