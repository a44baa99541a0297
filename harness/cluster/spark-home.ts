import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentError } from '../../common/errors';
import type { PythonEnv } from '../runtime/python-env';

/**
 * SPARK_HOME of the provisioned PySpark: the pip package carries Spark's own launcher
 * (bin/spark-class) and jars/, so the standalone master and workers run the very Spark build the
 * job server's driver runs — no separate Spark download.
 */
export function pysparkHome(python: PythonEnv): string {
  const lib = path.join(python.venvDir, 'lib');
  const candidates = fs.existsSync(lib)
    ? fs.readdirSync(lib).filter((name) => name.startsWith('python')).map((name) => path.join(lib, name, 'site-packages', 'pyspark'))
    : [];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'bin', 'spark-class')));
  if (found) return found;
  // Another venv layout (Windows' Lib/, a distro's dist-packages): ask the interpreter.
  const probe = spawnSync(python.python, ['-c', 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'], { encoding: 'utf8' });
  const dir = probe.stdout?.trim();
  if (probe.status === 0 && dir && fs.existsSync(path.join(dir, 'bin', 'spark-class'))) return dir;
  throw new EnvironmentError(
    'SPARK_HOME_NOT_FOUND',
    `the PySpark package of ${python.python} has no bin/spark-class (looked in ${candidates.join(', ') || lib}); run \`stedi provision\` again`,
  );
}

/** bin/spark-class: builds the JVM command line from SPARK_HOME's jars, then execs java. */
export function sparkClassScript(sparkHome: string): string {
  return path.join(sparkHome, 'bin', 'spark-class');
}
