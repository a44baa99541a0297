/**
 * stedi-lakehouse-harness: the package's API (`import { ... } from 'stedi-lakehouse-harness'`).
 * The harness (moto + one Spark job server on loopback), the pipeline definition and its
 * orchestrator, the DQDL quality gate, the synthetic data generator, local Athena and the report.
 * Jest matchers and the jest preset are a separate entry point: 'stedi-lakehouse-harness/jest'.
 */
export * from './harness';
export * from './pipeline';
export * from './quality-rules';
export * from './fixtures';
export * from './athena';
// Defined in both the harness (pins) and the definition (validation): the same Glue limit.
export { GLUE_MAX_TIMEOUT_MINUTES } from './harness';
export { StediError, EnvironmentError, InputError, EmulatorError, isStediError, describeError, type Fault } from './common/errors';
export { PACKAGE_ROOT, packagePath } from './common/package-root';
