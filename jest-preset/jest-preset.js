// The jest preset of stedi-lakehouse-harness (`preset: 'stedi-lakehouse-harness/jest'`).
// jest takes preset paths as given, so they are absolute here. Installed, the modules beside
// this file are compiled .js (dist/jest-preset/); in the harness's own repository they are the
// .ts sources, which its ts-jest transform compiles.
const fs = require('node:fs');
const path = require('node:path');

const ext = fs.existsSync(path.join(__dirname, 'global-setup.js')) ? '.js' : '.ts';
const own = (name) => path.join(__dirname, `${name}${ext}`);

module.exports = {
  testEnvironment: 'node',
  // Test files in TypeScript; the package itself is compiled JS and needs no transform.
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  setupFiles: [path.join(__dirname, '..', 'common', 'quiet-warnings.js')],
  setupFilesAfterEnv: [own('setup-after-env')],
  // One emulator + Spark for the whole jest run, whatever the number of workers.
  globalSetup: own('global-setup'),
  globalTeardown: own('global-teardown'),
  // A Glue job on a cold Spark takes tens of seconds.
  testTimeout: 300_000,
};
