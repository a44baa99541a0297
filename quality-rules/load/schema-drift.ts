/**
 * Schema drift in JSON records: the loader reads them as the OpenX JsonSerDe does (keys match
 * columns case-insensitively, numeric strings read as numbers), which is right for Athena but
 * hides a feed that changed shape. This tracker counts the records that needed that leniency:
 *
 * - **key case**: a record spells a column's key differently from the rest of the table. The
 *   Glue catalog lower-cases every column name while the STEDI feeds write camelCase
 *   (`serialNumber`), so "differs from the catalog name" alone would flag every record of a
 *   healthy feed. The table's own usual spelling is the reference instead: per column, the
 *   spelling most records use (ties: the catalog name, then the first seen) is expected and any
 *   other spelling is drift (`timeStamp` in a feed that writes `timestamp`).
 * - **value type**: a value whose JSON type is not the column's (a string read as a number, a
 *   number read as a string, ...) but that the SerDe read. Values it could not read are NULL and
 *   in the table layer's ledger (`value-not-coercible`), not drift.
 *
 * The table layer reports each JSON record's key spellings and value types (RowShape); this file
 * only judges them.
 *
 * Records are counted once however many drifted keys and values they carry. Which spelling is
 * expected is only known at the end, so each record's shape (the spellings and coercions it
 * used, in order) is counted in a small trie: memory grows with the number of distinct shapes,
 * not with rows, and no string is built per record.
 */
import type { JsonValueType } from '../../table';
import type { LoadProblem } from './loaded-table';
import type { ColumnKind, ColumnSpec } from './schema';

/** One way the records drift, with how many records show it and where it was first seen. */
export interface DriftFinding {
  column: string;
  kind: 'key-case' | 'value-type';
  /** `key "timeStamp" (usually "timestamp")`, `string values in double column x`. */
  detail: string;
  records: number;
  first: Pick<LoadProblem, 'file' | 'line'>;
}

export interface SchemaDriftSummary {
  /** Records with at least one drifted key or value. */
  records: number;
  /** Most records first. */
  findings: DriftFinding[];
}

export const NO_SCHEMA_DRIFT: SchemaDriftSummary = Object.freeze({ records: 0, findings: Object.freeze([]) as unknown as DriftFinding[] });

const NUMERIC: ReadonlySet<ColumnKind> = new Set(['bigint', 'int', 'smallint', 'tinyint', 'double', 'float']);

/**
 * Whether a present, successfully read value needed a type change to fit its column. Complex
 * catalog types are loaded as JSON text into string columns: objects and arrays are expected
 * there. Timestamps are written as epoch numbers or as text; only epoch digits in a string drift.
 */
export function neededCoercionOfType(type: JsonValueType, column: ColumnSpec): boolean {
  if (type === 'null') return false;
  const isString = type === 'string' || type === 'numeric-string';
  if (NUMERIC.has(column.kind)) return type !== 'number';
  switch (column.kind) {
    case 'string':
      return /^(array|struct|map)</i.test(column.catalogType.trim()) ? false : !isString;
    case 'boolean':
      return type !== 'boolean';
    case 'date':
      return !isString;
    case 'timestamp':
      return type === 'numeric-string' || (!isString && type !== 'number');
    default:
      return false;
  }
}

interface ShapeNode {
  next: Map<number, ShapeNode>;
  records: number;
}

interface Spelling {
  column: number;
  key: string;
  records: number;
  first: Pick<LoadProblem, 'file' | 'line'>;
}

interface Coercion {
  column: number;
  from: string;
  records: number;
  first: Pick<LoadProblem, 'file' | 'line'>;
}

export class SchemaDriftTracker {
  /** Raw key → its spelling entry (so each record looks a key up once, without lower-casing). */
  private readonly spellingOf = new Map<string, number>();
  private readonly spellings: Spelling[] = [];
  private readonly coercionOf = new Map<string, number>();
  private readonly coercions: Coercion[] = [];
  /** Record shapes: a path of spelling ids (>= 0) and coercion ids (< 0); `records` ends there. */
  private readonly shapes: ShapeNode = { next: new Map(), records: 0 };
  private node: ShapeNode = this.shapes;

  constructor(private readonly columns: ColumnSpec[]) {}

