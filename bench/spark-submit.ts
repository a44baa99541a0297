/**
 * The reference path of the benchmarks: one `spark-submit` process per Glue script, the way the
 * AWS Glue Docker image runs jobs — every script pays its own JVM and SparkContext start.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { childEnvironment } from '../harness';
import { PYTHON_SOURCE_DIR } from '../harness/runtime/paths';
import type { Runtime } from '../harness/runtime/provision';

export function sparkSubmitEnvironment(runtime: Runtime, endpoint: string): NodeJS.ProcessEnv {
  return childEnvironment(endpoint, {
    PYTHONPATH: PYTHON_SOURCE_DIR,
    JAVA_HOME: runtime.java.home,
    PYSPARK_PYTHON: runtime.python.python,
    PYSPARK_DRIVER_PYTHON: runtime.python.python,
    STEDI_SPARK_JARS: runtime.jars.join(','),
    SPARK_LOCAL_IP: '127.0.0.1',
  });
}

/** The same Spark settings the job server uses (stedi_glue.spark.spark_conf), as --conf flags. */
export function sparkConfFlags(runtime: Runtime, endpoint: string): string[] {
  const probe = spawnSync(runtime.python.python, ['-c', 'import json; from stedi_glue.spark import spark_conf; print(json.dumps(spark_conf()))'], {
    env: sparkSubmitEnvironment(runtime, endpoint),
    encoding: 'utf8',
  });
  if (probe.status !== 0) throw new Error(`could not read the Spark configuration: ${probe.stderr}`);
  const conf = JSON.parse(probe.stdout) as Record<string, string>;
  return Object.entries(conf).flatMap(([key, value]) => ['--conf', `${key}=${value}`]);
}

export function sparkSubmitPath(runtime: Runtime): string {
  return path.join(runtime.python.venvDir, 'lib', `python${runtime.python.version.split('.').slice(0, 2).join('.')}`, 'site-packages', 'pyspark', 'bin', 'spark-submit');
}

/** Runs one script with spark-submit; resolves to its wall-clock seconds. */
export function sparkSubmit(runtime: Runtime, endpoint: string, confFlags: string[], script: string, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(sparkSubmitPath(runtime), [...confFlags, script, ...args], { env: sparkSubmitEnvironment(runtime, endpoint), stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4000);
    });
    child.on('close', (code) => {
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`spark-submit ${path.basename(script)} exited ${String(code)}:\n${tail}`));
    });
  });
}
