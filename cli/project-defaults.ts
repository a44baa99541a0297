/**
 * The project configuration (common/project-config.ts) as defaults of the command's options:
 * a key gives its value to the option of the same name, unless the command line set that
 * option. Precedence: command line > config > the option's built-in default.
 */
import type { Command } from 'commander';
import { findProjectConfig, loadProjectConfig, PROJECT_CONFIG_KEYS, type ProjectConfig, type ProjectConfigValues } from '../common/project-config';

/** Config keys named differently from the option's attribute (`defects: [a, b]` is `--defect a,b`). */
const ATTRIBUTE_OF: Partial<Record<keyof ProjectConfigValues, string>> = { defects: 'defect' };

/**
 * A default that belongs with another option gives way when the command line sets that one:
 * `--profile` replaces the configured landing folder (and `--landing` the profile, its seed and
 * defects); the configured dataset and rules describe the configured pipeline and landing data,
 * not the ones given on the command line.
 */
const GIVES_WAY_TO: Partial<Record<keyof ProjectConfigValues, string[]>> = {
  landing: ['profile'],
  profile: ['landing'],
  seed: ['landing'],
  defects: ['landing'],
  dataset: ['pipeline', 'landing', 'profile'],
  rules: ['pipeline'],
};

const attributeOf = (key: keyof ProjectConfigValues): string => ATTRIBUTE_OF[key] ?? key;
const CONFIGURABLE = new Set(PROJECT_CONFIG_KEYS.map(attributeOf));

/** Options a command receives beside its own: the config file its defaults came from, if any. */
export interface ConfiguredOptions {
  projectConfig?: string;
}

function setOnCommandLine(command: Command, attribute: string): boolean {
  const source = command.getOptionValueSource(attribute);
  return source === 'cli' || source === 'env';
}

/** Gives `command` the configured defaults; returns the keys that applied. */
export function applyProjectConfig(command: Command, config: ProjectConfig): string[] {
  const applied: string[] = [];
  for (const key of PROJECT_CONFIG_KEYS) {
    const value = config.values[key];
    const attribute = attributeOf(key);
    if (value === undefined || !command.options.some((option) => option.attributeName() === attribute)) continue;
    if (setOnCommandLine(command, attribute) || (GIVES_WAY_TO[key] ?? []).some((other) => setOnCommandLine(command, other))) continue;
    // Options hold what the command line would give: text for numbers, parsed by the command.
    command.setOptionValueWithSource(attribute, typeof value === 'number' ? String(value) : value, 'config');
    applied.push(key);
  }
  command.setOptionValueWithSource('projectConfig', config.file, 'config');
  return applied;
}

/**
 * Before a command runs: its project configuration (--config FILE, else found from the working
 * directory upward) applied to its options. Commands with no configurable option (init,
 * provision) do not look for one, so a broken config never blocks `stedi init`.
 */
export function configureCommand(command: Command, configFile: string | undefined, cwd: string = process.cwd()): ProjectConfig | undefined {
  if (!command.options.some((option) => CONFIGURABLE.has(option.attributeName()))) return undefined;
  const config = configFile ? loadProjectConfig(configFile) : findProjectConfig(cwd);
  if (config) applyProjectConfig(command, config);
  return config;
}
