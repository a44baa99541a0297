/**
 * One in-memory DuckDB database for a gate run: Arrow tables are copied in on first use
 * (through the appender, one 2048-row data chunk at a time, batch by batch as a spooled table
 * is read back) so CustomSql statements, `where` predicates and value frequencies run as SQL
 * over the same values the Arrow evaluator sees. Its buffer pool is held to half of the gate's
 * budget (load/batch-spool.ts) and spills to a temp folder beyond it, so a 100× table costs
 * DuckDB disk, not memory.
 */
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  FLOAT,
  INTEGER,
  SMALLINT,
  TIMESTAMP,
  TINYINT,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { chunkReader, type ChunkReader } from '../engine/columns';
import { gateMemoryBytes, gateTempPrefix, sweepAbandonedGateFoldersOnce } from '../load/batch-spool';
import { kindOfArrowType, type ColumnKind } from '../load/schema';
import type { TableData } from '../load/table-data';

const CHUNK = 2048;
let sessions = 0;

function duckTypeOf(kind: ColumnKind): DuckDBType {
  switch (kind) {
    case 'string':
      return VARCHAR;
    case 'bigint':
      return BIGINT;
    case 'int':
      return INTEGER;
    case 'smallint':
      return SMALLINT;
    case 'tinyint':
      return TINYINT;
    case 'double':
      return DOUBLE;
    case 'float':
      return FLOAT;
    case 'boolean':
      return BOOLEAN;
    case 'timestamp':
      return TIMESTAMP;
    case 'date':
      return DATE;
  }
}

function toDuckValue(kind: ColumnKind, reader: ChunkReader, i: number): DuckDBValue {
  switch (kind) {
    case 'string':
      return reader.text(i);
    case 'boolean':
      return reader.number(i) === 1;
    case 'timestamp':
      return new DuckDBTimestampValue(BigInt(reader.number(i)) * 1000n);
    case 'date':
      return new DuckDBDateValue(reader.number(i));
    case 'bigint':
      return reader.values![reader.base + i] as bigint;
    default:
      return reader.number(i);
  }
}

/** The first line of a DuckDB error (the rest repeats the statement and points at a column). */
export function duckErrorLine(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  if (!line.startsWith('Out of Memory Error')) return line;
  return `${line} — the gate's DuckDB may use ${duckMemoryLimitMiB()} MB (half of STEDI_GATE_MEMORY_MB, at least ${MIN_DUCK_MEMORY_MIB}); raise STEDI_GATE_MEMORY_MB`;
}

/**
 * DuckDB's floor, whatever the budget: below it DuckDB cannot spill its way through a GROUP BY of
 * millions of distinct keys. At 64 MB, grouping a 100× accelerometer_trusted by its five columns
 * (4.1M distinct rows) ran out of memory with one thread or two; at 96 MB one thread and at 128 MB
 * two threads went through (duck-session.test.ts keeps an 8M-row case).
 */
const MIN_DUCK_MEMORY_MIB = 128;

function duckMemoryLimitMiB(): number {
  return Math.max(MIN_DUCK_MEMORY_MIB, Math.floor(gateMemoryBytes() / 2 / 2 ** 20));
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface SqlResult {
  columns: string[];
  rows: unknown[][];
}

export class DuckSession {
  private readonly registered = new Set<string>();

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<DuckSession> {
    const limitMiB = duckMemoryLimitMiB();
    sweepAbandonedGateFoldersOnce();
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '2',
      memory_limit: `${limitMiB}MB`,
      // DuckDB makes this folder only when it spills, and removes it when it closes.
      temp_directory: `${gateTempPrefix('duckdb')}${++sessions}`,
    });
    return new DuckSession(instance, await instance.connect());
  }

  async query(sql: string): Promise<SqlResult> {
    const reader = await this.connection.runAndReadAll(sql);
    const columns = reader.columnNames();
    return { columns, rows: reader.getRowsJS() as unknown[][] };
  }

  /** Streams the first column of a query's result chunk by chunk (2048 values at a time), so a large result is never held whole. */
  async forEachValue(sql: string, onValue: (value: DuckDBValue) => void): Promise<void> {
    const result = await this.connection.stream(sql);
    for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const value of chunk.getColumnValues(0)) onValue(value);
    }
  }

  isRegistered(name: string): boolean {
    return this.registered.has(name);
  }

  /** Copies a table's batches into DuckDB as table `name` (once; later calls are no-ops). */
  async register(name: string, table: TableData): Promise<void> {
    if (this.registered.has(name)) return;
    const fields = table.schema.fields;
    const kinds = fields.map((f) => kindOfArrowType(f.type));
    const types = kinds.map(duckTypeOf);
    const ddl = fields.map((f, i) => `${quoteIdent(f.name)} ${types[i]!.toString()}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${ddl})`);
    if (fields.length > 0 && table.numRows > 0) {
      const appender = await this.connection.createAppender(name);
      const chunk = DuckDBDataChunk.create(types);
      for (const batch of table.batches) {
        const readers = fields.map((_, c) => chunkReader(batch.getChildAt(c)!.data[0]!, kinds[c]));
        for (let start = 0; start < batch.numRows; start += CHUNK) {
          const end = Math.min(start + CHUNK, batch.numRows);
          const values: DuckDBValue[][] = readers.map((reader, c) => {
            const out: DuckDBValue[] = new Array(end - start);
            for (let r = start; r < end; r++) out[r - start] = reader.isValid(r) ? toDuckValue(kinds[c]!, reader, r) : null;
            return out;
          });
          chunk.reset();
          chunk.rowCount = end - start;
          chunk.setColumns(values);
          appender.appendDataChunk(chunk);
        }
      }
      appender.flushSync();
      appender.closeSync();
    }
    this.registered.add(name);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
