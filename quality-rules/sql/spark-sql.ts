/**
 * Glue DQ runs CustomSql and `where` predicates as Spark SQL with the table under test
 * registered as `primary`. DuckDB reads almost all of that the same way; two spellings differ
 * and are translated here, outside string literals:
 *   - `primary` is a reserved word in DuckDB: the bare identifier becomes the quoted name of
 *     the table under test;
 *   - Spark quotes identifiers with backticks, DuckDB with double quotes.
 */
import { quoteIdent } from './duck-session';

export function sparkToDuckSql(sql: string, primaryTable: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '"') {
      const j = sql.indexOf('"', i + 1);
      const end = j < 0 ? sql.length : j + 1;
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '`') {
      const j = sql.indexOf('`', i + 1);
      const end = j < 0 ? sql.length : j;
      out += quoteIdent(sql.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? sql.length : j;
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i))![0];
      const before = out.trimEnd();
      const after = sql.slice(i + word.length).trimStart();
      const isPrimaryTable = word.toLowerCase() === 'primary' && !before.endsWith('.') && !/^key\b/i.test(after);
      out += isPrimaryTable ? quoteIdent(primaryTable) : word;
      i += word.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
