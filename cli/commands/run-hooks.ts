import { InputError } from '../../common/errors';
import { writeQualityResult } from '../../common/run-dir';
import { getProfile } from '../../fixtures/profiles';
import { parseDefectName } from '../../fixtures/defects';
import { GLUE_MAX_TIMEOUT_MINUTES, type PipelineRun } from '../../pipeline';
import { loadRuleFiles, ruleFilesAt, runQualityGate, type GateResult, type PreloadedTables } from '../../quality-rules';
import type { CiOutputOptions } from '../ci/write-outputs';
import type { ConfiguredOptions } from '../project-defaults';

export interface RunCommandOptions extends ConfiguredOptions, CiOutputOptions {
  landing?: string;
  profile?: string;
  seed: string;
  defect?: string[];
  pipeline?: string;
  dataset?: string;
  runsDir: string;
  backend: string;
  /** --backend docker only. */
  emulator?: 'moto' | 'localstack';
  glueImage?: string;
  sparkMaster?: string;
  allowRemoteSpark?: boolean;
  check: boolean;
  rules?: string;
  jobTimeout?: string;
  json?: boolean;
  /** Rerun one job (and with `downstream` its dependants) on a saved run's state. */
  job?: string;
  downstream?: boolean;
  fromRun?: string;
  /** false (--no-dev): start a fresh harness even when `stedi dev` is up. */
  dev?: boolean;
}

/** --job-timeout in minutes: a positive number (Glue's Timeout is whole minutes; fractions help tests). */
export function parseJobTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes >= GLUE_MAX_TIMEOUT_MINUTES) {
    throw new InputError('OPTION_INVALID', `--job-timeout must be a number of minutes above 0 and below ${GLUE_MAX_TIMEOUT_MINUTES} (7 days, Glue's limit), got ${JSON.stringify(value)}`);
  }
  return minutes;
}

/** --profile, --seed and --defect checked before anything is generated or started. */
export function checkProfileOptions(options: RunCommandOptions): void {
  if (options.landing && options.profile) throw new InputError('LANDING_AMBIGUOUS', 'give either --landing DIR or --profile NAME, not both');
  if (!options.profile) return;
  getProfile(options.profile);
  const seed = Number(options.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new InputError('SEED_INVALID', `--seed must be a non-negative integer, got ${JSON.stringify(options.seed)}`);
  for (const defect of options.defect ?? []) parseDefectName(defect);
}

/** --rules checked like the definition's rules: the path exists and every file parses. */
export function checkRulesOption(rulesPath: string | undefined): void {
  if (rulesPath === undefined) return;
  const { syntaxErrors } = loadRuleFiles(ruleFilesAt(rulesPath));
  if (syntaxErrors.length > 0) throw new InputError('DQDL_SYNTAX', `--rules ${rulesPath}:\n${syntaxErrors.map((e) => e.message).join('\n')}`);
}

/** The landing directory of a run: given, or generated from a profile. */
export async function resolveLanding(options: RunCommandOptions): Promise<{ dir?: string; label?: string }> {
  if (options.landing && options.profile) throw new InputError('LANDING_AMBIGUOUS', 'give either --landing DIR or --profile NAME, not both');
  if (!options.profile) return { dir: options.landing, label: options.landing };
  const seed = Number(options.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new InputError('SEED_INVALID', `--seed must be a non-negative integer, got ${JSON.stringify(options.seed)}`);
  const defects = options.defect ?? [];
  process.stderr.write(`dataset: profile ${options.profile}, seed ${seed}${defects.length ? `, defects ${defects.join(', ')}` : ''} (generated once, cached under .stedi/datasets)\n`);
  // Loaded on use (a require, as the other commands load theirs: a dynamic import() does not resolve
  // TypeScript sources under tsx's CommonJS hook): the generator (faker) is a fifth of the CLI's
  // module loading when no dataset is generated.
  const { ensureProfileDataset } = require('../../fixtures/dataset-cache') as typeof import('../../fixtures/dataset-cache');
  const dir = await ensureProfileDataset(options.profile, seed, undefined, { defects, progress: !options.json });
  return { dir, label: `profile:${options.profile}:${seed}${defects.length ? `:${defects.join('+')}` : ''}` };
}

/**
 * What runs after the pipeline: the quality gate (unless --no-check), its result saved in the run.
 * `preloaded`: the tables the run's counting scan loaded for it.
 */
export async function afterRunHooks(run: PipelineRun, options: RunCommandOptions, preloaded?: PreloadedTables): Promise<GateResult | undefined> {
  if (!options.check) return undefined;
  const gate = await runQualityGate({ runDir: run.runDir, rulesPath: options.rules, preloaded });
  writeQualityResult(run.runDir, gate);
  return gate;
}
