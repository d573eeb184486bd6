/**
 * Every error that reaches a user carries a stable machine code and a clear message.
 * HTTP handlers map `status`; the CLI maps `exitCode`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: readonly unknown[] | undefined;
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    opts: { status?: number; details?: readonly unknown[]; exitCode?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = opts.status ?? 400;
    this.details = opts.details;
    this.exitCode = opts.exitCode ?? 1;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`, { status: 404 });
export const forbidden = (message = 'You are not allowed to do this') =>
  new AppError('forbidden', message, { status: 403 });
export const badInput = (message: string, details?: readonly unknown[]) =>
  new AppError('invalid_input', message, { status: 400, details, exitCode: 2 });
