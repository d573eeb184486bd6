/**
 * MAP.json of `enlace link`: how a CSV layout maps to linkage field types. Checked by a Zod schema; every
 * problem becomes one clear `invalid_input` error naming the file and the key.
 */
import { DATE_FORMATS, type DateFormat, FIELD_TYPES, type FieldType } from '@enlace/linkage';
import { z } from 'zod';
import { badInput } from '../../errors.ts';

export interface ColumnMap {
  readonly id: string;
  readonly delimiter: string;
  readonly trim: boolean;
  readonly dateFormat: DateFormat;
  readonly columns: ReadonlyMap<FieldType, readonly string[]>;
}

const columnNames = z.union([
  z
    .string()
    .min(1)
    .transform((c) => [c]),
  z.array(z.string().min(1)).min(1),
]);

export const MapJson = z.object({
  id: z.string().min(1),
  delimiter: z.string().min(1).default(','),
  trim: z.boolean().default(false),
  date_format: z.enum(DATE_FORMATS).default('YYYY-MM-DD'),
  columns: z
    .partialRecord(z.enum(FIELD_TYPES), columnNames)
    .refine((c) => Object.keys(c).length > 0, { message: 'empty' }),
});

/** The message of the first problem, as a person fixing MAP.json needs it. */
function problem(issue: z.core.$ZodIssue): string {
  const [key, field] = issue.path.map(String);
  switch (key) {
    case undefined:
      return 'must hold a JSON object';
    case 'id':
      return '"id" must name the id column';
    case 'delimiter':
      return '"delimiter" must be a non-empty string';
    case 'trim':
      return '"trim" must be true or false';
    case 'date_format':
      return `"date_format" must be one of ${DATE_FORMATS.join(', ')}`;
    default:
      if (issue.code === 'unrecognized_keys')
        return `unknown field type "${issue.keys[0]}"; use one of ${FIELD_TYPES.join(', ')}`;
      if (field === undefined && issue.code === 'custom') return '"columns" maps no field';
      if (field === undefined) return '"columns" must map field types to column names';
      return `"${field}" must be a column name or a list of column names`;
  }
}

/** Parses and checks the text of MAP.json (`path` names it in errors). */
export function parseColumnMap(path: string, raw: string): ColumnMap {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw badInput(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw badInput(`${path} must hold a JSON object`);
  const parsed = MapJson.safeParse(json);
  if (!parsed.success) throw badInput(`${path}: ${problem(parsed.error.issues[0]!)}`);
  const m = parsed.data;
  const columns = new Map<FieldType, readonly string[]>();
  // in the order MAP.json gives them
  for (const [field, cols] of Object.entries(m.columns) as [FieldType, string[] | undefined][])
    if (cols) columns.set(field, cols);
  return { id: m.id, delimiter: m.delimiter, trim: m.trim, dateFormat: m.date_format, columns };
}
