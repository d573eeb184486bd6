/**
 * Year-on-year bars in inline SVG: for each figure, one bar per year (oldest first), each row scaled to
 * its own largest value so every figure's trend is readable. role="img" with a label; the table next to
 * the chart is the text alternative. Colours are CSS classes (strict CSP).
 *
 * The drawing is as wide as the space it is shown in (measured), one SVG unit per CSS pixel, so its text
 * keeps its size on a phone instead of shrinking with the picture; a figure's name wraps onto a second line
 * when the screen is narrow.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { wrapWords } from './exports.ts';

export interface BarRow {
  label: string;
  values: (number | null)[];
  /** formatted values, same order */
  texts: string[];
}

/** width used before the first measurement (and where ResizeObserver is missing) */
const DEFAULT_W = 420;
const MIN_W = 240;
const MAX_W = 576; // the CSS max-width (36rem)
const FONT = 13;
const LINE_H = 17;
const BAR_H = 12;
const GAP = 10;
/** an estimate of a character's width, generous so a line never runs out of the picture */
const CHAR_W = FONT * 0.58;

/** The label's words in lines of at most `width` pixels (estimated). */
export function wrapLabel(label: string, width: number): string[] {
  return wrapWords(label, Math.max(8, Math.floor(width / CHAR_W)));
}

export function BarChart({ label, years, rows }: { label: string; years: number[]; rows: BarRow[] }) {
  const ref = useRef<SVGSVGElement>(null);
  const [W, setW] = useState(DEFAULT_W);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = Math.round(el.parentElement?.clientWidth ?? 0);
      if (w > 0) setW(Math.max(MIN_W, Math.min(MAX_W, w)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    if (el.parentElement) ro.observe(el.parentElement);
    return () => ro.disconnect();
  }, []);
  const barsH = years.length * (BAR_H + 2) + GAP;
  const legendH = 24;
  const laid = rows.map((r) => ({ ...r, lines: wrapLabel(r.label, W) }));
  let y = legendH;
  const tops = laid.map((r) => {
    const top = y;
    y += r.lines.length * LINE_H + 2 + barsH;
    return top;
  });
  const H = y;
  // room after the longest bar for its value
  const valueW = 8 + CHAR_W * Math.max(3, ...rows.flatMap((r) => r.texts.map((t) => t.length)));
  const barMax = Math.max(40, W - valueW);
  return (
    <svg
      ref={ref}
      className="report-chart"
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={label}
    >
      {years.map((yr, i) => (
        <g key={yr} transform={`translate(${i * 70},4)`}>
          <rect className={`bar-y${i}`} width="12" height="12" />
          <text x="18" y="11">
            {yr}
          </text>
        </g>
      ))}
      {laid.map((r, ri) => {
        const top = tops[ri]!;
        const max = Math.max(1, ...r.values.map((v) => v ?? 0));
        const labelH = r.lines.length * LINE_H + 2;
        return (
          <g key={r.label} transform={`translate(0,${top})`}>
            <text className="chart-label" x="0" y="13">
              {r.lines.map((l, li) => (
                <tspan key={l} x="0" dy={li === 0 ? 0 : LINE_H}>
                  {/* the space between the lines' words stays in the text (copied, searched, the SVG file) */}
                  {li < r.lines.length - 1 ? `${l} ` : l}
                </tspan>
              ))}
            </text>
            {r.values.map((v, i) => {
              const w = v ? Math.max(1, (barMax * v) / max) : 0;
              const by = labelH + i * (BAR_H + 2);
              return (
                <g key={years[i]}>
                  <rect className={`bar-y${i}`} x="0" y={by} width={w} height={BAR_H} />
                  <text className="chart-value" x={w + 4} y={by + BAR_H - 1}>
                    {r.texts[i]}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
