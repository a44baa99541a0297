/**
 * Athena `CREATE EXTERNAL TABLE` DDL → the Glue `TableInput` Athena would send to the catalog.
 * Every error names the clause, the file and the line:column, and unsupported Hive clauses are
 * refused by name rather than ignored (a silently dropped PARTITIONED BY or SERDE property would
 * change what the table reads).
 */
import type { Column, TableInput } from '@aws-sdk/client-glue';
import { InputError } from '../../common/errors';
import { describeToken, formatHiveType, parseHiveTypeAt } from './hive-type';
import { LAZY_SIMPLE_SERDE, STORED_AS_FORMATS, TEXT_INPUT_FORMAT, HIVE_TEXT_OUTPUT_FORMAT } from './storage-formats';
import { Token, tokenize, where } from './tokenizer';

export interface ParsedTable {
  /** The database named in the DDL (`db`.`table`), or undefined when the name is unqualified. */
  database: string | undefined;
  tableInput: TableInput;
}

/** Clauses in the order Hive's grammar requires them. */
const CLAUSE_ORDER = ['COMMENT', 'PARTITIONED BY', 'ROW FORMAT', 'STORED AS', 'LOCATION', 'TBLPROPERTIES'] as const;
type Clause = (typeof CLAUSE_ORDER)[number];

const UNSUPPORTED_CLAUSES: Record<string, string> = {
  CLUSTERED: 'CLUSTERED BY (bucketed tables)',
  SORTED: 'SORTED BY (bucketed tables)',
  SKEWED: 'SKEWED BY',
  AS: 'AS SELECT (CREATE TABLE AS SELECT)',
  LIKE: 'CREATE TABLE LIKE',
  WITH: 'WITH (...) table properties (Trino/Iceberg syntax)',
};

class Cursor {
  index = 0;
  constructor(readonly tokens: Token[], readonly source: string | undefined) {}

  get current(): Token {
    return this.tokens[this.index];
  }

  peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  isWord(word: string, token = this.current): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  isSymbol(symbol: string, token = this.current): boolean {
    return token.kind === 'symbol' && token.text === symbol;
  }

  fail(code: 'DDL_SYNTAX' | 'DDL_UNSUPPORTED', message: string, token = this.current): never {
    throw new InputError(code, `${where(this.source, token)}: ${message}`);
  }

  expectWord(word: string, context: string): Token {
    if (!this.isWord(word)) this.fail('DDL_SYNTAX', `expected ${word} ${context}, found ${describeToken(this.current)}`);
    return this.tokens[this.index++];
  }

  expectSymbol(symbol: string, context: string): Token {
    if (!this.isSymbol(symbol)) this.fail('DDL_SYNTAX', `expected '${symbol}' ${context}, found ${describeToken(this.current)}`);
    return this.tokens[this.index++];
  }

  expectString(context: string): string {
    if (this.current.kind !== 'string') {
      this.fail('DDL_SYNTAX', `expected a quoted string ${context}, found ${describeToken(this.current)}`);
    }
    return this.tokens[this.index++].text;
  }

  identifier(context: string): string {
    const token = this.current;
    if (token.kind !== 'word' && token.kind !== 'quoted-identifier') {
      this.fail('DDL_SYNTAX', `expected ${context}, found ${describeToken(token)}`);
    }
    this.index++;
    return token.text;
  }
}

function parseColumns(cursor: Cursor, clause: string): Column[] {
  const open = cursor.expectSymbol('(', `to open the ${clause} column list`);
  const columns: Column[] = [];
  const seen = new Set<string>();
  if (cursor.isSymbol(')')) cursor.fail('DDL_SYNTAX', `${clause} has no columns`);
  for (;;) {
    const nameToken = cursor.current;
    const name = cursor.identifier(`a column name in ${clause}`).toLowerCase();
    if (seen.has(name)) cursor.fail('DDL_SYNTAX', `column ${name} is declared twice in ${clause}`, nameToken);
    seen.add(name);
    const { type, next } = parseHiveTypeAt(cursor.tokens, cursor.index, cursor.source);
    cursor.index = next;
    const column: Column = { Name: name, Type: formatHiveType(type) };
    if (cursor.isWord('COMMENT')) {
      cursor.index++;
      column.Comment = cursor.expectString(`after COMMENT for column ${name}`);
    }
    if (cursor.isWord('NOT') || cursor.isWord('PRIMARY') || cursor.isWord('CONSTRAINT') || cursor.isWord('DEFAULT')) {
      cursor.fail('DDL_UNSUPPORTED', `column constraint ${cursor.current.text.toUpperCase()} on ${name} is not supported by Athena external tables`);
    }
    columns.push(column);
    if (cursor.isSymbol(',')) {
      cursor.index++;
      continue;
    }
    if (cursor.isSymbol(')')) {
      cursor.index++;
      return columns;
    }
    cursor.fail('DDL_SYNTAX', `expected ',' or ')' after column ${name} in ${clause} (opened at ${open.line}:${open.column}), found ${describeToken(cursor.current)}`);
  }
}

