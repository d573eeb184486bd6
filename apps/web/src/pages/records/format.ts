import type { TFunction } from 'i18next';
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
    case 'inegi_state':
      return `${value} · ${stateName(value)}`;
    default:
      return value;
  }
}
