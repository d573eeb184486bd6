import type { TFunction } from 'i18next';
import { formatMoney } from '../casework/labels.ts';
import { stateName } from '../tips/states.ts';
import type { ColumnDef } from './kinds.ts';

/** A cell as people read it: enumerations and booleans translated, states named. */
export function displayValue(column: ColumnDef, value: string | undefined, t: TFunction): string {
  if (value === undefined || value === '') return '';
  switch (column.type) {
    case 'enum':
      return t(`records.values.${value}`, { defaultValue: value });
    case 'list':
      return column.values
        ? value
            .split(';')
            .filter(Boolean)
            .map((v) => t(`records.values.${v}`, { defaultValue: v }))
            .join(', ')
        : value.split(';').join(', ');
    case 'boolean':
      return value === 'true' ? t('records.yes') : value === 'false' ? t('records.no') : value;
    case 'decimal': {
      // money columns (restitution ordered and paid, fines, amounts) as currency: $1,153,265.22 MXN
      const currency = /_(mxn|usd)$/.exec(column.name)?.[1];
      return currency ? formatMoney(value, currency.toUpperCase()) : value;
    }
    case 'inegi_state':
      return `${value} · ${stateName(value)}`;
    default:
      return value;
  }
}
