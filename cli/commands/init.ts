import { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../common/errors';
import { packagePath, PACKAGE_ROOT } from '../../common/package-root';
import { ordersSample } from './init-sample';

/** The scaffold's files, kept as `<path>.tmpl` (a leading `dot-` stands for `.`, which npm would drop). */
export const INIT_TEMPLATES_DIR = packagePath('templates', 'init');

/** What the consumer's tests need beside this package, at the versions this package is tested with. */
const CONSUMER_DEV_DEPENDENCIES = ['jest', 'ts-jest', 'typescript', '@types/jest', '@types/node'];
const NPM_DEFAULT_TEST = 'echo "Error: no test specified" && exit 1';

export interface ScaffoldOptions {
  dir: string;
  /** The pipeline's name (default: the folder's name). */
  name?: string;
  /** Overwrite files that exist. */
  force?: boolean;
}

export interface ScaffoldResult {
  dir: string;
  written: string[];
  /** package.json changes, or what to install when it already existed. */
  packageJson: { created: boolean; scriptsAdded: string[]; devDependencies: Record<string, string> };
  sample: { landingRows: number; trustedRows: number };
}

function listTemplates(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? listTemplates(path.join(dir, entry.name), relative) : entry.name.endsWith('.tmpl') ? [relative] : [];
  });
}

function targetOf(template: string): string {
  return template.replace(/\.tmpl$/, '').split(path.sep).map((part) => part.replace(/^dot-/, '.')).join(path.sep);
}

function render(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

function ownManifest(): { name: string; version: string; devDependencies: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
}

function consumerDevDependencies(): Record<string, string> {
  const own = ownManifest();
  const pins = Object.fromEntries(CONSUMER_DEV_DEPENDENCIES.map((name) => [name, own.devDependencies[name]]));
  return { [own.name]: `^${own.version}`, ...pins };
}

/** Writes package.json, or adds the scripts an existing one lacks (never its dependencies). */
function scaffoldPackageJson(dir: string, name: string, devDependencies: Record<string, string>): ScaffoldResult['packageJson'] {
  const file = path.join(dir, 'package.json');
  const scripts = { test: 'jest', pipeline: 'stedi run' };
  if (!fs.existsSync(file)) {
    const manifest = { name, version: '0.1.0', private: true, scripts, devDependencies };
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    return { created: true, scriptsAdded: Object.keys(scripts), devDependencies };
  }
  let manifest: { scripts?: Record<string, string> };
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError('INIT_PACKAGE_JSON', `${file} is not valid JSON: ${(error as Error).message}`, error);
  }
  manifest.scripts ??= {};
  const added: string[] = [];
  for (const [script, command] of Object.entries(scripts)) {
    if (manifest.scripts[script] === undefined || (script === 'test' && manifest.scripts.test === NPM_DEFAULT_TEST)) {
      manifest.scripts[script] = command;
      added.push(script);
    }
  }
  if (added.length > 0) fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { created: false, scriptsAdded: added, devDependencies };
}

/**
 * Scaffolds a project: config, pipeline definition, landing DDL, a Glue Studio–style script,
 * DQDL rules with levels, a generated landing sample with its expected counts, a jest test on
 * the preset, a GitHub Actions workflow and a README. Existing files are refused together, by
 * name, before anything is written (unless force).
 */
export function scaffoldProject(options: ScaffoldOptions): ScaffoldResult {
  const dir = path.resolve(options.dir);
  const name = options.name ?? (path.basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-pipeline');
  const sample = ordersSample();
  const templates = listTemplates(INIT_TEMPLATES_DIR);
  const files = new Map(templates.map((template) => [targetOf(template), template]));
  const samplePath = path.join('data', 'sample', 'orders', 'orders-0001.json');
  const existing = [...files.keys(), samplePath].filter((file) => fs.existsSync(path.join(dir, file)));
  if (existing.length > 0 && !options.force) {
    throw new InputError('INIT_EXISTS', `${dir} already has ${existing.join(', ')}: nothing was written (--force overwrites them)`);
  }
  const values = { name, landingRows: sample.landingRows, trustedRows: sample.trustedRows };
  for (const [target, template] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, target)), { recursive: true });
    fs.writeFileSync(path.join(dir, target), render(fs.readFileSync(path.join(INIT_TEMPLATES_DIR, template), 'utf8'), values));
  }
  fs.mkdirSync(path.dirname(path.join(dir, samplePath)), { recursive: true });
  fs.writeFileSync(path.join(dir, samplePath), sample.text);
  const packageJson = scaffoldPackageJson(dir, name, consumerDevDependencies());
  return { dir, written: [...files.keys(), samplePath].sort(), packageJson, sample: { landingRows: sample.landingRows, trustedRows: sample.trustedRows } };
}

function nextSteps(result: ScaffoldResult): string {
  const relative = path.relative(process.cwd(), result.dir);
  const cd = relative.startsWith('..') ? result.dir : relative;
  const install = result.packageJson.created
    ? 'npm install'
    : `npm install --save-dev ${Object.entries(result.packageJson.devDependencies).map(([name, version]) => `${name}@${version}`).join(' ')}`;
  return [
    `scaffolded ${result.dir}: ${result.written.length} files${result.packageJson.created ? ' + package.json' : ''}`,
    ...result.written.map((file) => `  ${file}`),
    `sample: ${result.sample.landingRows} orders landed, ${result.sample.trustedRows} expected in orders_trusted (pipeline.yaml, datasets: sample)`,
    '',
    'next:',
    ...(cd ? [`  cd ${cd}`] : []),
    `  ${install}`,
    '  npx stedi provision',
    '  npm test',
    '  npx stedi run            # stedi.config.yaml: pipeline.yaml on data/sample',
  ].join('\n');
}

/** `stedi init [dir]`: a working project to start from. */
export function initCommand(): Command {
  return new Command('init')
    .description('scaffold a project: pipeline, DDL, a Glue script, DQDL rules, a landing sample, a jest test, a CI workflow')
    .argument('[dir]', 'the project folder (created if missing)', '.')
    .option('--name <name>', "the pipeline's name (default: the folder's name)")
    .option('--force', 'overwrite files that exist')
    .option('--json', 'print what was written as JSON')
    .action((dir: string, options: { name?: string; force?: boolean; json?: boolean }) => {
      const result = scaffoldProject({ dir, name: options.name, force: options.force });
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${nextSteps(result)}\n`);
    });
}
