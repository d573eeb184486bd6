/** Synthetic demo data (no real person): a national dataset in the exchange format. */
import { recordToValues } from '../exchange/records.ts';
import { FILES, type FileDef } from '../exchange/spec.ts';
import { compareIds, formatFolder, writeFolder } from '../exchange/write.ts';
import { type DemoDataset, type DemoOptions, generateDemo } from './generate.ts';

export * from './agencies.ts';
export * from './generate.ts';
export * from './providers.ts';
export { Rng } from './random.ts';

/** Rows of each kind as typed values in spec order, sorted by id (byte order). */
export function datasetRows(ds: DemoDataset): Record<string, unknown[][]> {
  const out: Record<string, unknown[][]> = {};
  for (const def of FILES) {
    const recs = (ds[def.kind] as unknown as Record<string, unknown>[]).slice();
    recs.sort((a, b) => compareIds(String(a[def.idColumn]), String(b[def.idColumn])));
    out[def.kind] = recs.map((r) => recordToValues(def.kind, r));
  }
  return out;
}

/** The demo dataset as an in-memory exchange folder (file name → CSV text). */
export function demoFolder(opts: DemoOptions = {}): Record<string, string> {
  return formatFolder(datasetRows(generateDemo(opts)));
}

/** Writes the demo dataset as an exchange folder into `dir`. */
export async function writeDemoFolder(dir: string, opts: DemoOptions = {}): Promise<Record<string, number>> {
  const rows = datasetRows(generateDemo(opts));
  return writeFolder(dir, (def: FileDef) => toAsync(rows[def.kind] ?? []));
}

async function* toAsync<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}
