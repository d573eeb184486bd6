/**
 * The annual report's annex on the justice chain (issue 14): how long chains take from the investigation's opening
 * to the first charge, and from the charge to the sentence, nationally (every agency's chains; aggregates only). A
 * median over fewer than `k` chains is not shown, like every published figure below k.
 */
import {
  chainDurations,
  type DurationSummary,
  type JusticeStage,
  summariseDurations,
} from '@enlace/core/justice';
import { chainFirstDates } from '../api/justice/repository.ts';
import type { Db } from '../db/index.ts';

export interface JusticeDurationFigures {
  year: number;
  /** Chains whose first charge fell in the year: opening → charge. */
  openingToCharge: DurationSummary;
  /** Chains whose first sentence fell in the year: charge → sentence, opening → sentence. */
  chargeToSentence: DurationSummary;
  openingToSentence: DurationSummary;
}

export async function justiceDurationFigures(db: Db, year: number): Promise<JusticeDurationFigures> {
  const rows = await chainFirstDates(db);
  const chains = new Map<string, { stage: JusticeStage; startedOn: string }[]>();
  for (const r of rows)
    chains.set(r.chain_id, [
      ...(chains.get(r.chain_id) ?? []),
      { stage: r.stage as JusticeStage, startedOn: r.first_on },
    ]);
  const y = String(year);
  const charged: (number | null)[] = [];
  const toSentence: (number | null)[] = [];
  const whole: (number | null)[] = [];
  for (const stages of chains.values()) {
    const d = chainDurations(stages);
    const first = (s: JusticeStage) => stages.find((x) => x.stage === s)?.startedOn;
    if (first('prosecution')?.startsWith(y)) charged.push(d.openingToChargeDays);
    if (first('sentence')?.startsWith(y)) {
      toSentence.push(d.chargeToSentenceDays);
      whole.push(d.openingToSentenceDays);
    }
  }
  return {
    year,
    openingToCharge: summariseDurations(charged),
    chargeToSentence: summariseDurations(toSentence),
    openingToSentence: summariseDurations(whole),
  };
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TEXT = {
  'es-MX': {
    title: 'Duración de la cadena de justicia',
    intro: (y: number, k: number) =>
      `Días entre etapas de las cadenas registradas en Enlace (investigación → imputación → sentencia), de todas las instituciones: la imputación o la sentencia ocurrió en ${y}. Con menos de ${k} cadenas no se muestra la mediana.`,
    head: ['Tramo', 'Cadenas', 'Mediana (días)', 'Cuartiles (días)'],
    rows: [
      'De la apertura a la imputación',
      'De la imputación a la sentencia',
      'De la apertura a la sentencia',
    ],
    few: (k: number) => `menos de ${k}`,
  },
  'en-US': {
    title: 'Duration of the justice chain',
    intro: (y: number, k: number) =>
      `Days between stages of the chains recorded in Enlace (investigation → charge → sentence), of every agency: the charge or the sentence took place in ${y}. With fewer than ${k} chains the median is not shown.`,
    head: ['Span', 'Chains', 'Median (days)', 'Quartiles (days)'],
    rows: ['Opening to charge', 'Charge to sentence', 'Opening to sentence'],
    few: (k: number) => `fewer than ${k}`,
  },
} as const;

/** The annex's part on durations (HTML), or '' when no chain has the stages. */
export function justiceAnnexHtml(
  f: JusticeDurationFigures | undefined,
  lang: 'es-MX' | 'en-US',
  k = 11,
): string {
  if (!f) return '';
  const sums = [f.openingToCharge, f.chargeToSentence, f.openingToSentence];
  if (sums.every((s) => s.count === 0)) return '';
  const T = TEXT[lang];
  const nf = new Intl.NumberFormat(lang);
  const body = sums
    .map((s, i) => {
      const shown = s.count >= k && s.medianDays !== null;
      const count = s.count === 0 ? '0' : s.count < k ? T.few(k) : nf.format(s.count);
      const median = shown ? nf.format(s.medianDays!) : '—';
      const q = shown ? `${nf.format(s.p25Days!)}–${nf.format(s.p75Days!)}` : '—';
      return `<tr><th scope="row">${esc(T.rows[i]!)}</th><td>${esc(count)}</td><td>${esc(median)}</td><td>${esc(q)}</td></tr>`;
    })
    .join('');
  return `<h3>${esc(T.title)}</h3><p class="note">${esc(T.intro(f.year, k))}</p><table><thead><tr>${T.head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}
