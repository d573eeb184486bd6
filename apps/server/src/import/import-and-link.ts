/**
 * What `enlace import DIR` does, as one function (the CLI and `npm run bench:import` both run it): the
 * all-or-nothing import of the folder (validated and loaded in one pass, one transaction), then the incremental
 * linkage of the new or changed persons. Returns the import's result, the linkage's, and how long each part took.
 */
import { FILE_BY_KIND, type FolderSource, type Progress, type RecordKind, type Row } from '@enlace/core';
import type { LinkRecord } from '@enlace/linkage';
import { linkPendingPersons } from '../api/linkage/pending.ts';
import { LINKED_FIELDS, plainRecord } from '../api/linkage/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { type ImportResult, type ImportStats, importFolder } from './engine.ts';

/**
 * Up to this many imported persons are kept in memory for the linkage that follows (about 0.4 KiB each), so it
 * need not read and decrypt them again; a larger import is linked from the database (bounded memory).
 */
export const KNOWN_PERSONS_MAX = 100_000;

const PERSON_COLUMNS = FILE_BY_KIND.persons.columns.map((c) => c.name);
const col = (name: string) => PERSON_COLUMNS.indexOf(name);
const ID = col('person_id');
const AGENCY = col('agency_id');
const LINKED = Object.fromEntries(LINKED_FIELDS.map((f) => [f, col(f)])) as Record<
  (typeof LINKED_FIELDS)[number],
  number
>;
if (Object.values(LINKED).some((i) => i < 0))
  throw new Error('a linked person field is not an exchange column');

/** The imported persons, as the linker reads them, collected batch by batch while the import writes them. */
function knownPersonsCollector() {
  let known: Map<string, { agencyId: string; record: LinkRecord }> | null = new Map();
  return {
    onRows(kind: RecordKind, rows: readonly Row[]) {
      if (kind !== 'persons' || !known) return;
      if (known.size + rows.length > KNOWN_PERSONS_MAX) {
        known = null;
        return;
      }
      for (const r of rows) {
        const v = r.values;
        const id = v[ID] as string;
        known.set(id, {
          agencyId: v[AGENCY] as string,
          record: plainRecord(id, (f) => v[LINKED[f]] as string | null),
        });
      }
    },
    get known() {
      return known ?? undefined;
    },
  };
}

export interface ImportAndLinkResult {
  result: ImportResult;
  /** Null after a dry run or a rejected import (nothing to link). */
  linked: { persons: number; links: number } | null;
  /** The linkage failed after the import committed: its persons stay pending, the next import links them. */
  linkError: Error | null;
  seconds: { import: number; link: number };
  /** CPU seconds (user + system) of this process in each part: unlike `seconds`, not inflated by other jobs. */
  cpuSeconds: { import: number; link: number };
  /** Inside the import: CPU spent encrypting and hashing, wall time waiting for the database's writes. */
  importStats: ImportStats;
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
};

export async function importAndLink(
  ctx: AuditContext,
  src: FolderSource,
  opts: {
    dryRun?: boolean;
    maxErrors?: number;
    onProgress?: (p: Progress) => void;
    onLinkProgress?: (done: number, total: number) => void;
    /** The clock of the timings (tests may inject one). */
    now?: () => number;
    /** Link the imported persons as read back from the database, not from memory (the path before; for tests). */
    reread?: boolean;
  } = {},
): Promise<ImportAndLinkResult> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const c0 = process.cpuUsage();
  const persons = knownPersonsCollector();
  const importStats: ImportStats = { encryptCpuSeconds: 0, writeWaitSeconds: 0 };
  const result = await importFolder(ctx, src, {
    stats: importStats,
    dryRun: !!opts.dryRun,
    maxErrors: opts.maxErrors ?? 1000,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.reread ? {} : { onRows: persons.onRows }),
  });
  const t1 = now();
  const cpuImport = cpuSince(c0);
  let linked: ImportAndLinkResult['linked'] = null;
  let linkError: Error | null = null;
  if (result.ok && !opts.dryRun) {
    try {
      linked = await linkPendingPersons(ctx, opts.onLinkProgress, persons.known);
    } catch (err) {
      linkError = err as Error;
    }
  }
  const t2 = now();
  return {
    result,
    linked,
    linkError,
    seconds: { import: (t1 - t0) / 1000, link: (t2 - t1) / 1000 },
    cpuSeconds: { import: cpuImport, link: cpuSince(c0) - cpuImport },
    importStats,
  };
}
