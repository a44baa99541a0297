/**
 * Runs the Python compatibility layer's pytest suite with the provisioned venv, so `npm test`
 * covers both languages without the user knowing where the venv lives.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT, provisionRuntime } from '../harness';

async function main(): Promise<void> {
  const runtime = await provisionRuntime();
  const result = spawnSync(runtime.python.python, ['-m', 'pytest', path.join('harness', 'python', 'tests'), '-q', '-p', 'no:cacheprovider'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      JAVA_HOME: runtime.java.home,
      STEDI_SPARK_JARS: runtime.jars.join(','),
      STEDI_DEEQU_JARS: runtime.jars.filter((jar) => /\/(deequ|dqdl)-[^/]*\.jar$/.test(jar)).join(','),
      PYTHONPATH: path.join(PROJECT_ROOT, 'harness', 'python'),
    },
  });
  process.exitCode = result.status ?? 1;
}

void main();
