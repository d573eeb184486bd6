import { decryptField, encryptField } from '../../security/crypto.ts';

/** Encrypts a JSON value for `table.column` (the column name is bound as AAD). */
export function encJson(table: string, column: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return encryptField(JSON.stringify(value), `${table}.${column}`);
}

export function decJson<T>(table: string, column: string, value: string | null): T | null {
  if (value === null) return null;
  const plain = decryptField(value, `${table}.${column}`);
  return plain === null ? null : (JSON.parse(plain) as T);
}
