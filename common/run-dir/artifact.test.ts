import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StediError } from '../errors';
import { RunDirError } from './artifact';
import { readCatalogTable } from './catalog-table';
import { catalogTablePath, ledgerTablePath, qualityResultPath, runRecordPath } from './layout';
import { readTableLedger, writeTableLedger, type TableLedger } from './ledger';
import { readQualityResult, writeQualityResult, type QualityResult } from './quality-result';
import { readRunRecord, writeRunRecordFile, type RunRecord } from './run-record';
import { sampleCatalogTable, sampleQualityResult, sampleRunRecord, sampleTableLedger } from './testing/samples';

type Json = Record<string, any>;

let runDir: string;
beforeEach(() => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-run-dir-'));
});
afterEach(() => fs.rmSync(runDir, { recursive: true, force: true }));

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
}

function caught(fn: () => unknown): RunDirError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RunDirError);
    return error as RunDirError;
  }
  throw new Error('expected the read to throw');
}

/** Each versioned artifact: where it lives, how it is read, one key broken and the path a user must see. */
const versioned = [
  {
    title: 'run record',
    file: () => runRecordPath(runDir),
    sample: sampleRunRecord,
    read: () => readRunRecord(runDir),
    invalidCode: 'RUN_RECORD_INVALID',
    breakOne: (v: Json) => { v.tables.customer_landing.rows = '956'; },
    brokenPath: 'tables.customer_landing.rows',
    breakNested: (v: Json) => { v.jobs[1].state = 'DONE'; },
    nestedPath: 'jobs[1].state',
  },
  {
    title: 'quality result',
    file: () => qualityResultPath(runDir),
    sample: sampleQualityResult,
    read: () => readQualityResult(qualityResultPath(runDir)),
    invalidCode: 'QUALITY_RESULT_INVALID',
    breakOne: (v: Json) => { v.exitCode = 3; },
    brokenPath: 'exitCode',
    breakNested: (v: Json) => { v.tables[0].outcomes[1].level = 'fatal'; },
    nestedPath: 'tables[0].outcomes[1].level',
  },
  {
    title: 'table ledger',
    file: () => ledgerTablePath(runDir, 'stedi', 'accelerometer_landing'),
    sample: sampleTableLedger,
    read: () => readTableLedger(runDir, 'stedi', 'accelerometer_landing')!,
    invalidCode: 'LEDGER_INVALID',
    breakOne: (v: Json) => { v.rejected = -1; },
    brokenPath: 'rejected',
    breakNested: (v: Json) => { v.objectsWithIssues[0].examples[3].outcome = 'lost'; },
    nestedPath: 'objectsWithIssues[0].examples[3].outcome',
  },
];

describe.each(versioned)('$title', (kind) => {
  it('reads a valid artifact back as written', () => {
    writeJson(kind.file(), kind.sample());
    expect(kind.read()).toEqual(kind.sample());
  });

  it('reads a file with an unknown key (a newer stedi added an optional field) and leaves the key out', () => {
    writeJson(kind.file(), { ...kind.sample(), addedLater: { x: 1 } });
    expect(kind.read()).toEqual(kind.sample());
  });

  it('refuses another schemaVersion, naming the file and both versions', () => {
    writeJson(kind.file(), { ...kind.sample(), schemaVersion: 2 });
    const error = caught(kind.read);
    expect(error.code).toBe('RUN_SCHEMA_VERSION');
    expect(error.message).toContain(kind.file());
    expect(error.message).toContain('schemaVersion 2');
    expect(error.message).toContain(`${kind.title} version 1`);
  });

  it('refuses a file without schemaVersion', () => {
    const { schemaVersion: _dropped, ...rest } = kind.sample();
    writeJson(kind.file(), rest);
    const error = caught(kind.read);
    expect(error.code).toBe('RUN_SCHEMA_VERSION');
    expect(error.message).toMatch(/has no schemaVersion/);
  });

  it('names the bad key by its path', () => {
    const value = kind.sample();
    kind.breakOne(value);
    writeJson(kind.file(), value);
    const error = caught(kind.read);
    expect(error.code).toBe(kind.invalidCode);
    expect(error.message).toContain(`${kind.file()} is not a valid ${kind.title}: ${kind.brokenPath}: `);
  });

  it('names a bad key inside arrays by index', () => {
    const value = kind.sample();
    kind.breakNested(value);
    writeJson(kind.file(), value);
    expect(caught(kind.read).message).toContain(`${kind.nestedPath}: `);
  });

  it('says when the file is not JSON', () => {
    fs.mkdirSync(path.dirname(kind.file()), { recursive: true });
    fs.writeFileSync(kind.file(), '{"schemaVersion": 1,');
    const error = caught(kind.read);
    expect(error.code).toBe('RUN_ARTIFACT_UNREADABLE');
    expect(error.message).toContain(kind.file());
  });
});

