/**
 * Hive column types as the Glue catalog stores them (`bigint`, `array<struct<a:int>>`,
 * `decimal(10,2)`): parsed into a tree, printed back canonically, and mapped to DuckDB types.
 */
import { InputError } from '../../common/errors';
import { Token, tokenize, where } from './tokenizer';

export type PrimitiveName =
  | 'tinyint' | 'smallint' | 'int' | 'bigint' | 'boolean' | 'float' | 'double'
  | 'string' | 'binary' | 'date' | 'timestamp';

export type HiveType =
  | { kind: 'primitive'; name: PrimitiveName }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'char' | 'varchar'; length: number }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: { name: string; type: HiveType }[] };

const PRIMITIVE_ALIASES: Record<string, PrimitiveName> = {
  tinyint: 'tinyint', smallint: 'smallint', int: 'int', integer: 'int', bigint: 'bigint',
  boolean: 'boolean', float: 'float', double: 'double', string: 'string', binary: 'binary',
  date: 'date', timestamp: 'timestamp',
};

const UNSUPPORTED_TYPES = new Set(['uniontype', 'interval', 'timestamp_ltz']);

/** Parses one type starting at tokens[index]; returns the type and the index after it. */
export function parseHiveTypeAt(tokens: Token[], index: number, source?: string): { type: HiveType; next: number } {
  let i = index;
  const fail = (code: 'DDL_SYNTAX' | 'DDL_UNSUPPORTED', token: Token, message: string): never => {
    throw new InputError(code, `${where(source, token)}: ${message}`);
  };
  const expectSymbol = (symbol: string, context: string): void => {
    const token = tokens[i];
    if (token.kind !== 'symbol' || token.text !== symbol) {
      fail('DDL_SYNTAX', token, `expected '${symbol}' ${context}, found ${describeToken(token)}`);
    }
    i++;
  };
  const expectNumber = (context: string): number => {
    const token = tokens[i];
    if (token.kind !== 'number') fail('DDL_SYNTAX', token, `expected a number ${context}, found ${describeToken(token)}`);
    i++;
    return Number(token.text);
  };

  const parse = (): HiveType => {
    const token = tokens[i];
    if (token.kind !== 'word') fail('DDL_SYNTAX', token, `expected a column type, found ${describeToken(token)}`);
    const name = token.text.toLowerCase();
    i++;
    if (UNSUPPORTED_TYPES.has(name)) fail('DDL_UNSUPPORTED', token, `column type ${name} is not supported`);
    if (name === 'decimal') {
      if (tokens[i].kind === 'symbol' && tokens[i].text === '(') {
        i++;
        const precision = expectNumber('for the decimal precision');
        let scale = 0;
        if (tokens[i].kind === 'symbol' && tokens[i].text === ',') {
          i++;
          scale = expectNumber('for the decimal scale');
        }
        expectSymbol(')', 'to close decimal(');
        if (precision < 1 || precision > 38 || scale > precision) {
          fail('DDL_SYNTAX', token, `decimal(${precision},${scale}) is invalid: precision must be 1..38 and scale <= precision`);
        }
        return { kind: 'decimal', precision, scale };
      }
      // Hive's bare DECIMAL means decimal(10,0).
      return { kind: 'decimal', precision: 10, scale: 0 };
    }
    if (name === 'char' || name === 'varchar') {
      expectSymbol('(', `after ${name}`);
      const length = expectNumber(`for the ${name} length`);
      expectSymbol(')', `to close ${name}(`);
      return { kind: name, length };
    }
    if (name === 'array') {
      expectSymbol('<', 'after array');
      const element = parse();
      expectSymbol('>', 'to close array<');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      expectSymbol('<', 'after map');
      const key = parse();
      expectSymbol(',', 'between the map key and value types');
      const value = parse();
      expectSymbol('>', 'to close map<');
      return { kind: 'map', key, value };
    }
    if (name === 'struct') {
      expectSymbol('<', 'after struct');
      const fields: { name: string; type: HiveType }[] = [];
      for (;;) {
        const fieldToken = tokens[i];
        if (fieldToken.kind !== 'word' && fieldToken.kind !== 'quoted-identifier') {
          fail('DDL_SYNTAX', fieldToken, `expected a struct field name, found ${describeToken(fieldToken)}`);
        }
        i++;
        expectSymbol(':', `after struct field ${fieldToken.text}`);
        fields.push({ name: fieldToken.text.toLowerCase(), type: parse() });
        const separator = tokens[i];
        if (separator.kind === 'symbol' && separator.text === ',') {
          i++;
          continue;
        }
        expectSymbol('>', 'to close struct<');
        return { kind: 'struct', fields };
      }
    }
    const primitive = PRIMITIVE_ALIASES[name];
    if (!primitive) fail('DDL_SYNTAX', token, `unknown column type '${token.text}'`);
    return { kind: 'primitive', name: primitive };
  };

  const type = parse();
  return { type, next: i };
}

/** Parses a catalog type string such as `array<struct<x:double>>`. */
export function parseHiveType(text: string, context = 'column type'): HiveType {
  const tokens = tokenize(text, context);
  const { type, next } = parseHiveTypeAt(tokens, 0, context);
  if (tokens[next].kind !== 'eof') {
    throw new InputError('DDL_SYNTAX', `${context}: unexpected ${describeToken(tokens[next])} after type in '${text}'`);
  }
  return type;
}

/** The canonical lower-case spelling Athena stores in the Glue catalog. */
export function formatHiveType(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'char':
    case 'varchar':
      return `${type.kind}(${type.length})`;
    case 'array':
      return `array<${formatHiveType(type.element)}>`;
    case 'map':
      return `map<${formatHiveType(type.key)},${formatHiveType(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${formatHiveType(f.type)}`).join(',')}>`;
  }
}

export function quoteDuckIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The DuckDB type that holds values of a Hive column. */
export function duckTypeOf(type: HiveType): string {
  switch (type.kind) {
    case 'primitive':
      return {
        tinyint: 'TINYINT', smallint: 'SMALLINT', int: 'INTEGER', bigint: 'BIGINT', boolean: 'BOOLEAN',
        float: 'FLOAT', double: 'DOUBLE', string: 'VARCHAR', binary: 'BLOB', date: 'DATE', timestamp: 'TIMESTAMP',
      }[type.name];
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'char':
    case 'varchar':
      return 'VARCHAR';
    case 'array':
      return `${duckTypeOf(type.element)}[]`;
    case 'map':
      return `MAP(${duckTypeOf(type.key)}, ${duckTypeOf(type.value)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteDuckIdentifier(f.name)} ${duckTypeOf(f.type)}`).join(', ')})`;
  }
}

export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string '${token.text}'`;
    case 'quoted-identifier':
      return `\`${token.text}\``;
    default:
      return `'${token.text}'`;
  }
}
