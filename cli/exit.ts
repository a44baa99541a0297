import { describeError } from '../common/errors';

/** Exit codes every command shares, so a CI step can gate on them. */
export const EXIT_OK = 0;
/** The run completed but a check failed: a count differs or an error-level rule failed. */
export const EXIT_CHECK_FAILED = 1;
/** The run could not start or complete: a job failed, bad input, a missing tool. */
export const EXIT_CANNOT_RUN = 2;

export function exitCodeFor(_error: unknown): number {
  return EXIT_CANNOT_RUN;
}

export function printError(error: unknown): void {
  process.stderr.write(`stedi: ${describeError(error)}\n`);
  if (process.env.STEDI_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}
