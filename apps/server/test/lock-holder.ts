// A process that tries to take the lock of the folder given as argument, for the folder-lock test: it prints
// `ready`, waits for `go` on standard input (so several start racing at the same moment), prints `won` or
// `lost <code>`, and, when it won, holds the lock until its standard input ends.
import { createInterface } from 'node:readline';
import { acquireFolderLock } from '../src/db/lock.ts';

const dir = process.argv[2]!;
const lines = createInterface({ input: process.stdin });
const next = lines[Symbol.asyncIterator]();
process.stdout.write('ready\n');
await next.next();
try {
  const lock = acquireFolderLock(dir, { command: 'lock-holder' });
  process.stdout.write('won\n');
  for await (const _ of { [Symbol.asyncIterator]: () => next }) {
    /* hold until stdin ends */
  }
  lock.release();
} catch (err) {
  process.stdout.write(`lost ${(err as { code?: string }).code ?? 'error'}\n`);
}
process.exit(0);
