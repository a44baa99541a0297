import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { InputError } from '../common/errors';
import { packagePath } from '../common/package-root';
import { tableFromDdl, type DdlTable } from './catalog-setup';
import { orderJobs } from './dag';
import { resolveRules, type RuleFileRef } from './definition-rules';
import { glueJobName, glueName } from './glue-names';

/** The STEDI pipeline shipped with the project; `stedi run --pipeline FILE` replaces it. */
export const DEFAULT_PIPELINE_FILE = packagePath('pipeline', 'stedi.pipeline.yaml');

/** Glue refuses a job timeout of 7 days or more. */
export const GLUE_MAX_TIMEOUT_MINUTES = 10080;

/** The zone staged from landing files; every other zone name is a label the user chooses. */
export const LANDING_ZONE = 'landing';

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name');
const zoneLabel = z.string().regex(/^[^\s].*$/, 'a zone name (any label: landing, trusted, silver, gold, ...)');
/** One path or a list of paths (files or folders), relative to the definition file. */
const paths = z.union([z.string().min(1), z.array(z.string().min(1))]).transform((value) => (Array.isArray(value) ? value : [value]));

const tableSchema = z
  .object({
    name: glueName,
    zone: zoneLabel,
    /** Database of the table (default: the pipeline's). */
    database: glueName.optional(),
    /** Athena DDL creating the table in the catalog before the first job; landing tables need one. */
    ddl: z.string().optional(),
    /** The folder under the landing directory whose files are staged at the table's LOCATION. */
    landing: z.string().optional(),
    /** Register the partitions found under LOCATION after each job, as a Glue crawler would. */
    crawl: z.boolean().default(false),
    /** DQDL files (or folders of them) for this table, whatever their file names. */
    rules: paths.optional(),
  })
  .strict();

const jobSchema = z
  .object({
    name: glueJobName,
    script: z.string(),
    arguments: z.record(z.string().startsWith('--', 'job arguments start with --'), z.string()).default({}),
    inputs: z.array(glueName).default([]),
    outputs: z.array(glueName).min(1, 'a job writes at least one table'),
    /**
     * Minutes before the run ends in TIMEOUT, as Glue's job `Timeout` (whole minutes, at least 1,
     * under 7 days: https://docs.aws.amazon.com/glue/latest/webapi/API_CreateJob.html).
     */
    timeout: z
      .number()
      .int("whole minutes, as Glue's Timeout")
      .positive('at least 1 minute')
      .max(GLUE_MAX_TIMEOUT_MINUTES - 1, `less than ${GLUE_MAX_TIMEOUT_MINUTES} minutes (7 days), as Glue allows`)
      .optional(),
  })
  .strict();

const pipelineSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: z.string().min(1),
    database: glueName,
    buckets: z.array(bucketName).min(1),
    /** DQDL files or folders of `<table>.dqdl` files: the pipeline's quality rules. */
    rules: paths.optional(),
    tables: z.array(tableSchema).min(1),
    jobs: z.array(jobSchema).default([]),
    datasets: z.record(z.record(glueName, z.number().int().nonnegative())).default({}),
  })
  .strict();

export type TableDefinition = Omit<z.infer<typeof tableSchema>, 'rules'> & {
  database: string;
  ddlPath?: string;
  /** The table the DDL creates, parsed with the definition (so bad DDL fails before anything starts). */
  ddlTable?: DdlTable;
};
export type JobDefinition = z.infer<typeof jobSchema> & { scriptPath: string };
export interface PipelineDefinition {
  name: string;
  file: string;
  database: string;
  buckets: string[];
  tables: TableDefinition[];
  /** Jobs in dependency order (a cycle is a definition error). */
  jobs: JobDefinition[];
  datasets: Record<string, Record<string, number>>;
  /** Every DQDL file of the definition with the table it guards; empty when it declares none. */
  rules: RuleFileRef[];
}

function formatIssuePath(issuePath: (string | number)[]): string {
  return issuePath.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');
}