function parseProperties(cursor: Cursor, clause: string): Record<string, string> {
  cursor.expectSymbol('(', `after ${clause}`);
  const properties: Record<string, string> = {};
  if (cursor.isSymbol(')')) {
    cursor.index++;
    return properties;
  }
  for (;;) {
    const keyToken = cursor.current;
    const key = cursor.expectString(`for a ${clause} key`);
    if (key in properties) cursor.fail('DDL_SYNTAX', `${clause} sets '${key}' twice`, keyToken);
    cursor.expectSymbol('=', `after ${clause} key '${key}'`);
    const valueToken = cursor.current;
    // Athena's own examples write unquoted values ("case.insensitive" = FALSE); accept them as text.
    if (valueToken.kind === 'string' || valueToken.kind === 'word' || valueToken.kind === 'number') {
      properties[key] = valueToken.text;
      cursor.index++;
    } else {
      cursor.fail('DDL_SYNTAX', `expected a value for ${clause} key '${key}', found ${describeToken(valueToken)}`);
    }
    if (cursor.isSymbol(',')) {
      cursor.index++;
      continue;
    }
    cursor.expectSymbol(')', `to close ${clause}`);
    return properties;
  }
}

interface RowFormat {
  serde: string;
  parameters: Record<string, string>;
}

function parseRowFormat(cursor: Cursor): RowFormat {
  if (cursor.isWord('SERDE')) {
    cursor.index++;
    const serde = cursor.expectString('after ROW FORMAT SERDE');
    let parameters: Record<string, string> = {};
    if (cursor.isWord('WITH')) {
      cursor.index++;
      cursor.expectWord('SERDEPROPERTIES', 'after ROW FORMAT SERDE ... WITH');
      parameters = parseProperties(cursor, 'WITH SERDEPROPERTIES');
    }
    return { serde, parameters };
  }
  if (!cursor.isWord('DELIMITED')) {
    cursor.fail('DDL_SYNTAX', `expected SERDE or DELIMITED after ROW FORMAT, found ${describeToken(cursor.current)}`);
  }
  cursor.index++;
  // Hive's DELIMITED is LazySimpleSerDe with these properties (FIELDS also sets serialization.format).
  const parameters: Record<string, string> = {};
  const terminated = (what: string): string => {
    cursor.expectWord('TERMINATED', `after ${what}`);
    cursor.expectWord('BY', `after ${what} TERMINATED`);
    return cursor.expectString(`after ${what} TERMINATED BY`);
  };
  for (;;) {
    if (cursor.isWord('FIELDS')) {
      cursor.index++;
      const delimiter = terminated('FIELDS');
      parameters['field.delim'] = delimiter;
      parameters['serialization.format'] = delimiter;
      if (cursor.isWord('ESCAPED')) {
        cursor.index++;
        cursor.expectWord('BY', 'after ESCAPED');
        parameters['escape.delim'] = cursor.expectString('after ESCAPED BY');
      }
    } else if (cursor.isWord('COLLECTION')) {
      cursor.index++;
      cursor.expectWord('ITEMS', 'after COLLECTION');
      parameters['collection.delim'] = terminated('COLLECTION ITEMS');
    } else if (cursor.isWord('MAP')) {
      cursor.index++;
      cursor.expectWord('KEYS', 'after MAP');
      parameters['mapkey.delim'] = terminated('MAP KEYS');
    } else if (cursor.isWord('LINES')) {
      cursor.index++;
      parameters['line.delim'] = terminated('LINES');
    } else if (cursor.isWord('NULL')) {
      cursor.index++;
      cursor.expectWord('DEFINED', 'after NULL');
      cursor.expectWord('AS', 'after NULL DEFINED');
      parameters['serialization.null.format'] = cursor.expectString('after NULL DEFINED AS');
    } else {
      return { serde: LAZY_SIMPLE_SERDE, parameters };
    }
  }
}

