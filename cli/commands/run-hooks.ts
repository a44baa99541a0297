import type { PipelineRun } from '../../pipeline';

export interface RunCommandOptions {
  landing?: string;
  profile?: string;
  seed: string;
  defect?: string[];
  pipeline?: string;
  dataset?: string;
  runsDir: string;
  backend: string;
  sparkMaster?: string;
  check: boolean;
  rules?: string;
  json?: boolean;
}

/** The landing directory of a run: given, or generated from a profile. */
export async function resolveLanding(options: RunCommandOptions): Promise<{ dir?: string; label?: string }> {
  return { dir: options.landing, label: options.landing };
}

/** What runs after the pipeline (the quality gate), with its exit code and output. */
export async function afterRunHooks(_run: PipelineRun, _options: RunCommandOptions): Promise<{ exitCode: number; text?: string; json?: Record<string, unknown> }> {
  return { exitCode: 0 };
}
