/** Field types a source column can be mapped to (the CLI contract). */
export const FIELD_TYPES = [
  'given_names',
  'surname_1',
  'surname_2',
  'full_name',
  'birth_date',
  'sex',
  'curp',
  'id_number',
  'phone',
  'email',
  'street',
  'locality',
  'postcode',
  'region',
  'country',
  'nationality',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export const isFieldType = (s: string): s is FieldType => (FIELD_TYPES as readonly string[]).includes(s);

/** One input record: an id and raw field values (already extracted from the source layout). */
export interface LinkRecord {
  readonly id: string;
  readonly fields: Readonly<Partial<Record<FieldType, string>>>;
}

/** A scored pair, by record index into the left and right sets (the same set when deduplicating). */
export interface ScoredPair {
  readonly left: number;
  readonly right: number;
  readonly probability: number;
}