function clauseAt(cursor: Cursor): Clause | undefined {
  if (cursor.isWord('COMMENT')) return 'COMMENT';
  if (cursor.isWord('PARTITIONED')) return 'PARTITIONED BY';
  if (cursor.isWord('ROW')) return 'ROW FORMAT';
  if (cursor.isWord('STORED')) return cursor.isWord('BY', cursor.peek()) ? undefined : 'STORED AS';
  if (cursor.isWord('LOCATION')) return 'LOCATION';
  if (cursor.isWord('TBLPROPERTIES')) return 'TBLPROPERTIES';
  return undefined;
}

/**
 * Parses one Athena `CREATE EXTERNAL TABLE` statement. `source` (a file name) is used in error
 * messages only.
 */
export function parseCreateTable(sql: string, source?: string): ParsedTable {
  const cursor: Cursor = new Cursor(tokenize(sql, source), source);

  if (!cursor.isWord('CREATE')) cursor.fail('DDL_SYNTAX', `expected CREATE EXTERNAL TABLE, found ${describeToken(cursor.current)}`);
  cursor.index++;
  if (cursor.isWord('TEMPORARY')) cursor.fail('DDL_UNSUPPORTED', 'CREATE TEMPORARY TABLE is not supported by Athena');
  if (cursor.isWord('VIEW') || (cursor.isWord('OR') && cursor.isWord('REPLACE', cursor.peek()))) {
    cursor.fail('DDL_UNSUPPORTED', 'CREATE VIEW is not supported: only CREATE EXTERNAL TABLE defines catalog tables here');
  }
  if (cursor.isWord('TABLE')) {
    cursor.fail('DDL_UNSUPPORTED', 'CREATE TABLE without EXTERNAL (managed or Iceberg tables) is not supported: use CREATE EXTERNAL TABLE');
  }
  cursor.expectWord('EXTERNAL', 'after CREATE');
  cursor.expectWord('TABLE', 'after CREATE EXTERNAL');
  if (cursor.isWord('IF')) {
    cursor.index++;
    cursor.expectWord('NOT', 'after IF');
    cursor.expectWord('EXISTS', 'after IF NOT');
  }

  let database: string | undefined;
  let name = cursor.identifier('a table name');
  if (cursor.isSymbol('.')) {
    cursor.index++;
    database = name.toLowerCase();
    name = cursor.identifier(`a table name after ${database}.`);
  }
  name = name.toLowerCase();

  if (cursor.isWord('LIKE')) cursor.fail('DDL_UNSUPPORTED', `${UNSUPPORTED_CLAUSES.LIKE} is not supported`);
  if (cursor.isWord('AS')) cursor.fail('DDL_UNSUPPORTED', `${UNSUPPORTED_CLAUSES.AS} is not supported`);
  const columns = parseColumns(cursor, `table ${name}`);

  const parameters: Record<string, string> = { EXTERNAL: 'TRUE' };
  let partitionKeys: Column[] = [];
  let rowFormat: RowFormat | undefined;
  let storedAs: { inputFormat: string; outputFormat: string; serde?: string } | undefined;
  let location: string | undefined;
  let lastRank = -1;
  let lastClause = '';

  for (;;) {
    if (cursor.isSymbol(';')) {
      cursor.index++;
      if (cursor.current.kind !== 'eof') {
        cursor.fail('DDL_SYNTAX', `unexpected ${describeToken(cursor.current)} after ';': one CREATE EXTERNAL TABLE statement per file`);
      }
      break;
    }
    if (cursor.current.kind === 'eof') break;

    const clause = clauseAt(cursor);
    if (clause === undefined) {
      const word = cursor.current.kind === 'word' ? cursor.current.text.toUpperCase() : '';
      if (word === 'STORED') cursor.fail('DDL_UNSUPPORTED', 'STORED BY (storage handlers) is not supported');
      if (word in UNSUPPORTED_CLAUSES) cursor.fail('DDL_UNSUPPORTED', `${UNSUPPORTED_CLAUSES[word]} is not supported`);
      cursor.fail('DDL_SYNTAX', `unexpected ${describeToken(cursor.current)} after ${lastClause || 'the column list'}: expected one of ${CLAUSE_ORDER.join(', ')}`);
    }
    const rank = CLAUSE_ORDER.indexOf(clause);
    if (rank === lastRank) cursor.fail('DDL_SYNTAX', `${clause} appears twice`);
    if (rank < lastRank) cursor.fail('DDL_SYNTAX', `${clause} must come before ${lastClause}`);
    lastRank = rank;
    lastClause = clause;
    cursor.index++;

    switch (clause) {
      case 'COMMENT':
        // Hive keeps the table comment in the table parameters.
        parameters.comment = cursor.expectString('after COMMENT');
        break;
      case 'PARTITIONED BY': {
        cursor.expectWord('BY', 'after PARTITIONED');
        if (cursor.isSymbol('(') && (cursor.isSymbol(',', cursor.peek(2)) || cursor.isSymbol(')', cursor.peek(2)))) {
          cursor.fail('DDL_UNSUPPORTED', 'PARTITIONED BY (column, ...) without types (Iceberg partition transforms) is not supported: give each partition column a type');
        }
        partitionKeys = parseColumns(cursor, 'PARTITIONED BY');
        for (const key of partitionKeys) {
          if (columns.some((c) => c.Name === key.Name)) {
            cursor.fail('DDL_SYNTAX', `partition column ${key.Name} is also a table column: Athena requires partition columns to be distinct`);
          }
        }
        break;
      }
      case 'ROW FORMAT':
        cursor.expectWord('FORMAT', 'after ROW');
        rowFormat = parseRowFormat(cursor);
        if (cursor.isWord('WITH')) {
          cursor.fail('DDL_UNSUPPORTED', 'WITH SERDEPROPERTIES after ROW FORMAT DELIMITED is not supported: use ROW FORMAT SERDE ... WITH SERDEPROPERTIES');
        }
        break;
      case 'STORED AS': {
        cursor.expectWord('AS', 'after STORED');
        if (cursor.isWord('INPUTFORMAT')) {
          cursor.index++;
          const inputFormat = cursor.expectString('after STORED AS INPUTFORMAT');
          cursor.expectWord('OUTPUTFORMAT', 'after STORED AS INPUTFORMAT ...');
          storedAs = { inputFormat, outputFormat: cursor.expectString('after OUTPUTFORMAT') };
        } else {
          const formatToken = cursor.current;
          const format = cursor.identifier('a file format after STORED AS').toUpperCase();
          const known = STORED_AS_FORMATS[format];
          if (!known) {
            cursor.fail('DDL_UNSUPPORTED', `STORED AS ${format} is not supported (use ${Object.keys(STORED_AS_FORMATS).join(', ')} or INPUTFORMAT/OUTPUTFORMAT)`, formatToken);
          }
          storedAs = known;
        }
        break;
      }
      case 'LOCATION': {
        const locationToken = cursor.current;
        location = cursor.expectString('after LOCATION');
        if (!/^s3a?:\/\/[^/]+/.test(location)) {
          cursor.fail('DDL_SYNTAX', `LOCATION must be an s3://bucket/prefix/ URI, got '${location}'`, locationToken);
        }
        break;
      }
      case 'TBLPROPERTIES': {
        const properties = parseProperties(cursor, 'TBLPROPERTIES');
        Object.assign(parameters, properties);
        break;
      }
    }
  }

  const storageDescriptor: NonNullable<TableInput['StorageDescriptor']> = {
    Columns: columns,
    Location: location,
    InputFormat: storedAs?.inputFormat ?? TEXT_INPUT_FORMAT,
    OutputFormat: storedAs?.outputFormat ?? HIVE_TEXT_OUTPUT_FORMAT,
    SerdeInfo: {
      SerializationLibrary: rowFormat?.serde ?? storedAs?.serde ?? LAZY_SIMPLE_SERDE,
      Parameters: rowFormat?.parameters ?? {},
    },
  };
  if (location === undefined) delete storageDescriptor.Location;

  return {
    database,
    tableInput: {
      Name: name,
      TableType: 'EXTERNAL_TABLE',
      Parameters: parameters,
      StorageDescriptor: storageDescriptor,
      PartitionKeys: partitionKeys,
    },
  };
}
