import { isHarnessShared, SharedHarnessClient } from '../harness/shared-harness';

let client: SharedHarnessClient | undefined;

/**
 * The harness the preset's global setup started, from a test file: SDK clients on the shared
 * emulator and jobs on the shared Spark. One client per test file, closed after its last test
 * (setup-after-env), so no socket outlives the file. Use your own bucket and database names per
 * test file: every file shares the emulator's state.
 */
export function sharedHarness(): SharedHarnessClient {
  client ??= SharedHarnessClient.fromEnvironment();
  return client;
}

/** Closes this test file's client (registered as an afterAll by the preset). */
export async function closeSharedHarness(): Promise<void> {
  const open = client;
  client = undefined;
  await open?.stop();
}

/** True when a shared harness is reachable (false under STEDI_SKIP_INTEGRATION=1). */
export function harnessAvailable(): boolean {
  return isHarnessShared();
}
