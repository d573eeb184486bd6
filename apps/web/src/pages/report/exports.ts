/**
 * Exports of the dashboard: every table as CSV and XLSX (one workbook with a sheet per table too), charts
 * and the map as SVG and PNG. Text cells go through the core's spreadsheet-safety (`neutraliseCell`), so no
 * cell can start a formula in a spreadsheet program; numbers stay numbers. XLSX is written by exceljs, loaded
 * only when a workbook is asked for (its own chunk). No request leaves the browser.
 */
import { csvCell, neutraliseCell } from '@enlace/core/spreadsheet-safety';

export type Cell = string | number | null;

export interface ExportTable {
  /** the sheet's name */
  name: string;
  /**
   * the file's name without extension, when it says more than the title (the filter of a state's page); else the
   * title's (which holds the years: two years' downloads of a table never share a name)
   */
  file?: string;
  /** the table's title with its years, first row of the sheet */
  title: string;
  header: string[];
  rows: Cell[][];
  /** optional note under the table (source, filters) */
  note?: string;
  /**
   * Number formats of the workbook's cells (Excel's codes: `0%`, `#,##0.00`), by row of `rows` or else by
   * column: a share reads "98%" in a spreadsheet, not 0.983633387888707. CSV keeps the plain numbers.
   */
  rowFormats?: (string | undefined)[];
  columnFormats?: (string | undefined)[];
}

/** Excel number formats of the dashboard's figures. */
export const XLSX_FORMAT = { share: '0%', money: '#,##0.00' } as const;

