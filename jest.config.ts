import type { Config } from 'jest';

// Unit tests sit beside the code (x.test.ts). Integration suites (*.int.test.ts) start the
// emulator and Spark; they share one started harness through the package's own jest preset
// (jest-preset/: global setup/teardown, the data-quality matchers), the one teams use.
const config: Config = {
  preset: '<rootDir>/jest-preset',
  roots: ['<rootDir>/common', '<rootDir>/table', '<rootDir>/harness', '<rootDir>/pipeline', '<rootDir>/quality-rules', '<rootDir>/fixtures', '<rootDir>/cli', '<rootDir>/athena', '<rootDir>/jest-preset', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 120_000,
  maxWorkers: 2,
};

export default config;
