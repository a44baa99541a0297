/**
 * A statement an analyzer runs in the gate's DuckDB: its failure is the rule's evaluation error,
 * named by what was being done and DuckDB's first error line.
 */
import { duckErrorLine, type DuckSession, type SqlResult } from '../sql/duck-session';
import { RuleEvaluationError } from './types';

export async function duckQuery(session: DuckSession, sql: string, what: string): Promise<SqlResult> {
  try {
    return await session.query(sql);
  } catch (error) {
    throw new RuleEvaluationError(`${what} failed in DuckDB: ${duckErrorLine(error)}`);
  }
}