  /** Notes that the current record spells `columns[column]` as `key`. */
  key(key: string, column: number, where: Pick<LoadProblem, 'file' | 'line'>): void {
    let id = this.spellingOf.get(key);
    if (id === undefined) {
      id = this.spellings.push({ column, key, records: 0, first: where }) - 1;
      this.spellingOf.set(key, id);
    }
    this.spellings[id]!.records++;
    this.step(id);
  }

  private step(token: number): void {
    let next = this.node.next.get(token);
    if (next === undefined) {
      next = { next: new Map(), records: 0 };
      this.node.next.set(token, next);
    }
    this.node = next;
  }

  /** Notes that the current record's value for `columns[column]`, of JSON type `from`, needed a type change. */
  coerced(column: number, type: string, where: Pick<LoadProblem, 'file' | 'line'>): void {
    // A numeric string is a string to the reader of a message.
    const from = type === 'numeric-string' ? 'string' : type;
    const name = `${column}:${from}`;
    let id = this.coercionOf.get(name);
    if (id === undefined) {
      id = this.coercions.push({ column, from, records: 0, first: where }) - 1;
      this.coercionOf.set(name, id);
    }
    this.coercions[id]!.records++;
    // Coercion tokens are negative so they never collide with spelling ids.
    this.step(-1 - id);
  }

  /** Closes the current record. */
  endRecord(): void {
    this.node.records++;
    this.node = this.shapes;
  }

  /** The expected spelling id of each column: most records, then the catalog name, then first seen. */
  private expectedSpellings(): Map<number, number> {
    const expected = new Map<number, number>();
    this.spellings.forEach((s, id) => {
      const current = expected.get(s.column);
      if (current === undefined) return void expected.set(s.column, id);
      const best = this.spellings[current]!;
      const isCatalog = (x: Spelling) => x.key === this.columns[x.column]!.name;
      if (s.records > best.records || (s.records === best.records && isCatalog(s) && !isCatalog(best))) expected.set(s.column, id);
    });
    return expected;
  }

  summary(): SchemaDriftSummary {
    const expected = this.expectedSpellings();
    const drifted = (token: number) => token < 0 || expected.get(this.spellings[token]!.column) !== token;
    // Records below a drifted token all drift; elsewhere only those whose path ends there count.
    const all = (node: ShapeNode): number => [...node.next.values()].reduce((n, child) => n + all(child), node.records);
    const count = (node: ShapeNode): number =>
      [...node.next].reduce((n, [token, child]) => n + (drifted(token) ? all(child) : count(child)), 0);
    const records = count(this.shapes);
    const findings: DriftFinding[] = [];
    this.spellings.forEach((s, id) => {
      if (expected.get(s.column) === id) return;
      const usual = this.spellings[expected.get(s.column)!]!.key;
      const column = this.columns[s.column]!.name;
      findings.push({ column, kind: 'key-case', detail: `key "${s.key}" for column ${column} (usually "${usual}")`, records: s.records, first: s.first });
    });
    for (const c of this.coercions) {
      const column = this.columns[c.column]!;
      findings.push({ column: column.name, kind: 'value-type', detail: `${c.from} values in ${column.catalogType} column ${column.name}`, records: c.records, first: c.first });
    }
    findings.sort((a, b) => b.records - a.records);
    return { records, findings };
  }
}

/** Combines the drift of several parts of one table (e.g. JSON and Parquet files). */
export function mergeSchemaDrift(parts: SchemaDriftSummary[]): SchemaDriftSummary {
  return {
    records: parts.reduce((n, p) => n + p.records, 0),
    findings: parts.flatMap((p) => p.findings).sort((a, b) => b.records - a.records),
  };
}

/** The first findings as text: `key "timeStamp" for column timestamp (usually "timestamp") in 88 record(s) (first at a.json:3); ...` */
export function describeSchemaDrift(drift: SchemaDriftSummary, max = 3): string {
  const shown = drift.findings.slice(0, max).map((f) => `${f.detail} in ${f.records} record(s) (first at ${f.first.file}:${f.first.line})`);
  const more = drift.findings.length > max ? `; and ${drift.findings.length - max} more` : '';
  return `${shown.join('; ')}${more}`;
}
