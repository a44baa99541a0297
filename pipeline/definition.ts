import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { InputError } from '../common/errors';
import type { Zone } from '../common/run-dir';

/** The STEDI pipeline shipped with the project; `stedi run --pipeline FILE` replaces it. */
export const DEFAULT_PIPELINE_FILE = path.join(__dirname, 'stedi.pipeline.yaml');

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Glue name: letters, digits and _');
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name');

const tableSchema = z
  .object({
    name: identifier,
    zone: z.enum(['landing', 'trusted', 'curated']),
    /** Database of the table (default: the pipeline's). */
    database: identifier.optional(),
    /** Athena DDL creating the table in the catalog; landing tables need one. */
    ddl: z.string().optional(),
    /** The folder under the landing directory whose *.json files are staged at the table's LOCATION. */
    landing: z.string().optional(),
  })
  .strict();

const jobSchema = z
  .object({
    name: identifier,
    script: z.string(),
    arguments: z.record(z.string().startsWith('--', 'job arguments start with --'), z.string()).default({}),
    inputs: z.array(identifier).default([]),
    outputs: z.array(identifier).min(1, 'a job writes at least one table'),
  })
  .strict();

const pipelineSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: z.string().min(1),
    database: identifier,
    buckets: z.array(bucketName).min(1),
    tables: z.array(tableSchema).min(1),
    jobs: z.array(jobSchema).default([]),
    datasets: z.record(z.record(identifier, z.number().int().nonnegative())).default({}),
  })
  .strict();

export type TableDefinition = z.infer<typeof tableSchema> & { database: string; zone: Zone; ddlPath?: string };
export type JobDefinition = z.infer<typeof jobSchema> & { scriptPath: string };
export interface PipelineDefinition {
  name: string;
  file: string;
  database: string;
  buckets: string[];
  tables: TableDefinition[];
  jobs: JobDefinition[];
  datasets: Record<string, Record<string, number>>;
}

function formatIssuePath(issuePath: (string | number)[]): string {
  return issuePath.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');
}

/**
 * Reads and validates a pipeline definition. Errors name the file and the path of the bad key
 * (`jobs[2].outputs`), and cross-references are checked: every job input and output is a
 * declared table, each table has one producer, landing tables have DDL and a landing folder.
 */
export function loadPipelineDefinition(file: string = DEFAULT_PIPELINE_FILE): PipelineDefinition {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new InputError('PIPELINE_NOT_FOUND', `pipeline definition ${absolute} does not exist`);
  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new InputError('PIPELINE_YAML', `${absolute}: not valid YAML: ${(error as Error).message}`, error);
  }
  const parsed = pipelineSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${formatIssuePath(issue.path) || '(root)'}: ${issue.message}`);
    throw new InputError('PIPELINE_INVALID', `${absolute} is not a valid pipeline definition:\n${problems.join('\n')}`);
  }
  const base = path.dirname(absolute);
  const spec = parsed.data;
  const definition: PipelineDefinition = {
    name: spec.name,
    file: absolute,
    database: spec.database,
    buckets: spec.buckets,
    datasets: spec.datasets,
    tables: spec.tables.map((table) => ({
      ...table,
      database: table.database ?? spec.database,
      ddlPath: table.ddl ? path.resolve(base, table.ddl) : undefined,
    })),
    jobs: spec.jobs.map((job) => ({ ...job, scriptPath: path.resolve(base, job.script) })),
  };
  checkReferences(definition);
  return definition;
}

function checkReferences(definition: PipelineDefinition): void {
  const problems: string[] = [];
  const tables = new Set<string>();
  definition.tables.forEach((table, index) => {
    if (tables.has(table.name)) problems.push(`tables[${index}].name: ${table.name} is declared twice`);
    tables.add(table.name);
    if (table.zone === 'landing' && (!table.ddlPath || !table.landing)) {
      problems.push(`tables[${index}]: landing table ${table.name} needs both ddl and landing`);
    }
    if (table.ddlPath && !fs.existsSync(table.ddlPath)) problems.push(`tables[${index}].ddl: ${table.ddlPath} does not exist`);
  });
  const producers = new Map<string, string>();
  definition.jobs.forEach((job, index) => {
    if (!fs.existsSync(job.scriptPath)) problems.push(`jobs[${index}].script: ${job.scriptPath} does not exist`);
    job.inputs.forEach((input, i) => {
      if (!tables.has(input)) problems.push(`jobs[${index}].inputs[${i}]: ${input} is not a declared table`);
    });
    job.outputs.forEach((output, i) => {
      if (!tables.has(output)) problems.push(`jobs[${index}].outputs[${i}]: ${output} is not a declared table`);
      const other = producers.get(output);
      if (other) problems.push(`jobs[${index}].outputs[${i}]: ${output} is already written by ${other}`);
      producers.set(output, job.name);
    });
  });
  for (const [dataset, counts] of Object.entries(definition.datasets)) {
    for (const table of Object.keys(counts)) {
      if (!tables.has(table)) problems.push(`datasets.${dataset}.${table}: not a declared table`);
    }
  }
  if (problems.length > 0) {
    throw new InputError('PIPELINE_INVALID', `${definition.file} is not a valid pipeline definition:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
