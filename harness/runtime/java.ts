import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentError } from '../../common/errors';
import { REQUIRED_JAVA_MAJOR } from './pins';

export interface JavaInfo {
  /** The java executable that will start Spark's JVM. */
  executable: string;
  /** JAVA_HOME to hand to PySpark (derived from the executable when not set). */
  home: string;
  major: number;
  versionLine: string;
}

const INSTALL_HINT =
  `Install a Java ${REQUIRED_JAVA_MAJOR} runtime (Debian/Ubuntu: apt-get install openjdk-${REQUIRED_JAVA_MAJOR}-jre-headless; ` +
  `macOS: brew install openjdk@${REQUIRED_JAVA_MAJOR}) and put it on PATH or set JAVA_HOME.`;

function findOnPath(command: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
}

/** Parses the major version from `java -version` output ("17.0.15", "1.8.0_392", "21"). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/**
 * Finds Java for Spark: JAVA_HOME first (as spark-submit does), then PATH. Spark 3.5 runs on
 * 8/11/17; AWS Glue 5.0 uses 17, so anything else is refused for parity.
 */
export function detectJava(env: NodeJS.ProcessEnv = process.env): JavaInfo {
  const fromHome = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : undefined;
  const executable = fromHome && fs.existsSync(fromHome) ? fromHome : findOnPath('java', env.PATH);
  if (!executable) {
    throw new EnvironmentError(
      'JAVA_NOT_FOUND',
      `Java was not found (JAVA_HOME=${env.JAVA_HOME ?? 'unset'}; no 'java' on PATH): Spark needs Java ${REQUIRED_JAVA_MAJOR}. ${INSTALL_HINT}`,
    );
  }
  const probe = spawnSync(executable, ['-version'], { encoding: 'utf8', env });
  const output = `${probe.stderr ?? ''}${probe.stdout ?? ''}`;
  const major = parseJavaMajor(output);
  if (probe.status !== 0 || major === undefined) {
    throw new EnvironmentError(
      'JAVA_UNUSABLE',
      `${executable} -version failed (exit ${String(probe.status)}): ${output.trim() || probe.error?.message}. ${INSTALL_HINT}`,
    );
  }
  if (major !== REQUIRED_JAVA_MAJOR) {
    throw new EnvironmentError(
      'JAVA_VERSION',
      `${executable} is Java ${major}; the harness runs Spark on Java ${REQUIRED_JAVA_MAJOR} like AWS Glue 5.0. ${INSTALL_HINT}`,
    );
  }
  const home = env.JAVA_HOME && fromHome === executable ? env.JAVA_HOME : path.dirname(path.dirname(fs.realpathSync(executable)));
  return { executable, home, major, versionLine: output.split('\n')[0]?.trim() ?? '' };
}
