import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart, wrapLabel } from './BarChart.tsx';

describe('BarChart', () => {
  it('a name wrapped onto two lines keeps the space between its words in the text', () => {
    const label =
      'Línea de atención · Contactos relacionados con trata de personas, canalizados a una fiscalía';
    // drawn before the first measurement (420 units wide): this name takes two lines
    expect(wrapLabel(label, 420).length).toBeGreaterThan(1);
    const html = renderToStaticMarkup(
      <BarChart
        label="Tendencia"
        years={[2024, 2025]}
        rows={[{ label, values: [1, 2], texts: ['1', '2'] }]}
      />,
    );
    const text = [...html.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join('');
    expect(text).toBe(label);
  });
});
