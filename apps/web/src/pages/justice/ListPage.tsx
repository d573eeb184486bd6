import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { type Column, DataTable } from '../../ui/DataTable.tsx';
import { TextField, type TextFieldProps } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';

/**
 * A justice list page (defendants, chains, financial intelligence): its title and description, the error that
 * kept the list from loading, the table of records (loading while `rows` is null), then the page's forms.
 */
export function ListPage<T>(props: {
  title: string;
  description: string;
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[] | null;
  rowKey: (row: T) => string;
  loadError: unknown;
  empty: string;
  children?: ReactNode;
}) {
  const { i18n } = useTranslation();
  return (
    <>
      <PageHeader title={props.title} description={props.description} />
      {props.loadError ? <Alert kind="error">{errorMessage(i18n, props.loadError)}</Alert> : null}
      <DataTable
        caption={props.caption}
        columns={props.columns}
        rows={props.rows ?? []}
        rowKey={props.rowKey}
        loading={props.rows === null && !props.loadError}
        empty={props.empty}
      />
      {props.children}
    </>
  );
}

type ValueFieldProps = Omit<TextFieldProps, 'value' | 'onChange' | 'type'> & {
  value: string;
  onChange: (value: string) => void;
};

/** A date (YYYY-MM-DD from the browser's date picker). */
export function DateField({ value, onChange, ...rest }: ValueFieldProps) {
  return <TextField type="date" value={value} onChange={(e) => onChange(e.target.value)} {...rest} />;
}

/** An amount: decimal keyboard, up to `digits` whole digits and two decimals, with the "pesos" hint. */
export function MoneyField({ value, onChange, digits = 14, ...rest }: ValueFieldProps & { digits?: number }) {
  const { t } = useTranslation();
  return (
    <TextField
      hint={t('justice.form.mxnHint')}
      inputMode="decimal"
      pattern={`\\d{1,${digits}}(\\.\\d{1,2})?`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      {...rest}
    />
  );
}
