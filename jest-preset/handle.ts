/** Set to 1 to run unit tests only: the global setup then starts no emulator and no Spark. */
export const SKIP_HARNESS_ENV = 'STEDI_SKIP_INTEGRATION';

/**
 * Where the global setup leaves the started harness for the global teardown. jest runs both in
 * its main process and shares globalThis between them (and with nothing else).
 */
export const HARNESS_HANDLE = Symbol.for('stedi-lakehouse-harness.jest.harness');

export interface HarnessHandle {
  stop(): Promise<void>;
}
