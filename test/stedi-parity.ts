/**
 * Helpers for the parity suites (docker vs local, cluster vs local[*]): the bundled STEDI
 * definition under a suite's own database and bucket — the shared harness runs the STEDI
 * pipeline from other test files at the same time under the original names — and a table's rows
 * through local Athena, as sorted JSON, to compare two runs' contents.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { queryRun } from '../athena';
import { PROJECT_ROOT } from '../harness/runtime/paths';
import { loadPipelineDefinition, type PipelineDefinition, type PipelineRun } from '../pipeline';

export function renamedStediDefinition(names: { database: string; bucket: string }): PipelineDefinition {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${names.database}-def-`));
  const source = path.join(PROJECT_ROOT, 'pipeline');
  const rename = (text: string): string => text.replace(/stedi-lakehouse/g, names.bucket).replace(/`stedi`\./g, `\`${names.database}\`.`);
  fs.mkdirSync(path.join(dir, 'ddl'));
  for (const file of fs.readdirSync(path.join(source, 'ddl'))) fs.writeFileSync(path.join(dir, 'ddl', file), rename(fs.readFileSync(path.join(source, 'ddl', file), 'utf8')));
  const yaml = rename(fs.readFileSync(path.join(source, 'stedi.pipeline.yaml'), 'utf8'))
    .replace(/^database: stedi$/m, `database: ${names.database}`)
    .replace(/--database: stedi,/g, `--database: ${names.database},`)
    .replace(/\.\.\/(glue-scripts|quality-rules)\//g, `${PROJECT_ROOT}/$1/`);
  fs.writeFileSync(path.join(dir, 'pipeline.yaml'), yaml);
  return loadPipelineDefinition(path.join(dir, 'pipeline.yaml'));
}

/** JSON with bigints as strings: rows and metrics compared as text. */
export const jsonOf = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export async function sortedRows(run: PipelineRun, database: string, table: string): Promise<string[]> {
  const result = await queryRun({ runDir: run.runDir, database, sql: `SELECT * FROM "${database}"."${table}"` });
  return result.rows.map(jsonOf).sort();
}
