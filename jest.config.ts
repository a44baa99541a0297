import type { Config } from 'jest';

// Unit tests sit beside the code (x.test.ts). Integration suites (*.int.test.ts) start the
// emulator and Spark; they share one started harness through the global setup below.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/common', '<rootDir>/table', '<rootDir>/harness', '<rootDir>/pipeline', '<rootDir>/quality-rules', '<rootDir>/fixtures', '<rootDir>/cli', '<rootDir>/athena', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFiles: ['<rootDir>/common/quiet-warnings.js'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
};

export default config;
