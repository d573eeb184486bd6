import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { MX_STATES } from '../tips/states.ts';
import type { ColumnDef } from './kinds.ts';

export interface RecordFieldProps {
  column: ColumnDef;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  /** The id column of an existing record cannot change. */
  readOnly?: boolean;
  /** Column filled with the user's agency when left empty. */
  agencyDefault?: boolean;
}

/** Splits a list cell (`a;b`) into its items. */
export function listItems(value: string): string[] {
  return value
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One input for one exchange-format column, chosen by its type. Labels and values come from the catalog. */
export function RecordField({ column, value, onChange, error, readOnly, agencyDefault }: RecordFieldProps) {
  const { t } = useTranslation();
  const groupId = useId();
  const label = t(`records.columns.${column.name}`);
  // The agency column is required in the file but the server fills it with the user's agency.
  const shownLabel = column.required && !agencyDefault ? t('records.form.requiredLabel', { label }) : label;
  const hint = agencyDefault ? t('records.form.hints.agency') : typeHint(column, t);
  const valueLabel = (v: string) => t(`records.values.${v}`);

  if (column.type === 'enum' || column.type === 'inegi_state') {
    const options =
      column.type === 'enum'
        ? (column.values ?? []).map((v) => ({ value: v, label: valueLabel(v) }))
        : MX_STATES.map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }));
    return (
      <SelectField
        label={shownLabel}
        name={column.name}
        hint={hint}
        error={error}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        options={[{ value: '', label: t('records.form.none') }, ...options]}
      />
    );
  }

  if (column.type === 'list' && column.values) {
    const selected = new Set(listItems(value));
    const toggle = (v: string, on: boolean) => {
      const next = new Set(selected);
      if (on) next.add(v);
      else next.delete(v);
      // Keep the spec's order so an unchanged selection stays byte-identical.
      onChange((column.values ?? []).filter((x) => next.has(x)).join(';'));
    };
    const errId = error ? `${groupId}-error` : undefined;
    return (
      <fieldset
        className={['choices', 'wide', error ? 'has-error' : ''].filter(Boolean).join(' ')}
        aria-describedby={errId}
      >
        <legend>{shownLabel}</legend>
        {column.values.map((v) => {
          const id = `${groupId}-${v}`;
          return (
            <div className="check" key={v}>
              <input
                id={id}
                type="checkbox"
                name={column.name}
                value={v}
                checked={selected.has(v)}
                onChange={(e) => toggle(v, e.target.checked)}
              />
              <label htmlFor={id}>{valueLabel(v)}</label>
            </div>
          );
        })}
        {error ? (
          <p id={errId} className="field-error">
            {error}
          </p>
        ) : null}
      </fieldset>
    );
  }

  if (column.type === 'boolean') {
    const id = `${groupId}-check`;
    const errId = error ? `${groupId}-error` : undefined;
    return (
      <div className={['field', error ? 'has-error' : ''].filter(Boolean).join(' ')}>
        <div className="check">
          <input
            id={id}
            type="checkbox"
            name={column.name}
            checked={value === 'true'}
            aria-invalid={error ? true : undefined}
            aria-describedby={errId}
            onChange={(e) => onChange(e.target.checked ? 'true' : 'false')}
          />
          <label htmlFor={id}>{shownLabel}</label>
        </div>
        {error ? (
          <p id={errId} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <TextField
      label={shownLabel}
      name={column.name}
      hint={hint}
      error={error}
      value={value}
      readOnly={readOnly}
      type={column.type === 'date' ? 'date' : 'text'}
      inputMode={column.type === 'integer' ? 'numeric' : column.type === 'decimal' ? 'decimal' : undefined}
      autoComplete="off"
      spellCheck={column.type === 'text' ? undefined : false}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function typeHint(column: ColumnDef, t: (k: string) => string): string | undefined {
  switch (column.type) {
    case 'partial_date':
      return t('records.form.hints.partialDate');
    case 'curp':
      return t('records.form.hints.curp');
    case 'iso3166_alpha3':
      return t('records.form.hints.country');
    case 'iso639_3':
      return t('records.form.hints.language');
    case 'list':
      return column.item === 'iso639_3' ? t('records.form.hints.languages') : undefined;
    case 'decimal':
      return t('records.form.hints.decimal');
    case 'integer':
      return t('records.form.hints.integer');
    case 'id':
      return column.references ? t(`records.form.hints.references.${column.references}`) : undefined;
    default:
      return undefined;
  }
}
