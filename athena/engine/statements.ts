/**
 * What a local Athena accepts: read-only statements only. Athena-specific metadata statements
 * (SHOW TABLES, SHOW DATABASES, SHOW COLUMNS, DESCRIBE, SHOW CREATE TABLE) are answered from the
 * catalog, with Athena's result columns; everything else must be a query (SELECT / WITH / VALUES).
 */
import { InputError } from '../../common/errors';

export type MetadataStatement =
  | { kind: 'show-tables'; database?: string; pattern?: string }
  | { kind: 'show-databases'; pattern?: string }
  | { kind: 'show-columns'; table: string; database?: string }
  | { kind: 'describe'; table: string; database?: string }
  | { kind: 'show-create-table'; table: string; database?: string };

/** Removes comments and trailing semicolons, keeping string literals and quoted names intact. */
export function normaliseStatement(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      out += ' ';
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
      out += ' ';
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += ch;
    i++;
  }
  return out.trim().replace(/(\s*;)+$/, '').trim();
}

const READ_ONLY_STARTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'FROM', 'EXPLAIN', '(']);
const METADATA_STARTS = new Set(['SHOW', 'DESCRIBE', 'DESC']);

function firstKeyword(statement: string): string {
  const match = /^\(|^[A-Za-z_]+/.exec(statement);
  return match ? match[0].toUpperCase() : statement.slice(0, 20);
}

/** Refuses anything that is not a read-only statement, before it reaches the engine. */
export function assertReadOnly(statement: string): void {
  const keyword = firstKeyword(statement);
  if (keyword === 'EXPLAIN') {
    // EXPLAIN ANALYZE executes its statement: what it explains must be read-only too.
    const explained = statement.replace(/^EXPLAIN(\s+ANALYZE)?(\s*\([^)]*\))?\s*/i, '');
    if (explained === '' || firstKeyword(explained) === 'EXPLAIN' || METADATA_STARTS.has(firstKeyword(explained))) {
      throw new InputError('QUERY_NOT_READ_ONLY', `refused EXPLAIN: only a SELECT can be explained`);
    }
    assertReadOnly(explained);
    return;
  }
  if (READ_ONLY_STARTS.has(keyword) || METADATA_STARTS.has(keyword)) return;
  throw new InputError(
    'QUERY_NOT_READ_ONLY',
    `refused ${keyword} statement: the local Athena runs read-only statements only ` +
      '(SELECT, WITH, VALUES, EXPLAIN, SHOW TABLES, SHOW DATABASES, SHOW COLUMNS, SHOW CREATE TABLE, DESCRIBE); ' +
      'tables change only by running the pipeline',
  );
}

const NAME = String.raw`(?:"(?:[^"]|"")+"|\x60[^\x60]+\x60|[A-Za-z_][A-Za-z0-9_]*)`;

function unquote(name: string): string {
  if (name.startsWith('"')) return name.slice(1, -1).replace(/""/g, '"').toLowerCase();
  if (name.startsWith('`')) return name.slice(1, -1).toLowerCase();
  return name.toLowerCase();
}

/** Splits `db.table` / `"db"."table"` / `table`, ignoring an `awsdatacatalog.` prefix. */
function qualifiedName(text: string): { database?: string; table: string } {
  const parts = text.match(new RegExp(NAME, 'g'))?.map(unquote) ?? [];
  if (parts.length === 3 && parts[0] === 'awsdatacatalog') parts.shift();
  if (parts.length === 2) return { database: parts[0], table: parts[1] };
  return { table: parts[parts.length - 1] ?? '' };
}

function stringLiteral(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.slice(1, -1).replace(/''/g, "'");
}

/** Recognises the metadata statements answered from the catalog; undefined for anything else. */
export function parseMetadataStatement(statement: string): MetadataStatement | undefined {
  const qualified = `(${NAME}(?:\\s*\\.\\s*${NAME}){0,2})`;
  const literal = String.raw`('(?:[^']|'')*')`;
  let match = new RegExp(`^SHOW\\s+TABLES(?:\\s+(?:IN|FROM)\\s+(${NAME}))?(?:\\s+(?:LIKE\\s+)?${literal})?$`, 'i').exec(statement);
  if (match) return { kind: 'show-tables', database: match[1] ? unquote(match[1]) : undefined, pattern: stringLiteral(match[2]) };
  match = new RegExp(`^SHOW\\s+(?:DATABASES|SCHEMAS)(?:\\s+(?:LIKE\\s+)?${literal})?$`, 'i').exec(statement);
  if (match) return { kind: 'show-databases', pattern: stringLiteral(match[1]) };
  match = new RegExp(`^SHOW\\s+COLUMNS\\s+(?:IN|FROM)\\s+${qualified}(?:\\s+(?:IN|FROM)\\s+(${NAME}))?$`, 'i').exec(statement);
  if (match) {
    const name = qualifiedName(match[1]);
    return { kind: 'show-columns', table: name.table, database: match[2] ? unquote(match[2]) : name.database };
  }
  match = new RegExp(`^SHOW\\s+CREATE\\s+TABLE\\s+${qualified}$`, 'i').exec(statement);
  if (match) return { kind: 'show-create-table', ...qualifiedName(match[1]) };
  match = new RegExp(`^(?:DESCRIBE|DESC)(?:\\s+(?:FORMATTED|EXTENDED))?\\s+${qualified}$`, 'i').exec(statement);
  if (match) return { kind: 'describe', ...qualifiedName(match[1]) };
  if (/^(SHOW|DESCRIBE|DESC)\b/i.test(statement)) {
    throw new InputError(
      'QUERY_UNSUPPORTED',
      `unsupported statement "${statement.slice(0, 60)}": the local Athena answers SHOW TABLES [IN db] ['pattern'], SHOW DATABASES, ` +
        'SHOW COLUMNS IN table, SHOW CREATE TABLE table and DESCRIBE table',
    );
  }
  return undefined;
}

/** Athena's SHOW TABLES pattern: `*` any characters, `|` alternatives, case-insensitive. */
export function athenaPatternMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const alternatives = pattern.split('|').map((alt) => alt.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  const regex = new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
  return (name) => regex.test(name);
}
