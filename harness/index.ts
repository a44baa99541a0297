export { LocalHarness, StartedLocalHarness, type HarnessTimings } from './local-harness';
export { ensureClassArchive, existingClassArchive, type ClassArchiveOutcome } from './class-archive';
export { parseBackendKind, unavailableBackend, type BackendKind, type StartedBackend } from './backend';
export type { DockerHarness, StartedDockerHarness, DockerHarnessTimings } from './docker';
/**
 * The docker backend (DockerHarness, `stedi images build`), loaded on demand: testcontainers and
 * the Docker client take a second or two to load, which no local run should pay.
 */
export function loadDockerBackend(): typeof import('./docker') {
  return require('./docker') as typeof import('./docker');
}
export { MotoEmulator, StartedMotoEmulator, type EmulatorStatus, type MotoServerModule } from './emulator/moto-emulator';
export { LOG_CAP_BYTES } from './emulator/capped-log';
export { assertLoopbackEndpoint, isLoopbackHost } from './emulator/loopback';
export { GlueJobServer, StartedGlueJobServer, assertJobTimeout, type RestartRecord } from './job-server/glue-job-server';
export { assertSparkMaster, isLocalSparkMaster } from './job-server/spark-master';
export { defaultJobTimeoutMinutes, GLUE_VERSION, GLUE_MAX_TIMEOUT_MINUTES } from './runtime/pins';
export type { JobRun, JobRunRequest, JobRunError, DataQualityRecord, JobInput, JobInputErrorSample } from './job-server/protocol';
export { createLocalClients, childEnvironment, isolatedEnvironment, FAKE_CREDENTIALS } from './clients';
export { provisionRuntime, type Runtime } from './runtime/provision';
export { detectJava } from './runtime/java';
export { PROJECT_ROOT } from './runtime/paths';
export { stderrProgress, silentProgress, type ProgressSink } from './runtime/progress';
export { shareHarness, isHarnessShared, SharedHarnessClient } from './shared-harness';
