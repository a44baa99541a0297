/**
 * Typed errors shared by every module. Shape borrowed from the AWS SDK v3 / smithy errors:
 * a literal `name`, a stable `code`, who is at fault, and the `cause`. Messages name the
 * job, table, file or key involved and the values seen, so a user can act without a debugger.
 */
export type Fault = 'user' | 'environment' | 'internal';

export class StediError extends Error {
  override readonly name: string = 'StediError';
  readonly code: string;
  readonly fault: Fault;

  constructor(code: string, message: string, options: { fault?: Fault; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fault = options.fault ?? 'user';
  }
}

/** Something the machine lacks: Java, Python, a download. The message says what to install. */
export class EnvironmentError extends StediError {
  override readonly name = 'EnvironmentError';
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { fault: 'environment', cause });
  }
}

/** Bad input from the user: a file, a line, a key, a rule. The message names where. */
export class InputError extends StediError {
  override readonly name = 'InputError';
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { fault: 'user', cause });
  }
}

/** The local AWS emulation or the job server misbehaved. */
export class EmulatorError extends StediError {
  override readonly name = 'EmulatorError';
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { fault: 'environment', cause });
  }
}

export function isStediError(error: unknown): error is StediError {
  return error instanceof StediError;
}

/** One readable line for any thrown value, used by the CLI and run records. */
export function describeError(error: unknown): string {
  if (error instanceof StediError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
