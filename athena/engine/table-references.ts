/**
 * Which tables a SELECT reads, from DuckDB's own parse tree (json_serialize_sql), so a query
 * loads and checks only the tables it uses — as Athena only reads, and only fails on, those.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export interface TableReference {
  /** Database (schema) as written, lower-cased; undefined when unqualified. */
  database?: string;
  table: string;
}

function collectBaseTables(node: unknown, out: TableReference[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectBaseTables(item, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') {
    const schema = typeof record.schema_name === 'string' && record.schema_name !== '' ? record.schema_name.toLowerCase() : undefined;
    out.push({ database: schema, table: record.table_name.toLowerCase() });
  }
  for (const value of Object.values(record)) collectBaseTables(value, out);
}

/** The parse tree of a single SELECT, or undefined when DuckDB cannot serialize the statement. */
export async function serializeSelect(connection: DuckDBConnection, statement: string): Promise<Record<string, unknown> | undefined> {
  try {
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [statement]);
    const parsed = JSON.parse(String(reader.getRows()[0][0])) as Record<string, unknown>;
    if (parsed.error) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

export async function referencedTables(connection: DuckDBConnection, statement: string): Promise<TableReference[]> {
  const tree = await serializeSelect(connection, statement);
  const out: TableReference[] = [];
  if (tree) {
    collectBaseTables(tree.statements, out);
    return out;
  }
  try {
    for (const name of connection.getTableNames(statement, true)) {
      const parts = name.toLowerCase().split('.');
      out.push(parts.length >= 2 ? { database: parts[parts.length - 2], table: parts[parts.length - 1] } : { table: parts[0] });
    }
  } catch {
    // Unparseable SQL: the engine reports the syntax error when the statement runs.
  }
  return out;
}

/** Athena names an unaliased expression `_col<position>`; DuckDB would call it `count_star()`. */
export function athenaColumnNames(tree: Record<string, unknown> | undefined, duckNames: string[]): string[] {
  const names = duckNames.map((n) => n.toLowerCase());
  const statements = tree?.statements as { node?: Record<string, unknown> }[] | undefined;
  const node = statements?.[0]?.node;
  if (!node || node.type !== 'SELECT_NODE') return names;
  const selectList = node.select_list as { class?: string; alias?: string }[] | undefined;
  if (!selectList || selectList.length !== names.length || selectList.some((e) => e.class === 'STAR')) return names;
  return selectList.map((expression, index) => {
    if (expression.alias) return expression.alias.toLowerCase();
    if (expression.class === 'COLUMN_REF') return names[index];
    return `_col${index}`;
  });
}
