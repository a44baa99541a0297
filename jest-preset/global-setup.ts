import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalHarness } from '../harness/local-harness';
import { isHarnessShared, shareHarness, SHARED_LOG_DIR_ENV } from '../harness/shared-harness';
import { HARNESS_HANDLE, SKIP_HARNESS_ENV, type HarnessHandle } from './handle';

/**
 * jest globalSetup: starts ONE local harness (moto + the Spark job server) for the whole jest
 * run and publishes it to the test workers through environment variables (workers are forked
 * after this returns, and --runInBand tests run in this very process). Tests reach it with
 * sharedHarness(). STEDI_SKIP_INTEGRATION=1 starts nothing (unit tests only); a harness already
 * shared by an outer process is reused.
 */
export default async function globalSetup(globalConfig?: { rootDir?: string }): Promise<void> {
  if (process.env[SKIP_HARNESS_ENV] === '1' || isHarnessShared()) return;
  const logDir = path.resolve(globalConfig?.rootDir ?? process.cwd(), '.stedi', 'test-logs');
  fs.mkdirSync(logDir, { recursive: true });
  const started = await new LocalHarness().withLogDir(logDir).start();
  process.env[SHARED_LOG_DIR_ENV] = logDir;
  const closeBridge = await shareHarness(started);
  process.stderr.write(`\n[stedi] shared harness: emulator ${started.getEndpoint()}, Spark up in ${started.timings.sparkStartSeconds}s (logs in ${logDir})\n`);
  const handle: HarnessHandle = {
    stop: async () => {
      await closeBridge();
      await started.stop();
    },
  };
  (globalThis as Record<symbol, HarnessHandle | undefined>)[HARNESS_HANDLE] = handle;
}
