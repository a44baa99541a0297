/**
 * 'stedi-lakehouse-harness/jest': the data-quality matchers (registered on import) and the
 * shared harness as a test file sees it. The preset ('stedi-lakehouse-harness/jest' as jest's
 * `preset`) starts one harness for all test files and imports this for every file.
 */
import '../quality-rules/jest-matchers';

export { dataQualityMatchers, describeOutcome, type PassDataQualityOptions } from '../quality-rules/jest-matchers';
export { sharedHarness, closeSharedHarness, harnessAvailable } from './shared-client';
export { runPipelineInTest, type PipelineTestOptions, type PipelineTestResult } from './run-pipeline';
export { SKIP_HARNESS_ENV } from './handle';
export type { SharedHarnessClient } from '../harness/shared-harness';
