import { AppError } from '../errors.ts';

/** Prints an error for a person (never a stack trace) and returns the exit code. */
export function reportCliError(err: unknown): number {
  if (err instanceof AppError) {
    process.stderr.write(`enlace: ${err.code}: ${err.message}\n`);
    for (const d of err.details ?? [])
      process.stderr.write(`  - ${typeof d === 'string' ? d : JSON.stringify(d)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`enlace: internal_error: ${message}\n`);
  if (process.env.ENLACE_DEBUG) console.error(err);
  return 1;
}
