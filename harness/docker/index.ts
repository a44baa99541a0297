export { DockerHarness, defaultMounts, EMULATOR_ALIAS } from './docker-harness';
export { StartedDockerHarness, type DockerHarnessTimings } from './started-docker-harness';
export { connectDocker, dockerUnavailableReason, dockerUnavailableReasonSync, DOCKER_INSTALL_HINT } from './docker-engine';
export { ensureImages, buildHint, type HarnessImages, type BuiltImage } from './image-build';
export { ensureBaseImage, baseTarball, REGISTRY_BASE, BOOTSTRAPPED_BASE, type BaseImage } from './base-image';
export { contentTag, glueRecipe, motoRecipe, DEFAULT_CA_BUNDLE, type ImageName } from './image-context';
export { HARNESS_LABEL, SESSION_LABEL, isStale, sweepStale } from './lifecycle';
