import * as path from 'node:path';
import { isHarnessShared, SharedHarnessClient } from '..';

/** `describe` for suites that need the shared harness; skipped when the global setup did not start one. */
export const describeIntegration: jest.Describe = isHarnessShared() ? describe : describe.skip;

export function sharedHarness(): SharedHarnessClient {
  return SharedHarnessClient.fromEnvironment();
}

/** The real STEDI starter data: read from ../shared (never copied into the repo). */
export const REAL_DATA_DIR = process.env.STEDI_REAL_DATA ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'stedi-2023');
