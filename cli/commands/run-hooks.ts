import { InputError } from '../../common/errors';
import { writeQualityResult } from '../../common/run-dir';
import { ensureProfileDataset } from '../../fixtures';
import type { PipelineRun } from '../../pipeline';
import { formatGateResult, runQualityGate } from '../../quality-rules';

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
  if (options.landing && options.profile) throw new InputError('LANDING_AMBIGUOUS', 'give either --landing DIR or --profile NAME, not both');
  if (!options.profile) return { dir: options.landing, label: options.landing };
  const seed = Number(options.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new InputError('SEED_INVALID', `--seed must be a non-negative integer, got ${JSON.stringify(options.seed)}`);
  const defects = options.defect ?? [];
  process.stderr.write(`dataset: profile ${options.profile}, seed ${seed}${defects.length ? `, defects ${defects.join(', ')}` : ''} (generated once, cached under .stedi/datasets)\n`);
  const dir = await ensureProfileDataset(options.profile, seed, undefined, { defects, progress: !options.json });
  return { dir, label: `profile:${options.profile}:${seed}${defects.length ? `:${defects.join('+')}` : ''}` };
}

/** What runs after the pipeline (the quality gate), with its exit code and output. */
export async function afterRunHooks(run: PipelineRun, options: RunCommandOptions): Promise<{ exitCode: number; text?: string; json?: Record<string, unknown> }> {
  if (!options.check) return { exitCode: 0 };
  const gate = await runQualityGate({ runDir: run.runDir, rulesPath: options.rules });
  writeQualityResult(run.runDir, gate);
  return { exitCode: gate.exitCode, text: formatGateResult(gate), json: { quality: gate } };
}
