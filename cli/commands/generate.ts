import { Command } from 'commander';
import { InputError } from '../../common/errors';
import type { GenerateOptions, GenerationResult } from '../../fixtures';
// The two light modules the help text needs, not the fixtures index: the generator (faker) loads
// only when the command runs, so `stedi --help` stays fast.
import { DEFECT_NAMES, parseDefectName } from '../../fixtures/defects';
import { DEFAULT_PROFILE, PROFILES } from '../../fixtures/profiles';
import { collectList } from '../list-option';

interface GenerateCommandOptions {
  profile: string;
  seed: string;
  out?: string;
  scale?: string;
  customers?: string;
  consentRatio?: string;
  readingsPerCustomer?: string;
  defect: string[];
  duplicateDelivery?: string;
  force?: boolean;
  progress?: boolean;
  json?: boolean;
}

/** `stedi generate`: write a synthetic landing dataset and its expectations.json. */
export function generateCommand(): Command {
  return new Command('generate')
    .description('write a synthetic STEDI landing dataset (customer, accelerometer, step_trainer) with expectations.json')
    .option('--profile <name>', `dataset profile: ${Object.keys(PROFILES).join(', ')}`, DEFAULT_PROFILE)
    .option('--seed <n>', 'seed: the same seed and options give byte-identical files', '7')
    .option('--out <dir>', 'output directory (empty or absent)')
    .option('--scale <n>', 'N× the profile (every count multiplied by N)')
    .option('--customers <n>', 'customers before scaling (default: the profile\'s)')
    .option('--consent-ratio <r>', 'share of customers with research consent, 0..1')
    .option('--readings-per-customer <n>', 'mean accelerometer readings per customer')
    .option('--defect <name>', `inject a defect (repeatable or comma-separated): ${DEFECT_NAMES.join(', ')}`, collectList, [] as string[])
    .option('--duplicate-delivery <feed>', 'feed delivered twice by the duplicate-delivery defect: step_trainer or accelerometer')
    .option('--force', 'replace a dataset already in --out')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .option('--json', 'print one JSON document instead of the summary')
    .action(async (options: GenerateCommandOptions) => {
      const { generateDataset, TABLES } = require('../../fixtures') as typeof import('../../fixtures');
      const result = await generateDataset(toGenerateOptions(options));
      process.stdout.write(options.json ? `${JSON.stringify(jsonSummary(result), null, 2)}\n` : renderSummary(result, TABLES));
    });
}

function integer(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new InputError('OPTION_INVALID', `${option} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

function decimal(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value.trim())) throw new InputError('OPTION_INVALID', `${option} must be a number, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function toGenerateOptions(options: GenerateCommandOptions): GenerateOptions {
  if (!options.out) throw new InputError('OPTION_MISSING', '--out DIR is required: the directory to write the dataset to');
  const duplicateDelivery = options.duplicateDelivery;
  if (duplicateDelivery !== undefined && duplicateDelivery !== 'step_trainer' && duplicateDelivery !== 'accelerometer') {
    throw new InputError('OPTION_INVALID', `--duplicate-delivery must be step_trainer or accelerometer, got ${JSON.stringify(duplicateDelivery)}`);
  }
  const generate: GenerateOptions = {
    out: options.out,
    profile: options.profile,
    seed: integer('--seed', options.seed),
    scale: integer('--scale', options.scale),
    customers: integer('--customers', options.customers),
    consentRatio: decimal('--consent-ratio', options.consentRatio),
    readingsPerCustomer: decimal('--readings-per-customer', options.readingsPerCustomer),
    defects: options.defect.filter((d) => d.trim() !== '').map((d) => parseDefectName(d)),
    force: options.force,
  };
  if (duplicateDelivery) generate.duplicateDelivery = duplicateDelivery;
  if (options.progress) generate.progress = true;
  return generate;
}

function jsonSummary(result: GenerationResult): Record<string, unknown> {
  const e = result.expectations;
  return {
    out: result.out,
    expectationsFile: result.expectationsFile,
    profile: e.profile,
    seed: e.seed,
    options: e.options,
    lines: result.lines,
    files: { customer: e.files.customer.length, accelerometer: e.files.accelerometer.length, step_trainer: e.files.step_trainer.length },
    tables: e.tables,
    facts: e.facts,
    defects: e.defects,
  };
}

function renderSummary(result: GenerationResult, tables: readonly (keyof GenerationResult['expectations']['tables'])[]): string {
  const e = result.expectations;
  // null: Athena refuses the table (a truncated landing line), so it has no count.
  const n = (v: number | null) => (v === null ? 'Athena refuses' : v.toLocaleString('en-US'));
  const lines = [
    `generated ${e.profile} (seed ${e.seed}${e.options.scale > 1 ? `, scale ${e.options.scale}` : ''}) in ${result.out} — ${(result.elapsedMs / 1000).toFixed(1)} s`,
    `  files: customer ${e.files.customer.length}, accelerometer ${e.files.accelerometer.length}, step_trainer ${e.files.step_trainer.length} (${n(result.lines)} lines)`,
    '  expected rows:',
    ...tables.map((t) => `    ${t.padEnd(26)} ${n(e.tables[t]).padStart(12)}`),
    `  facts: ${n(e.facts.crossCustomerTimestampPairs)} cross-customer timestamp pairs, ${n(e.facts.preConsentAccelerometerReadings)} pre-consent readings` +
      (e.facts.malformedLines > 0 ? `, ${n(e.facts.malformedLines)} malformed lines` : ''),
    `  defects:${e.defects.length === 0 ? ' none' : ''}`,
    ...e.defects.map((d) => `    ${d.name} (${n(d.affected)} ${d.affectedUnit}) — must fail: ${d.rule}`),
    `  expectations: ${result.expectationsFile}`,
  ];
  return `${lines.join('\n')}\n`;
}
