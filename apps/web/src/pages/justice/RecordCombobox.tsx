import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ApiResponse } from '../../api/types.ts';
import { MX_STATES } from '../tips/states.ts';
import { type Options, recordChoices } from './common.tsx';

type RecordKind = keyof Options['records'];
type Matches = ApiResponse<'/api/justice/records'>;

/**
 * An exchange record picked by searching (ARIA 1.2 combobox with a listbox): typing part of a defendant's name or a
 * file number asks the server (`GET /api/justice/records`, debounced) for the agency's matching records, newest
 * first — not only the most recent ones — and says how many more match. Arrow keys, Enter and Escape work; on a
 * phone the options are large tap targets. Clearing the text clears the choice. The value is the record's id; the
 * person only reads labels.
 */
export function RecordCombobox({
  kind,
  label,
  hint,
  value,
  onChange,
  initial,
  required,
}: {
  kind: RecordKind;
  label: string;
  hint?: string;
  value: string;
  onChange: (id: string) => void;
  /** Records already known (the options list), to name the current value without a request. */
  initial: Options['records'][RecordKind];
  required?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const statusId = `${id}-status`;
  const known = useRef(new Map<string, string>());
  for (const c of recordChoices(kind, initial, t)) known.current.set(c.value, c.label);
  const [text, setText] = useState(() => (value ? (known.current.get(value) ?? '') : ''));
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<{ value: string; label: string }[]>([]);
  const [more, setMore] = useState(0);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(-1);
  const [query, setQuery] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [state, setState] = useState('');

  // The chosen value set from outside (e.g. preselected) shows its label.
  useEffect(() => {
    if (value && known.current.has(value)) setText(known.current.get(value) ?? '');
  }, [value]);

  useEffect(() => {
    if (!open) return;
    let stale = false;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const q = query.trim();
        const r = await api.get<Matches>('/justice/records', {
          query: {
            kind,
            ...(q ? { q } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            ...(state ? { state } : {}),
          },
        });
        if (stale) return;
        const choices = recordChoices(kind, r.items, t);
        for (const c of choices) known.current.set(c.value, c.label);
        setItems(choices);
        setMore(r.more);
        setActive(choices.length ? 0 : -1);
      } catch {
        if (!stale) setItems([]);
      } finally {
        if (!stale) setLoading(false);
      }
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [open, query, from, to, state, kind, t]);

  const choose = (o: { value: string; label: string }) => {
    onChange(o.value);
    setText(o.label);
    setOpen(false);
  };

  const status = loading
    ? t('justice.picker.searching')
    : items.length === 0
      ? t('justice.picker.none')
      : more > 0
        ? t('justice.picker.more', { count: more })
        : t('justice.picker.found', { count: items.length });

  return (
    <div className="field jd-combo">
      <label htmlFor={id}>{label}</label>
      <p id={hintId} className="field-hint">
        {hint ? `${hint} ` : ''}
        {t('justice.picker.hint')}
      </p>
      <div className="jd-combo-box">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-describedby={`${hintId} ${statusId}`}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          required={required}
          value={text}
          placeholder={t('justice.picker.placeholder')}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(e) => {
            setText(e.target.value);
            setQuery(e.target.value);
            setOpen(true);
            if (value) onChange('');
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(items.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter' && open) {
              const o = items[active];
              if (o) {
                e.preventDefault();
                choose(o);
              }
            } else if (e.key === 'Escape') {
              setOpen(false);
            }
          }}
        />
      </div>
      <p id={statusId} className="field-hint" role="status">
        {open
          ? status
          : value
            ? t('justice.picker.chosen', { label: text })
            : t('justice.picker.nothingChosen')}
      </p>
      <div
        id={listId}
        role="listbox"
        aria-label={label}
        className="jd-combo-list"
        hidden={!open || items.length === 0}
      >
        {items.map((o, i) => (
          <div
            key={o.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={o.value === value}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            tabIndex={-1}
            onClick={() => choose(o)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') choose(o);
            }}
          >
            {o.label}
          </div>
        ))}
      </div>
      <details className="jd-combo-filters">
        <summary>{t('justice.picker.filters')}</summary>
        <div className="jd-combo-filter-row">
          <div>
            <label htmlFor={`${id}-from`}>{t('justice.picker.from')}</label>
            <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div>
            <label htmlFor={`${id}-to`}>{t('justice.picker.to')}</label>
            <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div>
            <label htmlFor={`${id}-state`}>{t('justice.picker.state')}</label>
            <select id={`${id}-state`} value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">{t('justice.picker.anyState')}</option>
              {MX_STATES.map((st) => (
                <option key={st.code} value={st.code}>
                  {st.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </details>
    </div>
  );
}
