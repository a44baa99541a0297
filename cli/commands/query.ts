import { Command } from 'commander';
import * as path from 'node:path';
import type { QueryResult } from '../../athena';
import { resolveRunDir } from '../../common/run-dir';
import { renderTable } from '../text-table';

interface QueryCommandOptions {
  run?: string;
  runsDir: string;
  database?: string;
  json?: boolean;
}

const NUMERIC_TYPE = /^(tinyint|smallint|integer|bigint|real|double|decimal)/;

export function renderQueryResult(result: QueryResult, formatQueryValue: (value: QueryResult['rows'][number][number], type: string) => string): string {
  const numeric = result.columns.flatMap((c, i) => (NUMERIC_TYPE.test(c.type) ? [i] : []));
  const table = renderTable(
    result.columns.map((c) => c.name),
    result.rows.map((row) => row.map((value, i) => formatQueryValue(value, result.columns[i].type))),
    numeric,
  );
  return `${table}\n(${result.rowCount} row${result.rowCount === 1 ? '' : 's'})\n`;
}

/** `stedi query SQL`: Athena SQL over the catalog tables of a saved run, offline. */
export function queryCommand(): Command {
  return new Command('query')
    .description('run a read-only Athena (Trino) SQL statement over the tables of a saved run')
    .argument('<sql>', 'one statement: SELECT / WITH, SHOW TABLES, DESCRIBE table, SHOW CREATE TABLE table')
    .option('--run <dir>', 'run directory (default: the latest run)')
    .option('--runs-dir <dir>', 'where run directories are saved', path.join('.stedi', 'runs'))
    .option('--database <name>', "database for unqualified table names (default: the run's database; with several, the one holding the table, an error if several do)")
    .option('--json', 'print one JSON document: columns, rows, rowCount, warnings')
    .action(async (sql: string, options: QueryCommandOptions) => {
      const { formatQueryValue, queryRun } = require('../../athena') as typeof import('../../athena');
      const runDir = resolveRunDir(options.run, options.runsDir);
      const result = await queryRun({ runDir, sql, database: options.database });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ runDir, ...result }, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderQueryResult(result, formatQueryValue));
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    });
}
