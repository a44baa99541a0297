/**
 * A local Athena over a run directory: DuckDB in process, one view per catalog table in schema
 * `awsdatacatalog.<database>`, data read with the catalog's schema and SerDe (never inferred).
 * After the tables are loaded the engine is locked: no file access, no configuration changes,
 * and only read-only statements are accepted.
 */
import * as fs from 'node:fs';
import { DuckDBConnection, DuckDBInstance, StatementType } from '@duckdb/node-api';
import { InputError, StediError, describeError } from '../../common/errors';
import { readRunRecord, runRecordPath } from '../../common/run-dir';
import { quoteDuckIdentifier as q } from '../../table/ddl/hive-type';
import { renderCreateTable } from '../../table/ddl/render-create-table';
import { tableFormat } from '../../table/ddl/storage-formats';
import { CatalogEntry, readRunCatalog } from '../run-catalog';
import { loadCatalogTable } from './load-table';
import { RAW_CATALOG, RAW_SCHEMA, LoadedTable, RawName, rawTableSql, viewSelectList } from './raw-table';
import { QueryResult, QueryValue, toQueryValue, trinoTypeName } from './result';
import { MetadataStatement, assertReadOnly, athenaPatternMatcher, normaliseStatement, parseMetadataStatement } from './statements';
import { TableReference, athenaColumnNames, referencedTables, serializeSelect } from './table-references';
import { TRINO_FUNCTION_MACROS } from './trino-functions';

export const ATHENA_CATALOG = 'awsdatacatalog';

export interface AthenaSessionOptions {
  runDir: string;
  /**
   * Where unqualified table names resolve; default: the run's database when it has one. In a run
   * with several, an unqualified name resolves to the one database holding that table, and is
   * refused when several do (QUERY_AMBIGUOUS_TABLE).
   */
  database?: string;
  /**
   * Load only the tables this statement reads (one-shot queries). Default: load every table, for
   * sessions that run many queries (the report).
   */
  loadFor?: string;
}

/** Athena's default database, where unqualified names resolve in a run with no database. */
const ATHENA_DEFAULT_DATABASE = 'default';

/** The run's databases: run.json's list, else the catalog's. */
function runDatabases(runDir: string, catalog: CatalogEntry[]): string[] {
  const recorded = fs.existsSync(runRecordPath(runDir)) ? readRunRecord(runDir).databases ?? [] : [];
  return [...new Set([...recorded, ...catalog.map((e) => e.database)].map((d) => d.toLowerCase()))];
}

/** --database, else the run's only database; undefined when the run has several (no default). */
function chooseDefaultDatabase(runDir: string, catalog: CatalogEntry[], requested?: string): string | undefined {
  if (requested) return requested.toLowerCase();
  const databases = runDatabases(runDir, catalog);
  if (databases.length === 0) return ATHENA_DEFAULT_DATABASE;
  return databases.length === 1 ? databases[0] : undefined;
}

/** The database an unqualified table name resolves in when there is no default: the one holding it. */
function databaseHolding(catalog: CatalogEntry[], table: string): string | undefined {
  const holders = [...new Set(catalog.filter((e) => e.name === table.toLowerCase()).map((e) => e.database))].sort();
  if (holders.length > 1) {
    throw new InputError('QUERY_AMBIGUOUS_TABLE', `table ${table} is in several databases of this run (${holders.join(', ')}): qualify it (${holders[0]}.${table}) or pass --database`);
  }
  return holders[0];
}

