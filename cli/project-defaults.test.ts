/**
 * The project config as option defaults, through the real `stedi` program (its commands'
 * option definitions): command line > config > built-in default.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { isStediError } from '../common/errors';
import { buildProgram } from './program';
import { configureCommand } from './project-defaults';

const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-defaults-')));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'stedi.config.yaml'), text);
  return path.join(dir, 'stedi.config.yaml');
}

/** Parses argv with every action replaced by one that records the options it received. */
async function optionsOf(args: string[]): Promise<Record<string, unknown>> {
  const program = buildProgram();
  let seen: Record<string, unknown> | undefined;
  for (const command of program.commands) {
    command.action(function (this: Command) {
      seen = this.opts();
    });
  }
  await program.parseAsync(['node', 'stedi', ...args]);
  if (!seen) throw new Error(`no action ran for ${args.join(' ')}`);
  return seen;
}

const FULL = configFile(
  'full',
  [
    'pipeline: pipeline.yaml',
    'landing: data/sample',
    'dataset: sample',
    'runsDir: out/runs',
    'rules: team-rules',
    'jobTimeout: 30',
    'seed: 11',
    'defects: [serial-reuse, duplicate-emails]',
    'check: false',
    'junit: reports/junit.xml',
    'database: shop',
    'png: false',
  ].join('\n'),
);
const DIR = path.dirname(FULL);

describe('configured defaults reach every command that has the option', () => {
  it('run: paths resolved from the config file, numbers as the command line gives them', async () => {
    expect(await optionsOf(['--config', FULL, 'run'])).toMatchObject({
      pipeline: path.join(DIR, 'pipeline.yaml'),
      landing: path.join(DIR, 'data', 'sample'),
      dataset: 'sample',
      runsDir: path.join(DIR, 'out', 'runs'),
      rules: path.join(DIR, 'team-rules'),
      jobTimeout: '30',
      seed: '11',
      defect: ['serial-reuse', 'duplicate-emails'],
      check: false,
      junit: path.join(DIR, 'reports', 'junit.xml'),
      projectConfig: FULL,
    });
  });

  it('check, query, report and generate take the keys they have options for', async () => {
    expect(await optionsOf(['--config', FULL, 'check'])).toMatchObject({ runsDir: path.join(DIR, 'out', 'runs'), rules: path.join(DIR, 'team-rules'), junit: path.join(DIR, 'reports', 'junit.xml') });
    const query = await optionsOf(['--config', FULL, 'query', 'SELECT 1']);
    expect(query).toMatchObject({ runsDir: path.join(DIR, 'out', 'runs'), database: 'shop' });
    expect(query).not.toHaveProperty('landing');
    expect(await optionsOf(['--config', FULL, 'report'])).toMatchObject({ runsDir: path.join(DIR, 'out', 'runs'), png: false });
    expect(await optionsOf(['--config', FULL, 'generate'])).toMatchObject({ seed: '11', defect: ['serial-reuse', 'duplicate-emails'] });
  });

  it('--config is accepted after the command name too', async () => {
    expect(await optionsOf(['run', '--config', FULL])).toMatchObject({ dataset: 'sample', projectConfig: FULL });
  });
});

describe('the command line wins', () => {
  it('an option given on the command line keeps its value', async () => {
    expect(await optionsOf(['--config', FULL, 'run', '--runs-dir', 'mine', '--job-timeout', '2', '--defect', 'a,b', '--check'])).toMatchObject({
      runsDir: 'mine',
      jobTimeout: '2',
      defect: ['a', 'b'],
      check: true,
    });
  });

  it('--profile replaces the configured landing; the configured dataset gives way too', async () => {
    const options = await optionsOf(['--config', FULL, 'run', '--profile', 'stedi-2023']);
    expect(options.profile).toBe('stedi-2023');
    expect(options.landing).toBeUndefined();
    expect(options.dataset).toBeUndefined();
  });

  it('--landing drops the configured dataset, seed and defects', async () => {
    const options = await optionsOf(['--config', FULL, 'run', '--landing', 'elsewhere']);
    expect(options).toMatchObject({ landing: 'elsewhere', seed: '7', defect: [] });
    expect(options.dataset).toBeUndefined();
  });

  it('--pipeline drops the configured dataset and rules (they describe the configured pipeline)', async () => {
    const options = await optionsOf(['--config', FULL, 'run', '--pipeline', 'other.yaml']);
    expect(options.pipeline).toBe('other.yaml');
    expect(options.rules).toBeUndefined();
    expect(options.dataset).toBeUndefined();
  });
});

describe('without a config, and when a config cannot apply', () => {
  it('no config: the built-in defaults, and no projectConfig', async () => {
    const program = buildProgram();
    const run = program.commands.find((c) => c.name() === 'run')!;
    // Parse from a folder with no config above it.
    run.parseOptions([]);
    expect(configureCommand(run, undefined, path.join(work, 'no-config-here'))).toBeUndefined();
    expect(run.opts()).toMatchObject({ runsDir: path.join('.stedi', 'runs'), seed: '7', backend: 'local' });
    expect(run.opts().projectConfig).toBeUndefined();
  });

  it('finds the config from the working directory upward', () => {
    const config = configFile('from-cwd', 'pipeline: p.yaml\n');
    const sub = path.join(path.dirname(config), 'a', 'b');
    fs.mkdirSync(sub, { recursive: true });
    const run = buildProgram().commands.find((c) => c.name() === 'run')!;
    expect(configureCommand(run, undefined, sub)?.file).toBe(config);
    expect(run.opts().pipeline).toBe(path.join(path.dirname(config), 'p.yaml'));
  });

  it('init and provision do not read a config (a broken one does not block them)', async () => {
    const broken = configFile('broken', 'pipline: typo.yaml\n');
    expect(await optionsOf(['--config', broken, 'init', path.join(work, 'never-written'), '--name', 'x'])).toMatchObject({ name: 'x' });
    let error: unknown;
    try {
      await optionsOf(['--config', broken, 'check']);
    } catch (caught) {
      error = caught;
    }
    expect(isStediError(error) && error.code).toBe('CONFIG_INVALID');
  });
});
