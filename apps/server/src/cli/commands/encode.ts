import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { neutraliseRow } from '@enlace/core/spreadsheet-safety';
import {
  BloomEncoder,
  FieldEncoder,
  fieldEncodingToBase64,
  filterToBase64,
  prepareRecords,
} from '@enlace/linkage';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { AppError, badInput } from '../../errors.ts';
import { loadRecords, readColumnMap } from './link.ts';

/** Reads the shared secret: the file's bytes, without a trailing newline; at least 16 bytes. */
export function readSecret(path: string): Buffer {
  if (!existsSync(path)) throw badInput(`secret file ${path} does not exist`);
  let buf = readFileSync(path);
  while (buf.length > 0 && (buf[buf.length - 1] === 0x0a || buf[buf.length - 1] === 0x0d))
    buf = buf.subarray(0, -1);
  if (buf.length < 16)
    throw badInput(`secret file ${path} holds ${buf.length} bytes; use at least 16 (e.g. 32 random bytes)`);
  return buf;
}

export function register(program: Command) {
  program
    .command('encode')
    .description(
      'Encode persons locally into Bloom filters, one per field and one per record (for privacy-preserving linkage)',
    )
    .requiredOption('--in <file>', 'CSV file of persons')
    .requiredOption('--map <file>', 'MAP.json (as for `enlace link`)')
    .requiredOption('--secret-file <file>', 'file with the secret shared by the agencies (never sent)')
    .requiredOption('--out <file>', 'CSV to write: id,clk,fbf (base64: record-level and field-level filters)')
    .action((opts: { in: string; map: string; secretFile: string; out: string }) => {
      const map = readColumnMap(opts.map);
      const secret = readSecret(opts.secretFile);
      const records = loadRecords(opts.in, map);
      const prepared = prepareRecords(records, { dateFormat: map.dateFormat });
      const filters = new BloomEncoder(secret).encode(prepared);
      // field-level filters: what `enlace link --encoded` compares field by field, with LSH blocking
      const fields = new FieldEncoder(secret).encode(prepared, records, map.dateFormat);
      const rows = records.map((r, i) => [
        r.id,
        filterToBase64(filters, i),
        fieldEncodingToBase64(fields, i),
      ]);
      try {
        // ids neutralised against formula injection; `enlace link --encoded` restores them
        writeFileSync(opts.out, stringify([['id', 'clk', 'fbf'], ...rows.map(neutraliseRow)]));
      } catch (e) {
        throw new AppError('write_failed', `cannot write ${opts.out}: ${(e as Error).message}`);
      }
      process.stderr.write(`enlace: ${records.length} records encoded to ${opts.out}\n`);
    });
}
