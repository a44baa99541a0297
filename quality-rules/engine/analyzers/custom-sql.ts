/**
 * CustomSql: runs the statement in DuckDB over the run's tables, `primary` being the table
 * under test (see sql/spark-sql.ts for the Spark → DuckDB spelling), and reads the single
 * value it returns. Tables the statement names are copied into DuckDB on first use.
 */
import { duckErrorLine } from '../../sql/duck-session';
import { sparkToDuckSql } from '../../sql/spark-sql';
import { duckQuery } from '../duck-query';
import { datasetMetric } from '../metrics';
import { RuleEvaluationError, type DirectAnalyzer } from '../types';

export function customSqlAnalyzer(table: string, statement: string): DirectAnalyzer {
  return {
    kind: 'direct',
    id: `CustomSql(${table}: ${statement})`,
    table,
    columns: [],
    async compute(_loaded, ctx) {
      const sql = sparkToDuckSql(statement, table);
      const session = await ctx.registerInDuck(table);
      let referenced: readonly string[];
      try {
        referenced = session.connection.getTableNames(sql, false);
      } catch (error) {
        throw new RuleEvaluationError(`CustomSql statement does not parse: ${duckErrorLine(error)}`);
      }
      for (const name of referenced) {
        if (ctx.tables.has(name)) await ctx.registerInDuck(name);
        else if (!session.isRegistered(name)) {
          throw new RuleEvaluationError(`CustomSql reads table ${name}, which is not in the run (tables: ${ctx.tables.names().join(', ')})`);
        }
      }
      const result = await duckQuery(session, sql, 'CustomSql');
      if (result.rows.length !== 1 || result.columns.length !== 1) {
        throw new RuleEvaluationError(
          `CustomSql must return one value; it returned ${result.rows.length} row(s) of ${result.columns.length} column(s)`,
        );
      }
      const value = result.rows[0]![0];
      const number = typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'bigint' ? Number(value) : value;
      if (typeof number !== 'number' || Number.isNaN(number)) {
        throw new RuleEvaluationError(`CustomSql must return a number or a boolean; it returned ${JSON.stringify(String(value))}`);
      }
      return { metrics: { [datasetMetric('CustomSQL')]: number } };
    },
  };
}
