import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useState } from 'react';
import { languageName } from '../casework/labels.ts';
import { fold, LISTING_LANGUAGES, loadMunicipios, type Municipio } from '../providers/catalog.ts';
import { MX_STATES, stateName } from '../tips/states.ts';
import type { Condition, ContactSummary } from './types.ts';

/**
 * Languages a caller may speak, chosen by name: the directory's list (Spanish, English and the Indigenous
 * languages providers serve in) plus languages of migrants who call the hotline and more Indigenous languages.
 */
export const CONTACT_LANGUAGES = [
  ...LISTING_LANGUAGES,
  'pua',
  'tot',
  'tri',
  'amu',
  'tlp',
  'hat',
  'por',
  'fra',
] as const;

export const languageOptions = (t: TFunction) =>
  CONTACT_LANGUAGES.map((c) => ({ value: c, label: languageName(c, t) })).sort((a, b) =>
    a.value === 'spa' ? -1 : b.value === 'spa' ? 1 : a.label.localeCompare(b.label),
  );

export const stateOptions = (t: TFunction) => [
  { value: '', label: t('hotline.form.noState') },
  ...MX_STATES.map((s) => ({ value: s.code, label: s.name })),
];

export const label = (t: TFunction, group: string, code: string | null | undefined) =>
  code ? t(`hotline.${group}.${code}`, { defaultValue: code }) : t('hotline.unknown');

export const formLabel = (t: TFunction, code: string | null | undefined) =>
  code ? t(`records.values.${code}`, { defaultValue: code }) : t('hotline.unknown');

/** INEGI municipalities by code, loaded on demand (null until loaded). */
export function useMunicipios(): ReadonlyMap<string, Municipio> | null {
  const [m, setM] = useState<ReadonlyMap<string, Municipio> | null>(null);
  useEffect(() => {
    loadMunicipios().then(
      (l) => setM(new Map(l.map((x) => [x.code, x]))),
      () => setM(new Map()),
    );
  }, []);
  return m;
}

/** "Iztapalapa, Ciudad de México", or the state alone, or "place not recorded". */
export const placeOf = (
  c: Pick<ContactSummary, 'stateCode'> & { municipality?: string | null },
  t: TFunction,
  municipios?: ReadonlyMap<string, Municipio> | null,
) => {
  const m = c.municipality ? municipios?.get(c.municipality) : undefined;
  if (m) return `${m.name}, ${stateName(m.stateCode)}`;
  return c.stateCode ? stateName(c.stateCode) : t('hotline.unknownPlace');
};

export function when(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A group of checkboxes (risk indicators, services). */
export function Checks({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (v: string[]) => void;
}) {
  const id = useId();
  return (
    <fieldset className="hl-checks">
      <legend>{legend}</legend>
      <div className="hl-check-grid">
        {options.map((o) => (
          <div className="check" key={o.value}>
            <input
              id={`${id}-${o.value}`}
              type="checkbox"
              checked={value.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))
              }
            />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The instrument's skip logic (same operators as packages/core/src/screening). */
export function holds(cond: Condition | undefined, answers: Record<string, unknown>): boolean {
  if (!cond) return true;
  const c = cond as { all?: Condition[]; any?: Condition[]; not?: Condition } & Record<string, unknown>;
  if (c.all) return c.all.every((x) => holds(x, answers));
  if (c.any) return c.any.some((x) => holds(x, answers));
  if (c.not) return !holds(c.not, answers);
  const v = answers[c.item as string];
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  if ('equals' in c) return v === c.equals;
  if ('in' in c) return (c.in as unknown[]).includes(v);
  if ('includes' in c) return list.includes(c.includes);
  if ('includesAny' in c) return (c.includesAny as unknown[]).some((x) => list.includes(x));
  if ('gte' in c) return typeof v === 'number' && v >= (c.gte as number);
  if ('lt' in c) return typeof v === 'number' && v < (c.lt as number);
  if ('answered' in c) return (v !== undefined && v !== null) === c.answered;
  return true;
}

/** The urgency as a badge (text, never colour alone). */
export function UrgencyBadge({ urgency, t }: { urgency: string; t: TFunction }) {
  return <span className={`hl-badge hl-urgency-${urgency}`}>{label(t, 'urgency', urgency)}</span>;
}

const name = (m: Municipio) => `${m.name}, ${stateName(m.stateCode)}`;

/**
 * The municipality, searched by name among INEGI's (restricted to the state when one is chosen); picking one
 * also sets its state. The API gets the 5-digit code.
 */
export function MunicipioPicker({
  value,
  stateCode,
  onChange,
  t,
}: {
  value: string | null;
  stateCode: string | null;
  onChange: (code: string | null, stateCode: string | null) => void;
  t: TFunction;
}) {
  const [all, setAll] = useState<Municipio[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    loadMunicipios().then(setAll, () => setAll([]));
  }, []);
  useEffect(() => {
    const m = value ? all.find((x) => x.code === value) : undefined;
    setText(m ? name(m) : '');
  }, [all, value]);
  const matches = useMemo(() => {
    const q = fold(text.trim());
    if (q.length < 2) return [];
    return all
      .filter((m) => (!stateCode || m.stateCode === stateCode) && fold(name(m)).includes(q))
      .slice(0, 40);
  }, [all, text, stateCode]);
  const choose = (s: string) => {
    setText(s);
    setError(null);
    if (s.trim() === '') return onChange(null, stateCode);
    const m = all.find((x) => name(x) === s);
    if (m) onChange(m.code, m.stateCode);
  };
  return (
    <div className={['field', error ? 'has-error' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{t('hotline.form.municipality')}</label>
      <p id={`${id}-hint`} className="field-hint">
        {t('hotline.form.municipalityHint')}
      </p>
      <input
        id={id}
        value={text}
        list={`${id}-list`}
        autoComplete="off"
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => choose(e.target.value)}
        onBlur={() => {
          if (text.trim() !== '' && !all.some((x) => name(x) === text))
            setError(t('hotline.form.municipalityPick'));
        }}
      />
      <datalist id={`${id}-list`}>
        {matches.map((m) => (
          <option key={m.code} value={name(m)} />
        ))}
      </datalist>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled multi-line text field. */
export function TextArea({
  label: text,
  hint,
  value,
  onChange,
  rows = 5,
  maxLength,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  rows?: number;
  maxLength?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <textarea
        id={id}
        rows={rows}
        value={value}
        maxLength={maxLength}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
