import { detectJava, type JavaInfo } from './java';
import { ensureJars } from './jars';
import { ensurePythonEnv, type PythonEnv } from './python-env';
import { stderrProgress, type ProgressSink } from './progress';

export interface Runtime {
  java: JavaInfo;
  python: PythonEnv;
  /** Absolute jar paths for spark.jars. */
  jars: string[];
}

/**
 * Everything the local backend needs before it can start: Java (checked, never installed),
 * the cached Python venv and the cached jars. Idempotent: a second call only checks markers.
 * Java is checked first because it is the one thing we cannot install for the user.
 */
export async function provisionRuntime(progress: ProgressSink = stderrProgress): Promise<Runtime> {
  const java = detectJava();
  const python = await ensurePythonEnv(progress);
  const jars = await ensureJars(progress);
  return { java, python, jars };
}
