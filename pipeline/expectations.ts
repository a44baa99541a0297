import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../common/errors';
import type { PipelineDefinition } from './definition';
import { catalogName } from './glue-names';

export interface ResolvedExpectations {
  /** Expected rows per table; null where Athena refuses the table (the generator says so). */
  counts: Record<string, number | null> | undefined;
  /** Where the counts came from, for the report: a dataset name or an expectations.json. */
  source: string | undefined;
  expectationsFile?: string;
}

/**
 * Which expected counts apply to a landing directory: an explicit --dataset from the pipeline
 * definition, else the generator's expectations.json beside the data, else a dataset of the
 * definition named like the directory (../shared/data/stedi-2023 → stedi-2023), else none.
 */
export function resolveExpectations(definition: PipelineDefinition, landingDir: string, dataset?: string): ResolvedExpectations {
  if (dataset !== undefined) {
    const counts = definition.datasets[dataset];
    if (!counts) {
      const known = Object.keys(definition.datasets);
      throw new InputError('DATASET_UNKNOWN', `dataset ${JSON.stringify(dataset)} is not in ${definition.file}; known: ${known.join(', ') || '(none)'}`);
    }
    return { counts, source: `dataset ${dataset}` };
  }
  const expectationsFile = path.join(path.resolve(landingDir), 'expectations.json');
  if (fs.existsSync(expectationsFile)) {
    let parsed: { tables?: Record<string, number | null> };
    try {
      parsed = JSON.parse(fs.readFileSync(expectationsFile, 'utf8')) as { tables?: Record<string, number | null> };
    } catch (error) {
      throw new InputError('EXPECTATIONS_INVALID', `${expectationsFile} is not valid JSON: ${(error as Error).message}`, error);
    }
    if (!parsed.tables || typeof parsed.tables !== 'object') {
      throw new InputError('EXPECTATIONS_INVALID', `${expectationsFile} has no "tables" object of expected row counts`);
    }
    // Table names as the catalog keeps them (Glue lower-cases them), as the definition does.
    const counts = Object.fromEntries(Object.entries(parsed.tables).map(([table, rows]) => [catalogName(table), rows]));
    return { counts, source: expectationsFile, expectationsFile };
  }
  const byName = definition.datasets[path.basename(path.resolve(landingDir))];
  if (byName) return { counts: byName, source: `dataset ${path.basename(path.resolve(landingDir))}` };
  return { counts: undefined, source: undefined };
}
