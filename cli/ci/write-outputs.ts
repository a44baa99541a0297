import * as fs from 'node:fs';
import * as path from 'node:path';
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
