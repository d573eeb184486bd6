/**
 * Exports of the dashboard: every table as CSV and XLSX (one workbook with a sheet per table too), charts
 * and the map as SVG and PNG. Text cells go through the core's spreadsheet-safety (`neutraliseCell`), so no
 * cell can start a formula in a spreadsheet program; numbers stay numbers. XLSX is written by exceljs, loaded
 * only when a workbook is asked for (its own chunk). No request leaves the browser.
 */
import { csvCell, neutraliseCell } from '@enlace/core/spreadsheet-safety';

export type Cell = string | number | null;

export interface ExportTable {
  /** file name without extension, and the sheet's name */
  name: string;
  /** the table's title, first row of the sheet */
  title: string;
  header: string[];
  rows: Cell[][];
  /** optional note under the table (source, filters) */
  note?: string;
}

/** The CSV of a table (RFC 4180, CRLF), with a BOM so spreadsheet programs read UTF-8. */
export function tableCsv(t: ExportTable): string {
  const lines = [t.header, ...t.rows].map((r) => r.map((c) => csvCell(c)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules), unique in the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Hoja';
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(out.toLowerCase());
  return out;
}

/** One XLSX workbook holding each table on its own sheet (title row, bold header, numbers as numbers). */
export async function tablesXlsx(tables: ExportTable[]): Promise<Uint8Array> {
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Enlace';
  const taken = new Set<string>();
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, taken));
    const title = ws.addRow([neutraliseCell(t.title)]);
    title.font = { bold: true, size: 13 };
    const head = ws.addRow(t.header.map((h) => neutraliseCell(h)));
    head.font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c) => (typeof c === 'string' ? neutraliseCell(c) : c)));
    if (t.note) {
      ws.addRow([]);
      ws.addRow([neutraliseCell(t.note)]).font = { italic: true };
    }
    ws.getColumn(1).width = Math.min(60, Math.max(14, ...t.rows.map((r) => String(r[0] ?? '').length + 2)));
    for (let c = 2; c <= t.header.length; c++)
      ws.getColumn(c).width = Math.max(12, (t.header[c - 1] ?? '').length + 2);
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** A file name safe on every system: letters, digits, dashes. */
export function fileName(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'tabla'
  );
}

/** Saves bytes as a file (an <a download> on a blob URL). */
export function saveFile(name: string, type: string, data: BlobPart): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveCsv(t: ExportTable): void {
  saveFile(`${fileName(t.name)}.csv`, 'text/csv;charset=utf-8', tableCsv(t));
}

export async function saveXlsx(name: string, tables: ExportTable[]): Promise<void> {
  const bytes = await tablesXlsx(tables);
  saveFile(
    `${fileName(name)}.xlsx`,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes as unknown as BlobPart,
  );
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Presentation properties copied from the page's CSS onto the exported SVG (colours are CSS classes). */
const PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
] as const;

/**
 * A standalone SVG file of a chart or the map on screen: the computed colours and fonts written as
 * attributes (the page styles them with classes), a white background, interactive attributes removed.
 */
export function standaloneSvg(svg: SVGSVGElement, title?: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const out = dst[i] as Element;
    const cs = getComputedStyle(el);
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v && v !== 'normal') out.setAttribute(p, v);
    }
    for (const a of ['tabindex', 'role', 'aria-pressed', 'class', 'aria-busy']) out.removeAttribute(a);
  });
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('role', 'img');
  if (title) clone.setAttribute('aria-label', title);
  const vb = svg.viewBox.baseVal;
  if (vb?.width) {
    clone.setAttribute('width', String(Math.round(vb.width)));
    clone.setAttribute('height', String(Math.round(vb.height)));
    const bg = document.createElementNS(SVG_NS, 'rect');
    bg.setAttribute('x', String(vb.x));
    bg.setAttribute('y', String(vb.y));
    bg.setAttribute('width', String(vb.width));
    bg.setAttribute('height', String(vb.height));
    bg.setAttribute('fill', '#ffffff');
    clone.insertBefore(bg, clone.firstChild);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

export function saveSvg(name: string, svg: SVGSVGElement, title?: string): void {
  saveFile(`${fileName(name)}.svg`, 'image/svg+xml', standaloneSvg(svg, title));
}

/** PNG of the SVG at `width` pixels (drawn from a data: URL, which the page's CSP allows for images). */
export async function saveSvgPng(
  name: string,
  svg: SVGSVGElement,
  title?: string,
  width = 1600,
): Promise<void> {
  const text = standaloneSvg(svg, title);
  const vb = svg.viewBox.baseVal;
  const ratio = vb?.width ? vb.height / vb.width : 0.6;
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = Math.round(width * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/png'));
  if (!blob) throw new Error('no png');
  saveFile(`${fileName(name)}.png`, 'image/png', blob);
}