/** The CSV of a table (RFC 4180, CRLF), with a BOM so spreadsheet programs read UTF-8. */
export function tableCsv(t: ExportTable): string {
  const lines = [t.header, ...t.rows].map((r) => r.map((c) => csvCell(c)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Words a shortened sheet name does not end on ("Registros por estado y…" reads as "Registros por estado…"). */
const TRAILING = new Set([
  'a',
  'de',
  'del',
  'el',
  'en',
  'la',
  'las',
  'los',
  'por',
  'y',
  'and',
  'by',
  'of',
  'the',
]);

/**
 * Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules), unique in the workbook. A longer name is
 * cut after a whole word and ends with "…" ("Complicidad de servidores…", not "Complicidad de servidores públi").
 */
export function sheetName(name: string, taken: Set<string>): string {
  const clean = name.replace(/[[\]:*?/\\]/g, ' ').trim();
  let base = clean.slice(0, 31).trim();
  if (clean.length > 31) {
    const words = clean.slice(0, 30).split(' ');
    if (words.length > 1 && clean[30] !== ' ') words.pop();
    while (words.length > 1 && TRAILING.has(words[words.length - 1]!.toLowerCase())) words.pop();
    const cut = words.join(' ').trim();
    if (cut) base = `${cut}…`;
  }
  base ||= 'Hoja';
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
    t.rows.forEach((r, i) => {
      const row = ws.addRow(r.map((c) => (typeof c === 'string' ? neutraliseCell(c) : c)));
      r.forEach((c, j) => {
        const fmt = t.rowFormats?.[i] ?? t.columnFormats?.[j];
        if (typeof c === 'number' && fmt) row.getCell(j + 1).numFmt = fmt;
      });
    });
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

/** The name a table's file takes (before fileName makes it safe): its own, or its title with the years. */
export function tableFileName(t: ExportTable): string {
  return t.file ?? t.title;
}

export function saveCsv(t: ExportTable): void {
  saveFile(`${fileName(tableFileName(t))}.csv`, 'text/csv;charset=utf-8', tableCsv(t));
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

/** What is drawn around a figure in its file: its title above, its legend (the map's classes) and a note below. */
export interface FigureCaption {
  title?: string;
  legend?: { color: string; text: string }[];
  note?: string;
}

/** A standalone SVG of a figure and its size in pixels (the PNG is drawn at its proportions). */
export interface StandaloneSvg {
  text: string;
  width: number;
  height: number;
}

/** Text lines of at most `max` characters (a word longer than that stands alone). */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > max && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function svgText(x: number, y: number, size: number, text: string, weight?: string): SVGTextElement {
  const el = document.createElementNS(SVG_NS, 'text');
  el.setAttribute('x', String(x));
  el.setAttribute('y', String(y));
  el.setAttribute('font-size', String(size));
  el.setAttribute('font-family', 'DejaVu Sans, Liberation Sans, Arial, sans-serif');
  el.setAttribute('fill', '#1b1b1b');
  if (weight) el.setAttribute('font-weight', weight);
  el.textContent = text;
  return el;
}

/**
 * A standalone SVG file of a chart or the map on screen: the computed colours and fonts written as
 * attributes (the page styles them with classes), a white background, interactive attributes removed; the
 * caption's title above the figure and its legend and note below (a map taken away without its legend
 * cannot be read: its colours are classes of values).
 */
export function standaloneSvgFile(svg: SVGSVGElement, caption: FigureCaption = {}): StandaloneSvg {
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
  if (caption.title) clone.setAttribute('aria-label', caption.title);
  const vb = svg.viewBox.baseVal;
  let width = vb?.width ? vb.width : 800;
  let height = vb?.width ? vb.height : 480;
  if (vb?.width) {
    // text sized to the figure: the chart's own 13 px at a phone's width, larger on the 1000-unit map
    const size = Math.max(13, Math.round(vb.width / 42));
    const pad = Math.round(size * 0.8);
    const charW = size * 0.6;
    const maxChars = Math.max(20, Math.floor(vb.width / charW));
    const above: SVGElement[] = [];
    const below: SVGElement[] = [];
    let top = vb.y;
    const titleLines = caption.title ? wrapWords(caption.title, Math.floor(maxChars / 1.1)) : [];
    for (const line of titleLines.reverse()) {
      above.push(svgText(vb.x, top - pad * 0.6, Math.round(size * 1.1), line, 'bold'));
      top -= Math.round(size * 1.5);
    }
    if (titleLines.length) top -= pad;
    let y = vb.y + vb.height + pad;
    if (caption.legend?.length) {
      let x = vb.x;
      y += size;
      for (const item of caption.legend) {
        const w = size * 1.4 + item.text.length * charW + size;
        if (x + w > vb.x + vb.width && x > vb.x) {
          x = vb.x;
          y += Math.round(size * 1.6);
        }
        const sw = document.createElementNS(SVG_NS, 'rect');
        sw.setAttribute('x', String(x));
        sw.setAttribute('y', String(y - size * 0.85));
        sw.setAttribute('width', String(size));
        sw.setAttribute('height', String(size));
        sw.setAttribute('fill', item.color);
        sw.setAttribute('stroke', '#6b7280');
        sw.setAttribute('stroke-width', '1');
        below.push(sw, svgText(x + size * 1.4, y, size, item.text));
        x += w;
      }
      y += Math.round(size * 0.8);
    }
    if (caption.note) {
      const small = Math.round(size * 0.85);
      for (const line of wrapWords(caption.note, Math.floor(maxChars / 0.85))) {
        y += Math.round(small * 1.4);
        below.push(svgText(vb.x, y, small, line));
      }
    }
    if (below.length) y += pad;
    // a margin all round: nothing of the figure touches the file's edge
    const x0 = vb.x - pad;
    const y0 = Math.min(vb.y, top) - (titleLines.length ? 0 : pad);
    const y1 = Math.max(vb.y + vb.height + pad, y);
    width = vb.width + 2 * pad;
    height = y1 - y0;
    clone.setAttribute('viewBox', `${x0} ${y0} ${width} ${height}`);
    clone.setAttribute('width', String(Math.round(width)));
    clone.setAttribute('height', String(Math.round(height)));
    const bg = document.createElementNS(SVG_NS, 'rect');
    bg.setAttribute('x', String(x0));
    bg.setAttribute('y', String(y0));
    bg.setAttribute('width', String(width));
    bg.setAttribute('height', String(height));
    bg.setAttribute('fill', '#ffffff');
    clone.insertBefore(bg, clone.firstChild);
    for (const el of [...above, ...below]) clone.append(el);
  }
  return {
    text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`,
    width,
    height,
  };
}

/** The SVG file's text (see standaloneSvgFile). */
export function standaloneSvg(svg: SVGSVGElement, title?: string): string {
  return standaloneSvgFile(svg, { title }).text;
}

export function saveSvg(name: string, svg: SVGSVGElement, caption?: FigureCaption): void {
  saveFile(`${fileName(name)}.svg`, 'image/svg+xml', standaloneSvgFile(svg, caption).text);
}

/** PNG of the SVG at `width` pixels (drawn from a data: URL, which the page's CSP allows for images). */
export async function saveSvgPng(
  name: string,
  svg: SVGSVGElement,
  caption?: FigureCaption,
  width = 1600,
): Promise<void> {
  const file = standaloneSvgFile(svg, caption);
  const ratio = file.width ? file.height / file.width : 0.6;
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(file.text)}`;
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
