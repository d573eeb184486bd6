/** Number formatting of the dashboard, in the current language (Intl). */
import { currentLocale } from '../../i18n/index.ts';
import { MONEY } from './figures.ts';
import type { Json } from './types.ts';

export interface Formatters {
  num(v: Json | undefined): string;
  figure(path: string, v: Json | undefined): string;
  share(v: number | null): string;
}

export function formatters(): Formatters {
  const locale = currentLocale();
  const n = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const money = {
    MXN: new Intl.NumberFormat(locale, { style: 'currency', currency: 'MXN', maximumFractionDigits: 0 }),
    USD: new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
  };
  const num = (v: Json | undefined) => (typeof v === 'number' ? n.format(v) : '—');
  return {
    num,
    figure: (path, v) => {
      const cur = MONEY[path];
      return cur && typeof v === 'number' ? money[cur].format(v) : num(v);
    },
    share: (v) => (v === null ? '—' : pct.format(v)),
  };
}