export class AthenaSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly catalog: CatalogEntry[],
    /** Where unqualified names resolve; with several databases and no --database, the first (names are resolved one by one, see resolveDatabase). */
    readonly database: string,
    private readonly hasDefault: boolean,
    private readonly loaded: Map<string, LoadedTable>,
    private readonly loadErrors: Map<string, unknown>,
  ) {}

  static async open(options: AthenaSessionOptions): Promise<AthenaSession> {
    const catalog = readRunCatalog(options.runDir);
    const chosen = chooseDefaultDatabase(options.runDir, catalog, options.database);
    const databases = runDatabases(options.runDir, catalog);
    const database = chosen ?? databases[0]!;
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    const loaded = new Map<string, LoadedTable>();
    const loadErrors = new Map<string, unknown>();
    try {
      await connection.run(`ATTACH ':memory:' AS ${q(ATHENA_CATALOG)}`);
      await connection.run(`CREATE SCHEMA ${q(RAW_CATALOG)}.${q(RAW_SCHEMA)}`);
      for (const name of new Set([database, ...databases])) await connection.run(`CREATE SCHEMA ${q(ATHENA_CATALOG)}.${q(name)}`);

      let toLoad = catalog;
      if (options.loadFor !== undefined) {
        const statement = normaliseStatement(options.loadFor);
        const wanted = new Set(
          (await referencedTables(connection, statement)).map((ref) => `${ref.database ?? chosen ?? databaseHolding(catalog, ref.table) ?? database}.${ref.table}`),
        );
        toLoad = catalog.filter((e) => wanted.has(`${e.database}.${e.name}`));
      }
      for (const entry of toLoad) {
        const qualified = `${entry.database}.${entry.name}`;
        try {
          loaded.set(qualified, await loadTable(connection, entry));
        } catch (error) {
          loadErrors.set(qualified, error);
        }
      }
      for (const macro of TRINO_FUNCTION_MACROS) await connection.run(macro);
      await connection.run(`USE ${q(ATHENA_CATALOG)}.${q(database)}`);
      // No default database (several in the run): an unqualified name is looked up in each.
      if (chosen === undefined) await connection.run(`SET search_path = '${databases.map((d) => `${ATHENA_CATALOG}.${d}`).join(',')}'`);
      // Trino divides integers as integers (5/2 = 2).
      await connection.run('SET integer_division = true');
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    return new AthenaSession(instance, connection, catalog, database, chosen !== undefined, loaded, loadErrors);
  }

  /** `db.table` names of every catalog table, sorted. */
  tableNames(): string[] {
    return this.catalog.map((e) => `${e.database}.${e.name}`).sort();
  }

  /** Data problems found while loading a table (malformed lines read as NULL rows, ...). */
  warningsFor(qualified: string): string[] {
    return this.loaded.get(qualified)?.warnings ?? [];
  }

  /** The error that kept a table from loading, if any (Athena would fail every query reading it). */
  loadErrorFor(qualified: string): unknown {
    return this.loadErrors.get(qualified);
  }

  async query(sql: string): Promise<QueryResult> {
    const statement = normaliseStatement(sql);
    if (statement === '') throw new InputError('QUERY_EMPTY', 'the query is empty');
    assertReadOnly(statement);
    const metadata = parseMetadataStatement(statement);
    if (metadata) return this.answerMetadata(metadata);

    let count: number;
    try {
      count = (await this.connection.extractStatements(statement)).count;
    } catch (error) {
      throw this.translateError(error);
    }
    if (count !== 1) {
      throw new InputError('QUERY_MULTIPLE_STATEMENTS', `the query holds ${count} statements; Athena runs one statement per query`);
    }

    const references = await referencedTables(this.connection, statement);
    const used = this.resolveReferences(references);
    for (const entry of used) {
      const qualified = `${entry.database}.${entry.name}`;
      const loadError = this.loadErrors.get(qualified);
      if (loadError !== undefined) throw loadError;
      if (!this.loaded.has(qualified)) {
        throw new StediError('QUERY_TABLE_NOT_LOADED', `table ${qualified} was not loaded in this session (opened for another statement)`, { fault: 'internal' });
      }
    }

    try {
      const prepared = await this.connection.prepare(statement);
      if (prepared.statementType !== StatementType.SELECT && prepared.statementType !== StatementType.EXPLAIN) {
        throw new InputError('QUERY_NOT_READ_ONLY', `refused ${StatementType[prepared.statementType]} statement: the local Athena runs read-only statements only`);
      }
      const reader = await prepared.runAndReadAll();
      const types = reader.columnTypes();
      const names = athenaColumnNames(await serializeSelect(this.connection, statement), reader.columnNames());
      const rows: QueryValue[][] = reader.getRows().map((row) => row.map((value, i) => toQueryValue(value, types[i])));
      return {
        columns: names.map((name, i) => ({ name, type: trinoTypeName(types[i]) })),
        rows,
        rowCount: rows.length,
        database: this.database,
        warnings: used.flatMap((e) => this.warningsFor(`${e.database}.${e.name}`)),
      };
    } catch (error) {
      throw this.translateError(error);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private resolveReferences(references: TableReference[]): CatalogEntry[] {
    const byName = new Map(this.catalog.map((e) => [`${e.database}.${e.name}`, e]));
    const out = new Map<string, CatalogEntry>();
    for (const ref of references) {
      const key = `${this.resolveDatabase(ref.table, ref.database)}.${ref.table}`;
      const entry = byName.get(key);
      if (entry) out.set(key, entry);
    }
    return [...out.values()];
  }

  /** The database of a table reference: its qualifier, the default, else the one run database holding it. */
  private resolveDatabase(table: string, database?: string): string {
    if (database) return database.toLowerCase();
    if (this.hasDefault) return this.database;
    return databaseHolding(this.catalog, table) ?? this.database;
  }

  private find(table: string, database?: string): CatalogEntry {
    const db = this.resolveDatabase(table, database);
    const entry = this.catalog.find((e) => e.database === db && e.name === table.toLowerCase());
    if (!entry) throw this.unknownTable(`${db}.${table.toLowerCase()}`);
    return entry;
  }

  private unknownTable(name: string): InputError {
    const known = this.tableNames();
    return new InputError(
      'QUERY_UNKNOWN_TABLE',
      `table ${name} does not exist (unqualified names resolve in ${this.hasDefault ? `database ${this.database}` : 'the database of the run holding them'}); ` +
        `tables in this run: ${known.length > 0 ? known.join(', ') : '(none)'}`,
    );
  }

  private translateError(error: unknown): unknown {
    if (error instanceof StediError) return error;
    const message = describeError(error);
    const firstLine = message.split('\n')[0];
    const hiveError = /(HIVE_BAD_DATA|HIVE_CURSOR_ERROR): [\s\S]*/.exec(message);
    if (hiveError) return new InputError(hiveError[1], hiveError[0].split('\n')[0], error);
    const missingTable = /Table with name "?([^"\s!]+)"? does not exist/.exec(message);
    if (missingTable) {
      const name = missingTable[1].includes('.') ? missingTable[1] : `${this.database}.${missingTable[1]}`;
      return this.unknownTable(name.toLowerCase());
    }
    if (/Catalog "[^"]*" does not exist|schema "[^"]*" does not exist/i.test(message)) {
      return this.unknownTable(/Table with name ([^ ]+)/.exec(message)?.[1] ?? firstLine);
    }
    if (/^Permission Error/.test(message) || /file system operations are disabled/.test(message)) {
      return new InputError('QUERY_NOT_READ_ONLY', `refused: the local Athena reads only the run's catalog tables; direct file access is disabled (${firstLine})`, error);
    }
    if (/^Parser Error/.test(message)) return new InputError('QUERY_SYNTAX', message, error);
    return new InputError('QUERY_FAILED', message, error);
  }

  private answerMetadata(statement: MetadataStatement): QueryResult {
    const result = (columns: string[], rows: QueryValue[][]): QueryResult => ({
      columns: columns.map((name) => ({ name, type: 'varchar' })),
      rows,
      rowCount: rows.length,
      database: this.database,
      warnings: [],
    });
    const databases = [...new Set(this.catalog.map((e) => e.database))].sort();
    switch (statement.kind) {
      case 'show-databases': {
        const matches = athenaPatternMatcher(statement.pattern);
        return result(['database_name'], databases.filter(matches).map((d) => [d]));
      }
      case 'show-tables': {
        if (!statement.database && !this.hasDefault) {
          throw new InputError('QUERY_AMBIGUOUS_DATABASE', `this run has several databases (${databases.join(', ')}): SHOW TABLES IN <database>, or pass --database`);
        }
        const db = statement.database ?? this.database;
        if (!databases.includes(db) && db !== this.database) {
          throw new InputError('QUERY_UNKNOWN_DATABASE', `database ${db} does not exist; databases in this run: ${databases.join(', ') || '(none)'}`);
        }
        const matches = athenaPatternMatcher(statement.pattern);
        const names = this.catalog.filter((e) => e.database === db && matches(e.name)).map((e) => e.name).sort();
        return result(['tab_name'], names.map((n) => [n]));
      }
      case 'show-columns': {
        const entry = this.find(statement.table, statement.database);
        const columns = [...(entry.table.StorageDescriptor?.Columns ?? []), ...(entry.table.PartitionKeys ?? [])];
        return result(['field'], columns.map((c) => [c.Name ?? '']));
      }
      case 'describe': {
        const entry = this.find(statement.table, statement.database);
        const row = (c: { Name?: string; Type?: string; Comment?: string }): QueryValue[] => [c.Name ?? '', c.Type ?? '', c.Comment ?? ''];
        const rows = (entry.table.StorageDescriptor?.Columns ?? []).map(row);
        const partitions = entry.table.PartitionKeys ?? [];
        if (partitions.length > 0) {
          rows.push(['', '', ''], ['# Partition Information', '', ''], ['# col_name', 'data_type', 'comment'], ['', '', '']);
          rows.push(...partitions.map(row));
        }
        return result(['col_name', 'data_type', 'comment'], rows);
      }
      case 'show-create-table': {
        const entry = this.find(statement.table, statement.database);
        const lines = renderCreateTable(entry.table, entry.database).trimEnd().split('\n');
        return result(['createtab_stmt'], lines.map((l) => [l]));
      }
    }
  }
}

async function loadTable(connection: DuckDBConnection, entry: CatalogEntry): Promise<LoadedTable> {
  const qualified = `${entry.database}.${entry.name}`;
  const rawName: RawName = { table: qualified };
  const loaded: LoadedTable = await loadCatalogTable(connection, entry, rawName);
  await connection.run(
    `CREATE VIEW ${q(ATHENA_CATALOG)}.${q(entry.database)}.${q(entry.name)} AS SELECT ${viewSelectList(loaded.rawColumns)} FROM ${rawTableSql(rawName)}`,
  );
  return loaded;
}
