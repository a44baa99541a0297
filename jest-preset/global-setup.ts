import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalHarness } from '../harness/local-harness';
import { findProjectConfig } from '../common/project-config';
import { findDevHarness } from '../harness/dev';
import { isHarnessShared, shareHarness, SHARED_ENDPOINT_ENV, SHARED_JOBS_PORT_ENV, SHARED_LEASE_ENV, SHARED_LOG_DIR_ENV, SHARED_TOKEN_ENV } from '../harness/shared-harness';
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
  if (process.env.STEDI_NO_DEV !== '1' && (await reuseDevHarness(globalConfig?.rootDir ?? process.cwd()))) return;
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

/**
 * The project's running `stedi dev` (its runs directory: the project config's, else
 * .stedi/runs): the jest session takes its lease (waiting if a `stedi run` holds it), resets it
 * once (other processes' state would otherwise leak into the tests), and hands the lease to the
 * workers, which cannot reset it. STEDI_NO_DEV=1 starts a fresh harness instead.
 */
async function reuseDevHarness(rootDir: string): Promise<boolean> {
  const runsDir = findProjectConfig(rootDir)?.values.runsDir ?? path.join(rootDir, '.stedi', 'runs');
  const lookup = await findDevHarness(runsDir);
  if (!lookup.found) return false;
  const dev = lookup.found;
  await dev.claim(`jest (pid ${process.pid})`, (busy) => process.stderr.write(`\n[stedi] the dev harness is busy (${busy.description}); waiting for it\n`));
  process.env[SHARED_ENDPOINT_ENV] = dev.getEndpoint();
  process.env[SHARED_JOBS_PORT_ENV] = String(dev.state.bridgePort);
  process.env[SHARED_TOKEN_ENV] = dev.state.token;
  process.env[SHARED_LEASE_ENV] = dev.lease;
  process.env[SHARED_LOG_DIR_ENV] = dev.state.logDir;
  process.stderr.write(`\n[stedi] reusing the dev harness (pid ${dev.pid}, emulator ${dev.getEndpoint()}): no emulator or Spark start (STEDI_NO_DEV=1 for a fresh one)\n`);
  const handle: HarnessHandle = { stop: () => dev.stop() };
  (globalThis as Record<symbol, HarnessHandle | undefined>)[HARNESS_HANDLE] = handle;
  return true;
}
