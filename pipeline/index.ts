export { loadPipelineDefinition, DEFAULT_PIPELINE_FILE, type PipelineDefinition, type TableDefinition, type JobDefinition } from './definition';
export { orderJobs } from './dag';
export { runPipeline, type PipelineRun, type RunEvent, type RunPipelineOptions } from './orchestrator';
export { resolveExpectations, type ResolvedExpectations } from './expectations';
export { findLandingFiles } from './staging';
export { readLandingFolder } from './staging';
