/**
 * What `enlace import DIR` does, as one function (the CLI and `npm run bench:import` both run it): the
 * all-or-nothing import of the folder (validated and loaded in one pass, one transaction), then the incremental
 * linkage of the new or changed persons. Returns the import's result, the linkage's, and how long each part took.
 */
import type { FolderSource, Progress } from '@enlace/core';
import { linkPendingPersons } from '../api/linkage/pending.ts';
import type { AuditContext } from '../audit/service.ts';
import { type ImportResult, importFolder } from './engine.ts';

export interface ImportAndLinkResult {
  result: ImportResult;
  /** Null after a dry run or a rejected import (nothing to link). */
  linked: { persons: number; links: number } | null;
  /** The linkage failed after the import committed: its persons stay pending, the next import links them. */
  linkError: Error | null;
  seconds: { import: number; link: number };
  /** CPU seconds (user + system) of this process in each part: unlike `seconds`, not inflated by other jobs. */
  cpuSeconds: { import: number; link: number };
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
  } = {},
): Promise<ImportAndLinkResult> {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const c0 = process.cpuUsage();
  const result = await importFolder(ctx, src, {
    dryRun: !!opts.dryRun,
    maxErrors: opts.maxErrors ?? 1000,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const t1 = now();
  const cpuImport = cpuSince(c0);
  let linked: ImportAndLinkResult['linked'] = null;
  let linkError: Error | null = null;
  if (result.ok && !opts.dryRun) {
    try {
      linked = await linkPendingPersons(ctx, opts.onLinkProgress);
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
  };
}
