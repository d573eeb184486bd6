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
  // Exact sums (the report prints whole amounts as integers): cents only when there are any.
  const cur = (currency: string, digits: number) =>
    new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  const money = {
    MXN: [cur('MXN', 0), cur('MXN', 2)],
    USD: [cur('USD', 0), cur('USD', 2)],
  } as const;
  const num = (v: Json | undefined) => (typeof v === 'number' ? n.format(v) : '—');
  return {
    num,
    figure: (path, v) => {
      const c = MONEY[path];
      if (!c || typeof v !== 'number') return num(v);
      return money[c][Number.isInteger(v) ? 0 : 1].format(v);
    },
    share: (v) => (v === null ? '—' : pct.format(v)),
  };
}