describe('writers validate before writing', () => {
  it('write then read round-trips each artifact', () => {
    writeRunRecordFile(runDir, sampleRunRecord() as RunRecord);
    writeQualityResult(runDir, sampleQualityResult() as QualityResult);
    const { schemaVersion: _version, ...ledger } = sampleTableLedger() as TableLedger;
    writeTableLedger(runDir, 'stedi', 'accelerometer_landing', ledger);
    expect(readRunRecord(runDir)).toEqual(sampleRunRecord());
    expect(readQualityResult(qualityResultPath(runDir))).toEqual(sampleQualityResult());
    expect(readTableLedger(runDir, 'stedi', 'accelerometer_landing')).toEqual(sampleTableLedger());
  });

  it('refuses to write a record that breaks the contract, as an internal fault, and leaves no file', () => {
    const record = sampleRunRecord() as Json;
    record.tables.customer_landing.zone = 7;
    let error: unknown;
    try {
      writeRunRecordFile(runDir, record as RunRecord);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StediError);
    expect((error as StediError).code).toBe('RUN_ARTIFACT_WRITE_INVALID');
    expect((error as StediError).fault).toBe('internal');
    expect((error as StediError).message).toContain('tables.customer_landing.zone');
    expect(fs.existsSync(runRecordPath(runDir))).toBe(false);
  });
});

describe('run record', () => {
  it('accepts a run made before the optional fields existed', () => {
    const record = sampleRunRecord() as Json;
    record.jobs = [{ name: 'j', jobRunId: 'jr', state: 'TIMEOUT', seconds: 1 }];
    delete record.tables.customer_trusted.error;
    writeJson(runRecordPath(runDir), record);
    expect(readRunRecord(runDir).jobs[0]?.state).toBe('TIMEOUT');
  });
});

describe('quality result', () => {
  it('reads back a metric that JSON.stringify turned from NaN into null', () => {
    const result = sampleQualityResult() as Json;
    result.outcomes[0].evaluatedMetrics['Column.x.Mean'] = Number.NaN;
    fs.writeFileSync(qualityResultPath(runDir), JSON.stringify(result));
    expect(readQualityResult(qualityResultPath(runDir)).outcomes[0]?.evaluatedMetrics['Column.x.Mean']).toBeNull();
  });
});

describe('catalog table (AWS shape: no schemaVersion, unknown fields kept)', () => {
  const file = () => catalogTablePath(runDir, 'stedi', 'customer_landing');

  it('reads the bare Table and keeps fields stedi does not check', () => {
    writeJson(file(), sampleCatalogTable());
    const table = readCatalogTable(file());
    expect(table).toEqual(sampleCatalogTable());
    expect(table.CreateTime).toBe('2026-01-02T03:04:05.000Z');
  });

  it('reads a whole GetTable response', () => {
    writeJson(file(), { Table: sampleCatalogTable() });
    expect(readCatalogTable(file()).Name).toBe('customer_landing');
  });

  it('names a bad column by its path', () => {
    const table = sampleCatalogTable() as Json;
    table.StorageDescriptor.Columns[1].Name = 42;
    writeJson(file(), table);
    const error = caught(() => readCatalogTable(file()));
    expect(error.code).toBe('CATALOG_ENTRY_INVALID');
    expect(error.message).toContain('StorageDescriptor.Columns[1].Name: ');
  });

  it('names a missing table name', () => {
    const { Name: _dropped, ...rest } = sampleCatalogTable();
    writeJson(file(), rest);
    expect(caught(() => readCatalogTable(file())).message).toMatch(/: Name: /);
  });
});

describe('table ledger', () => {
  it('is undefined for a run made before ledgers existed', () => {
    expect(readTableLedger(runDir, 'stedi', 'customer_landing')).toBeUndefined();
  });
});
