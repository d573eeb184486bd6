import type { Command } from 'commander';
import { audit } from '../../audit/service.ts';
import { openRuntime } from '../../runtime.ts';
import { type RotationProgress, rotateKeys } from '../../security/crypto.ts';

type Out = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

/**
 * Progress of `keys rotate`: on a terminal one line redrawn at most ten times a second (bar, percentage, table,
 * values, ETA); otherwise (a log, a pipe) one line per tenth of the work, so a long rotation is visibly moving
 * without flooding the log.
 */
export function rotationProgress(
  stream: Out = process.stderr,
  now: () => number = Date.now,
): { update: (p: RotationProgress) => void; done: () => void } {
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  let decile = -1;
  return {
    update(p) {
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
      const values = `${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} values`;
      if (!stream.isTTY) {
        const d = Math.floor(frac * 10);
        if (d <= decile) return;
        decile = d;
        stream.write(`keys rotate: ${d * 10}% (${values}${p.table ? `, ${p.table}` : ''})\n`);
        return;
      }
      const t = now();
      if (t - last < 100 && frac < 1) return;
      last = t;
      const secs = (t - start) / 1000;
      const eta = frac > 0 ? Math.round((secs / frac) * (1 - frac)) : 0;
      const width = 24;
      const filled = Math.round(frac * width);
      stream.write(
        `\r\x1b[Krecifrando/re-encrypting ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(frac * 100).toFixed(0)}% ${p.table} ${values} ETA ${eta}s`,
      );
    },
    done() {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}

export function register(program: Command) {
  const keys = program.command('keys').description('Field-encryption keys');
  keys
    .command('rotate')
    .description('Add a new data key and re-encrypt every encrypted field with it, in one transaction')
    .action(async () => {
      const rt = await openRuntime();
      try {
        const bar = rotationProgress();
        const r = await rotateKeys(rt.db, bar.update);
        bar.done();
        await audit(
          { db: rt.db, actor: { userId: null, agencyId: null } },
          { action: 'keys_rotate', resource: 'encryption_keys', resourceId: r.newKeyId },
        );
        process.stdout.write(
          `new active key ${r.newKeyId}; re-encrypted ${r.reencrypted} values in ${r.columns.length} column(s); retired ${r.retiredKeyIds.join(', ') || 'none'} (no value uses them any more)\n`,
        );
      } finally {
        await rt.db.close();
      }
    });
}
