import { CommanderError } from 'commander';
import { describeError, StediError, type Fault } from '../common/errors';

/** Exit codes every command shares, so a CI step can gate on them. */
export const EXIT_OK = 0;
/** The run completed but a check failed: a count differs or an error-level rule failed. */
export const EXIT_CHECK_FAILED = 1;
/** The run could not start or complete: a job failed, bad input or usage, a missing tool. */
export const EXIT_CANNOT_RUN = 2;
/** stedi itself failed (a bug, not the input or the machine): sysexits' EX_SOFTWARE. */
export const EXIT_INTERNAL = 70;

/**
 * The exit code follows who is at fault (STYLE.md): bad input or usage (user) and a machine that
 * lacks something (environment) cannot run, 2; a fault of stedi itself is 70, so CI does not
 * take a bug for bad input.
 */
export const EXIT_FOR_FAULT: Record<Fault, number> = { user: EXIT_CANNOT_RUN, environment: EXIT_CANNOT_RUN, internal: EXIT_INTERNAL };

export interface ErrorDocument {
  error: { code: string; message: string; fault: Fault };
}

/** Commander's own exits that are not errors (help, version). */
function isCommanderSuccess(error: CommanderError): boolean {
  return error.exitCode === 0 || ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code);
}

/** Node's system errors (ENOENT, ECONNREFUSED, EACCES…) come from the machine, not from stedi's code. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

/** The typed view of any thrown value: its stable code, a message and who is at fault. */
export function classifyError(error: unknown): ErrorDocument['error'] {
  if (error instanceof StediError) return { code: error.code, message: error.message, fault: error.fault };
  if (error instanceof CommanderError) return { code: 'USAGE', message: error.message.replace(/^error: /, ''), fault: 'user' };
  if (isSystemError(error)) return { code: error.code!, message: error.message, fault: 'environment' };
  return { code: 'INTERNAL', message: describeError(error), fault: 'internal' };
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError && isCommanderSuccess(error)) return EXIT_OK;
  return EXIT_FOR_FAULT[classifyError(error).fault];
}

/**
 * Reports an error that ends a command: one line on stderr (commander has already printed its
 * own usage errors) and, with --json, the error document on stdout, so a JSON consumer always
 * gets JSON.
 */
export function printError(error: unknown, json = false): void {
  if (error instanceof CommanderError && isCommanderSuccess(error)) return;
  if (!(error instanceof CommanderError)) process.stderr.write(`stedi: ${describeError(error)}\n`);
  if (process.env.STEDI_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  if (json) {
    const document: ErrorDocument = { error: classifyError(error) };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
}
