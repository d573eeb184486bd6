import { LAW_ARTICLES } from '@enlace/core/justice';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { currentLocale } from '../../i18n/index.ts';
import { stateName } from '../tips/states.ts';

/** Wire types of the justice API, generated from apps/server/src/api/justice/schema.ts. */
export type Options = ApiResponse<'/api/justice/options'>;

/** An article's short description in the UI's language ("Art. 10 — Trata de personas …"). */
export function articleLabel(code: string, short = false): string {
  const a = LAW_ARTICLES.find((x) => x.article === code);
  if (!a) return `Art. ${code}`; // a charge no longer listed (e.g. "23", not an offence) keeps its number
  const text = currentLocale() === 'en-US' ? a.en : a.es;
  const cut = short && text.length > 70 ? `${text.slice(0, 67)}…` : text;
  return `Art. ${code} — ${cut}`;
}

type RecordKind = keyof Options['records'];
type RecordOpt = Omit<Options['records'][RecordKind][number], 'defendantName'> & {
  defendantName?: string | null;
};

/**
 * The exchange records of a kind as choices a person recognises — "Sentencia del 28 sep 2026 · CP 112/2025 ·
 * Efrén Castillo Ruiz · Puebla · Explotación sexual · 300 meses de prisión" — never their ids (the id is only the value). Two alike get
 * a number.
 */
export function recordChoices(
  kind: RecordKind,
  records: readonly RecordOpt[],
  t: (key: string, vars?: Record<string, unknown>) => string,
): { value: string; label: string }[] {
  const seen = new Map<string, number>();
  return records.map((r) => {
    const base = [
      t(`justice.form.recordLabel.${kind}`, { date: formatDate(r.date) }),
      r.reference,
      r.defendantName,
      r.stateCode ? stateName(r.stateCode) : null,
      t(`records.values.${r.primaryForm}`),
      r.sentenceMonths !== null ? t('casework.page.months', { count: r.sentenceMonths }) : null,
    ]
      .filter(Boolean)
      .join(' · ');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { value: r.id, label: n > 1 ? `${base} (${n})` : base };
  });
}

export function formatDate(d: string | null | undefined): string {
  if (!d) return '—';
  const [y, m, day] = d.split('-').map(Number);
  if (!y) return d;
  if (!m) return String(y);
  const dt = new Date(Date.UTC(y, m - 1, day ?? 1));
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone: 'UTC',
    ...(day ? { dateStyle: 'medium' } : { year: 'numeric', month: 'long' }),
  }).format(dt);
}

export function formatMoney(amount: string | null | undefined, currency = 'MXN'): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  try {
    return new Intl.NumberFormat(currentLocale(), { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "131 días" / "131 days", or "—". */
export function useDays() {
  const { t } = useTranslation();
  return (n: number | null | undefined) =>
    n === null || n === undefined ? '—' : t('justice.days', { count: n });
}

/** A group of checkboxes with a legend (a multi-select that works with a keyboard and on a phone). */
export function Checks({
  legend,
  options,
  value,
  onChange,
  hint,
  empty,
}: {
  legend: string;
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (v: string[]) => void;
  hint?: string;
  empty?: string;
}) {
  const id = useId();
  return (
    <fieldset className="jd-checks" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {options.length === 0 && empty ? <p className="field-hint">{empty}</p> : null}
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="checkbox"
            checked={value.includes(o.value)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, o.value] : value.filter((x) => x !== o.value))
            }
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Checkbox options of the law's articles. */
export function articleOptions() {
  return LAW_ARTICLES.map((a) => ({ value: a.article, label: articleLabel(a.article) }));
}

/**
 * Victims to tick: the persons of the agency's cases, those already ticked, and those found by a name search over the
 * agency's own persons (a victim with no case here).
 */
export function VictimPicker({
  base,
  value,
  onChange,
}: {
  base: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (v: string[]) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  const [searched, setSearched] = useState(false);
  const inputId = useId();
  async function search() {
    if (q.trim().length < 2) return;
    const r = await api.get<ApiResponse<'/api/justice/victims'>>('/justice/victims', {
      query: { q },
    });
    setFound(r.items.map((i) => ({ value: i.personId, label: i.name })));
    setSearched(true);
  }
  const options = [...base];
  for (const f of found) if (!options.some((o) => o.value === f.value)) options.push(f);
  return (
    <div>
      <Checks
        legend={t('justice.form.victims')}
        hint={t('justice.form.victimsHint')}
        options={options}
        value={value}
        onChange={onChange}
        empty={t('justice.form.noVictims')}
      />
      <div className="jd-search">
        <label htmlFor={inputId}>{t('justice.form.victimSearch')}</label>
        <div className="jd-search-row">
          <input
            id={inputId}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              }
            }}
          />
          <button type="button" className="btn btn-secondary" onClick={() => void search()}>
            {t('justice.form.victimSearchButton')}
          </button>
        </div>
        {searched ? (
          <p className="field-hint" role="status">
            {t('justice.form.victimsFound', { count: found.length })}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * What a stage concerns, picked from lists: the crimes (articles of the 2012 Law), the agency's defendants, the
 * victims (with a search by name) and whether a public official took part. Opening a chain and recording the
 * next stage share it.
 */
export function StageParties(p: {
  chargesHint?: boolean;
  defendants: { id: string; displayName: string }[];
  victims: { value: string; label: string }[];
  charges: string[];
  onCharges: (v: string[]) => void;
  defendantIds: string[];
  onDefendantIds: (v: string[]) => void;
  victimIds: string[];
  onVictimIds: (v: string[]) => void;
  complicity: boolean;
  onComplicity: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Checks
        legend={t('justice.form.charges')}
        {...(p.chargesHint ? { hint: t('justice.form.chargesHint') } : {})}
        options={articleOptions()}
        value={p.charges}
        onChange={p.onCharges}
      />
      <div className="jd-grid">
        <Checks
          legend={t('justice.form.defendants')}
          options={p.defendants.map((d) => ({ value: d.id, label: d.displayName }))}
          value={p.defendantIds}
          onChange={p.onDefendantIds}
          empty={t('justice.form.noDefendants')}
        />
        <VictimPicker base={p.victims} value={p.victimIds} onChange={p.onVictimIds} />
      </div>
      <label className="check">
        <input type="checkbox" checked={p.complicity} onChange={(e) => p.onComplicity(e.target.checked)} />
        <span>{t('justice.form.complicity')}</span>
      </label>
    </>
  );
}