function invalid(file: string, problems: string[]): InputError {
  return new InputError('PIPELINE_INVALID', `${file} is not a valid pipeline definition:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/**
 * Reads and validates a pipeline definition, everything a run needs before any process starts:
 * the keys (errors name the file and the path of the bad key, `jobs[2].outputs`), the
 * cross-references (every job input and output is a declared table, each table has one
 * producer, landing tables have DDL and a landing folder), every DDL file parsed, the rules
 * (files exist, each is for a declared table, DQDL syntax), and the job graph (no cycle).
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
    throw invalid(
      absolute,
      parsed.error.issues.map((issue) => `${formatIssuePath(issue.path) || '(root)'}: ${issue.message}`),
    );
  }
  const base = path.dirname(absolute);
  const spec = parsed.data;
  const tables: TableDefinition[] = spec.tables.map(({ rules: _rules, ...table }) => ({
    ...table,
    database: table.database ?? spec.database,
    ddlPath: table.ddl ? path.resolve(base, table.ddl) : undefined,
  }));
  const jobs = spec.jobs.map((job) => ({ ...job, scriptPath: path.resolve(base, job.script) }));
  const problems = [...checkTables(tables), ...checkJobs(jobs, tables), ...checkDatasets(spec.datasets, tables)];
  const rules = resolveRules(base, spec.rules, spec.tables.map((table) => table.rules), tables.map((table) => table.name));
  problems.push(...rules.problems);
  if (problems.length > 0) throw invalid(absolute, problems);
  let ordered: JobDefinition[];
  try {
    ordered = orderJobs(jobs);
  } catch (error) {
    throw new InputError('PIPELINE_CYCLE', `${absolute}: ${(error as Error).message}`, error);
  }
  return { name: spec.name, file: absolute, database: spec.database, buckets: spec.buckets, datasets: spec.datasets, tables, jobs: ordered, rules: rules.files };
}

function checkTables(tables: TableDefinition[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  tables.forEach((table, index) => {
    const key = `tables[${index}]`;
    const qualified = `${table.database}.${table.name}`;
    if (seen.has(table.name)) problems.push(`${key}.name: ${table.name} is declared twice (Glue compares names lower-cased)`);
    seen.add(table.name);
    if (table.zone === LANDING_ZONE && (!table.ddlPath || !table.landing)) problems.push(`${key}: landing table ${table.name} needs both ddl and landing`);
    if (table.landing !== undefined && table.zone !== LANDING_ZONE) problems.push(`${key}.landing: only tables in zone ${LANDING_ZONE} are staged from landing files (${table.name} is in zone ${table.zone})`);
    if (table.crawl && !table.ddlPath) problems.push(`${key}.crawl: a crawled table needs ddl (its columns, format and LOCATION; partition keys may come from the paths)`);
    if (!table.ddlPath) return;
    if (!fs.existsSync(table.ddlPath)) {
      problems.push(`${key}.ddl: ${table.ddlPath} does not exist`);
      return;
    }
    try {
      table.ddlTable = tableFromDdl(table);
    } catch (error) {
      problems.push(`${key}.ddl: ${(error as Error).message}`);
      return;
    }
    if (!table.ddlTable.location && (table.zone === LANDING_ZONE || table.crawl)) {
      problems.push(`${key}.ddl: ${table.ddlPath} gives ${qualified} no LOCATION; a ${table.crawl ? 'crawled' : 'landing'} table needs one`);
    }
  });
  return problems;
}

function checkJobs(jobs: JobDefinition[], tables: TableDefinition[]): string[] {
  const problems: string[] = [];
  const declared = new Set(tables.map((table) => table.name));
  const names = new Set<string>();
  const producers = new Map<string, string>();
  jobs.forEach((job, index) => {
    if (names.has(job.name)) problems.push(`jobs[${index}].name: ${job.name} is declared twice`);
    names.add(job.name);
    if (!fs.existsSync(job.scriptPath)) problems.push(`jobs[${index}].script: ${job.scriptPath} does not exist`);
    job.inputs.forEach((input, i) => {
      if (!declared.has(input)) problems.push(`jobs[${index}].inputs[${i}]: ${input} is not a declared table`);
    });
    job.outputs.forEach((output, i) => {
      if (!declared.has(output)) problems.push(`jobs[${index}].outputs[${i}]: ${output} is not a declared table`);
      const other = producers.get(output);
      if (other) problems.push(`jobs[${index}].outputs[${i}]: ${output} is already written by ${other}`);
      producers.set(output, job.name);
    });
  });
  return problems;
}

function checkDatasets(datasets: Record<string, Record<string, number>>, tables: TableDefinition[]): string[] {
  const declared = new Set(tables.map((table) => table.name));
  return Object.entries(datasets).flatMap(([dataset, counts]) =>
    Object.keys(counts)
      .filter((table) => !declared.has(table))
      .map((table) => `datasets.${dataset}.${table}: not a declared table`),
  );
}
