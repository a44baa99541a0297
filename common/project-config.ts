/**
 * The project configuration: `stedi.config.yaml` (or a `"stedi"` key in package.json), found
 * from the working directory upward, like dbt's dbt_project.yml. It says where a team's
 * pipeline, landing data, rules and runs live, and gives defaults to any CLI option of the same
 * name, so `stedi run` / `stedi check` need no flags in a configured project. Paths are relative
 * to the file that holds them. Keys are validated (zod); a mistake names the file and the key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { InputError } from './errors';

export const CONFIG_FILE_NAME = 'stedi.config.yaml';
/** The key holding the same configuration in package.json. */
export const PACKAGE_JSON_KEY = 'stedi';

const relativePath = z.string().trim().min(1, 'a path (relative to the config file)');

/** The keys, each named as the CLI option it gives a default to (camelCase). */
const configSchema = z
  .object({
    pipeline: relativePath.describe('The pipeline definition (YAML).').optional(),
    runsDir: relativePath.describe('Where run directories are saved (default: .stedi/runs beside the config).').optional(),
    landing: relativePath.describe('The default landing dataset of `stedi run`: one folder per landing table.').optional(),
    profile: z.string().min(1).describe('Generate a synthetic dataset of this profile instead of `landing`.').optional(),
    seed: z.number().int().nonnegative().describe('Seed for `profile`.').optional(),
    defects: z.array(z.string().min(1)).describe('Defects to inject with `profile`.').optional(),
    dataset: z.string().min(1).describe("Expected counts from this dataset of the pipeline definition's `datasets`.").optional(),
    rules: relativePath.describe("A DQDL file or folder the gate uses instead of the definition's rules.").optional(),
    jobTimeout: z.number().positive().describe('Minutes every job may run before it ends in TIMEOUT.').optional(),
    // No allowRemoteSpark key: a Spark master off this machine is allowed on the command line only.
    sparkMaster: z.string().min(1).describe('Spark master: local[...] or spark://127.0.0.1:<port>.').optional(),
    backend: z.enum(['local', 'docker']).describe('Where the jobs run.').optional(),
    check: z.boolean().describe('Run the quality gate after `stedi run` (default true).').optional(),
    junit: relativePath.describe('Write a JUnit XML report of `run` / `check` here.').optional(),
    summary: relativePath.describe('Append a markdown summary of `run` / `check` here.').optional(),
    database: z.string().min(1).describe('Database for unqualified table names in `stedi query`.').optional(),
    png: z.boolean().describe('`stedi report` takes PNG screenshots when Chromium is available (default true).').optional(),
  })
  .strict();

export type ProjectConfigValues = z.infer<typeof configSchema>;
export const PROJECT_CONFIG_KEYS = Object.keys(configSchema.shape) as (keyof ProjectConfigValues)[];
const PATH_KEYS = ['pipeline', 'runsDir', 'landing', 'rules', 'junit', 'summary'] as const;

export interface ProjectConfig {
  /** The file holding the configuration (stedi.config.yaml or package.json). */
  file: string;
  /** The project root: the folder of that file. */
  dir: string;
  /** Paths absolute; runsDir defaults to `.stedi/runs` in the project root. */
  values: ProjectConfigValues & { runsDir: string };
}

function formatKey(issuePath: PropertyKey[]): string {
  return issuePath.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
}

function describeIssue(issue: z.ZodIssue, where: string): string {
  if (issue.code === 'unrecognized_keys') {
    return `${issue.keys.map((key) => `${where}${key}`).join(', ')}: not a stedi config key (keys: ${PROJECT_CONFIG_KEYS.join(', ')})`;
  }
  return `${where}${formatKey(issue.path) || '(root)'}: ${issue.message}`;
}

/** Validates raw configuration read from `file` (the YAML document, or package.json's `stedi` value). */
export function parseProjectConfig(raw: unknown, file: string): ProjectConfig {
  const where = path.basename(file) === 'package.json' ? `${PACKAGE_JSON_KEY}.` : '';
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${describeIssue(issue, where)}`);
    throw new InputError('CONFIG_INVALID', `${file} is not a valid stedi configuration:\n${problems.join('\n')}`);
  }
  const dir = path.dirname(file);
  const values = { ...parsed.data };
  for (const key of PATH_KEYS) {
    const value = values[key];
    if (value !== undefined) values[key] = path.resolve(dir, value);
  }
  if (values.landing !== undefined && values.profile !== undefined) {
    throw new InputError('CONFIG_INVALID', `${file} is not a valid stedi configuration:\n  ${where}landing, ${where}profile: give one default dataset, not both`);
  }
  return { file, dir, values: { ...values, runsDir: values.runsDir ?? path.join(dir, '.stedi', 'runs') } };
}

/** Reads and validates a config file: stedi.config.yaml (any YAML file) or a package.json with a `stedi` key. */
export function loadProjectConfig(file: string): ProjectConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new InputError('CONFIG_NOT_FOUND', `stedi configuration ${absolute} cannot be read: ${(error as Error).message}`, error);
  }
  if (path.basename(absolute) === 'package.json') {
    const manifest = parsePackageJson(absolute, text);
    if (manifest[PACKAGE_JSON_KEY] === undefined) throw new InputError('CONFIG_NOT_FOUND', `${absolute} has no "${PACKAGE_JSON_KEY}" key`);
    return parseProjectConfig(manifest[PACKAGE_JSON_KEY], absolute);
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw new InputError('CONFIG_YAML', `${absolute}: not valid YAML: ${(error as Error).message}`, error);
  }
  return parseProjectConfig(raw, absolute);
}

function parsePackageJson(file: string, text: string): Record<string, unknown> {
  try {
    const manifest: unknown = JSON.parse(text);
    return manifest !== null && typeof manifest === 'object' ? (manifest as Record<string, unknown>) : {};
  } catch (error) {
    throw new InputError('CONFIG_INVALID', `${file} is not valid JSON (stedi looks for a "${PACKAGE_JSON_KEY}" key in it): ${(error as Error).message}`, error);
  }
}

/**
 * The configuration of the project `from` is in: the nearest folder, from `from` upward, with a
 * stedi.config.yaml or a package.json holding a `stedi` key. Both in one folder is refused (two
 * sources of truth). Undefined when there is none: the commands then use their built-in
 * defaults (the bundled STEDI example).
 */
export function findProjectConfig(from: string = process.cwd()): ProjectConfig | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const yamlFile = path.join(dir, CONFIG_FILE_NAME);
    const packageFile = path.join(dir, 'package.json');
    const hasYaml = fs.existsSync(yamlFile);
    const hasKey = fs.existsSync(packageFile) && parsePackageJson(packageFile, fs.readFileSync(packageFile, 'utf8'))[PACKAGE_JSON_KEY] !== undefined;
    if (hasYaml && hasKey) {
      throw new InputError('CONFIG_AMBIGUOUS', `${dir} has both ${CONFIG_FILE_NAME} and a "${PACKAGE_JSON_KEY}" key in package.json: keep one`);
    }
    if (hasYaml) return loadProjectConfig(yamlFile);
    if (hasKey) return loadProjectConfig(packageFile);
    if (path.dirname(dir) === dir) return undefined;
  }
}
