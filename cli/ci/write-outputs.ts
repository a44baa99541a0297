import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import type { RunRecord } from '../../common/run-dir';
import type { GateResult } from '../../quality-rules';
import { junitSuites, renderJUnit } from './junit';
import { renderSummary } from './summary';
import type { Verdict } from './verdict';

export interface CiOutputOptions {
  /** JUnit XML file (replaced). */
  junit?: string;
  /** Markdown summary file (appended: $GITHUB_STEP_SUMMARY). */
  summary?: string;
}

/** The nearest folder of `file` that exists (a path's missing folders are made when it is written). */
function nearestExistingFolder(file: string): string {
  let dir = path.dirname(file);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * Checked before a run starts (not after minutes of Spark): the path is not a folder and its
 * nearest existing folder is a folder this process may write in. Nothing is created here (and
 * no recursive mkdir is tried on a folder that cannot hold one: Node 20 loops forever on
 * `mkdirSync('/proc/x', { recursive: true })`).
 */
export function checkCiOutputs(options: CiOutputOptions): void {
  for (const [option, file] of [['--junit', options.junit], ['--summary', options.summary]] as const) {
    if (file === undefined) continue;
    const absolute = path.resolve(file);
    const refuse = (why: string, cause?: unknown): never => {
      throw new InputError('OUTPUT_NOT_WRITABLE', `${option} ${file}: cannot be written (${why})`, cause);
    };
    if (fs.existsSync(absolute) && fs.statSync(absolute).isDirectory()) refuse('it is a folder, not a file');
    const folder = nearestExistingFolder(absolute);
    if (!fs.statSync(folder).isDirectory()) refuse(`${folder} is not a folder`);
    try {
      fs.accessSync(folder, fs.constants.W_OK);
    } catch (error) {
      refuse(`${folder} is not writable`, error);
    }
    // /proc and /sys say writable to root but hold no files of ours.
    if (/^\/(proc|sys)(\/|$)/.test(folder)) refuse(`${folder} is a kernel file system`);
  }
}

/** Writes the CI files a command was asked for; returns their paths. */
export function writeCiOutputs(
  options: CiOutputOptions,
  input: { command: 'run' | 'check'; verdict: Verdict; record?: RunRecord; gate?: GateResult; runDir: string },
): string[] {
  const written: string[] = [];
  if (options.junit) {
    const name = `${input.record?.pipelineName ?? 'stedi'} (stedi ${input.command})`;
    fs.mkdirSync(path.dirname(path.resolve(options.junit)), { recursive: true });
    // `stedi check` judges rules only: its report has the rules suite (the run's jobs and counts are `stedi run`'s).
    fs.writeFileSync(options.junit, renderJUnit(name, junitSuites(input.command === 'run' ? input.record : undefined, input.gate)));
    written.push(options.junit);
  }
  if (options.summary) {
    fs.mkdirSync(path.dirname(path.resolve(options.summary)), { recursive: true });
    fs.appendFileSync(options.summary, renderSummary(input));
    written.push(options.summary);
  }
  return written;
}
