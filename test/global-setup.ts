import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalHarness, shareHarness, type StartedLocalHarness } from '../harness';
import { SHARED_LOG_DIR_ENV } from '../harness/shared-harness';

/**
 * Starts ONE local harness (moto + the Spark job server) for every integration suite and
 * shares it with the test workers through loopback (see harness/shared-harness.ts).
 * STEDI_SKIP_INTEGRATION=1 runs the unit tests only.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.STEDI_SKIP_INTEGRATION === '1') return;
  const logDir = path.resolve('.stedi', 'test-logs');
  fs.mkdirSync(logDir, { recursive: true });
  const started: StartedLocalHarness = await new LocalHarness().withLogDir(logDir).start();
  process.env[SHARED_LOG_DIR_ENV] = logDir;
  const closeBridge = await shareHarness(started);
  process.stderr.write(`\n[stedi] shared harness: emulator ${started.getEndpoint()}, Spark up in ${started.timings.sparkStartSeconds}s (logs in ${logDir})\n`);
  (globalThis as { __stediHarness?: { stop(): Promise<void> } }).__stediHarness = {
    stop: async () => {
      await closeBridge();
      await started.stop();
    },
  };
}
