/**
 * Year-on-year bars in inline SVG: for each figure, one bar per year (oldest first), each row scaled to
 * its own largest value so every figure's trend is readable. role="img" with a label; the table next to
 * the chart is the text alternative. Colours are CSS classes (strict CSP).
 */
export interface BarRow {
  label: string;
  values: (number | null)[];
  /** formatted values, same order */
  texts: string[];
}

const W = 420;
const LABEL_H = 18;
const BAR_H = 12;
const GAP = 10;
const VALUE_W = 90;

export function BarChart({ label, years, rows }: { label: string; years: number[]; rows: BarRow[] }) {
  const rowH = LABEL_H + years.length * (BAR_H + 2) + GAP;
  const legendH = 24;
  const H = legendH + rows.length * rowH;
  const barMax = W - VALUE_W;
  return (
    <svg className="report-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {years.map((y, i) => (
        <g key={y} transform={`translate(${i * 70},4)`}>
          <rect className={`bar-y${i}`} width="12" height="12" />
          <text x="18" y="11">
            {y}
          </text>
        </g>
      ))}
      {rows.map((r, ri) => {
        const top = legendH + ri * rowH;
        const max = Math.max(1, ...r.values.map((v) => v ?? 0));
        return (
          <g key={r.label} transform={`translate(0,${top})`}>
            <text className="chart-label" x="0" y="13">
              {r.label}
            </text>
            {r.values.map((v, i) => {
              const w = v ? Math.max(1, (barMax * v) / max) : 0;
              const y = LABEL_H + i * (BAR_H + 2);
              return (
                <g key={years[i]}>
                  <rect className={`bar-y${i}`} x="0" y={y} width={w} height={BAR_H} />
                  <text className="chart-value" x={w + 4} y={y + BAR_H - 2}>
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
