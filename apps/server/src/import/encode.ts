/**
 * A batch of valid rows → the upsert's columns: each row's stored values (personal fields encrypted, the CURP's
 * blind index, list columns joined) and its row hash (a keyed hash of its canonical exchange form), column-wise
 * with the hashes last. The same function runs on the importing thread or on its encoding thread (encode-pool.ts).
 */
import { createHmac } from 'node:crypto';
import { type CellValue, FILE_BY_KIND, type FileDef, formatRow, type RecordKind } from '@enlace/core';
import { derivedSecret } from '../security/crypto.ts';
import { TABLES } from './tables.ts';

export function rowHash(def: FileDef, values: readonly unknown[]): string {
  return createHmac('sha256', derivedSecret('exchange-row-hash'))
    .update(formatRow(def, values))
    .digest('base64url');
}

export function encodeBatch(kind: RecordKind, rows: readonly (readonly CellValue[])[]): unknown[][] {
  const t = TABLES[kind];
  const def = FILE_BY_KIND[kind];
  const cols: unknown[][] = t.columns.map(() => new Array(rows.length));
  const hashes: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r]!;
    const dbValues = t.toDb(values);
    for (let k = 0; k < cols.length; k++) cols[k]![r] = dbValues[k];
    hashes[r] = rowHash(def, values);
  }
  cols.push(hashes);
  return cols;
}
