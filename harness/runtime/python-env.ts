import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentError } from '../../common/errors';
import { packagePath } from '../../common/package-root';
import { cacheRoot } from './paths';
import { MIN_PYTHON, PREFERRED_PYTHON } from './pins';
import { withDirectoryLock } from './process-lock';
import type { ProgressSink } from './progress';

export const REQUIREMENTS_LOCK = packagePath('harness', 'runtime', 'requirements.lock');
const COMPLETE_MARKER = '.stedi-complete';

export interface PythonEnv {
  /** The venv's python executable: runs the job server and moto. */
  python: string;
  venvDir: string;
  version: string;
}

const INSTALL_HINT =
  `Install Python ${PREFERRED_PYTHON.major}.${PREFERRED_PYTHON.minor} with the venv module ` +
  `(Debian/Ubuntu: apt-get install python3.11 python3.11-venv) or point STEDI_PYTHON at one.`;

function probeVersion(executable: string): { major: number; minor: number; text: string } | undefined {
  const probe = spawnSync(executable, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
  if (probe.status !== 0 || !probe.stdout) return undefined;
  const text = probe.stdout.trim();
  const [major, minor] = text.split('.').map(Number);
  return { major: major ?? 0, minor: minor ?? 0, text };
}

/** The base interpreter that creates the venv: STEDI_PYTHON, else python3.11, else python3. */
export function findBasePython(env: NodeJS.ProcessEnv = process.env): { executable: string; version: string } {
  const candidates = env.STEDI_PYTHON ? [env.STEDI_PYTHON] : ['python3.11', 'python3'];
  const tried: string[] = [];
  for (const candidate of candidates) {
    const version = probeVersion(candidate);
    if (!version) {
      tried.push(`${candidate} (not found)`);
      continue;
    }
    const tooOld = version.major < MIN_PYTHON.major || (version.major === MIN_PYTHON.major && version.minor < MIN_PYTHON.minor);
    if (tooOld) {
      tried.push(`${candidate} (${version.text}: too old)`);
      continue;
    }
    return { executable: candidate, version: version.text };
  }
  throw new EnvironmentError('PYTHON_NOT_FOUND', `no usable Python was found; tried ${tried.join(', ')}. ${INSTALL_HINT}`);
}

function lockHash(): string {
  return createHash('sha256').update(fs.readFileSync(REQUIREMENTS_LOCK)).digest('hex').slice(0, 12);
}

function run(executable: string, args: string[], progress: ProgressSink, failureCode: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (/^(Collecting|Downloading|Installing|Successfully)/.test(line.trim())) progress(`  ${line.trim()}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new EnvironmentError(failureCode, `${what}: could not start ${executable}: ${error.message}`, error)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new EnvironmentError(failureCode, `${what} failed (exit ${String(code)}):\n${tail.join('\n')}`));
    });
  });
}

/**
 * Creates (once) a venv with the pinned PySpark, moto[server] and boto3 from PyPI. The venv
 * folder is keyed by the lock file's hash, so changing a pin provisions a fresh one; a marker
 * written last makes an interrupted install start over instead of being trusted.
 */
export async function ensurePythonEnv(progress: ProgressSink): Promise<PythonEnv> {
  const venvDir = path.join(cacheRoot(), `python-${lockHash()}`);
  const python = path.join(venvDir, 'bin', 'python');
  const marker = path.join(venvDir, COMPLETE_MARKER);
  if (fs.existsSync(marker)) return { python, venvDir, version: fs.readFileSync(marker, 'utf8').trim() };

  fs.mkdirSync(cacheRoot(), { recursive: true });
  return withDirectoryLock(`${venvDir}.lock`, 30 * 60_000, async () => {
    if (fs.existsSync(marker)) return { python, venvDir, version: fs.readFileSync(marker, 'utf8').trim() };
    const base = findBasePython();
    progress(`provisioning the Python runtime in ${venvDir} (first run only: PySpark is ~320 MB)`);
    fs.rmSync(venvDir, { recursive: true, force: true });
    await run(base.executable, ['-m', 'venv', venvDir], progress, 'PYTHON_VENV_FAILED', `creating a venv with ${base.executable}`);
    const pip = [ '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS_LOCK];
    await run(python, pip, progress, 'PIP_INSTALL_FAILED', `pip install -r ${REQUIREMENTS_LOCK} (is PyPI reachable?)`);
    const version = probeVersion(python)?.text ?? base.version;
    fs.writeFileSync(marker, `${version}\n`);
    progress(`Python runtime ready (Python ${version})`);
    return { python, venvDir, version };
  });
}
