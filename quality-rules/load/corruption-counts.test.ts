/**
 * The gate counts exactly what the table layer counts, for every kind of damaged landing line.
 * Expected rows come from this test's own construction, per the OpenX JSON SerDe rules Athena
 * engine 3 applies (trinodb/trino lib/trino-hive-formats/src/main/java/io/trino/hive/formats/line/
 * openxjson/README.md — "Line Format" rules 1-3) and the Hive/Hadoop listing rule that skips `_`
 * and `.` names (FileInputFormat's hiddenFileFilter): a line not starting with `{`/`[` is a row of
 * NULLs, text after the object is ignored, a line starting with `{` that does not parse fails the
 * query. Blank lines are skipped (the table layer's documented choice, as Spark's reader does).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countTable, runTableSource } from '../../table';
import { writeFixtureRunDir } from '../test-support/fixture-run-dir';
import { runQualityGate } from '../gate/run-gate';
import { loadRunTable } from './run-table';

interface Kind {
  name: string;
  /** File (relative to the table's data dir) → content. */
  files: Record<string, string | Buffer>;
  /** Rows Athena's count(*) gives for these files, by the rules above. */
  rows: number;
}

const good = (user: string, t: number) => `{"user":"${user}","timestamp":${t},"x":0.5,"y":1,"z":2}`;

const KINDS: Kind[] = [
  { name: 'trailing `},`', files: { 'k1.json': `${good('a', 1)},\n${good('b', 2)}\n` }, rows: 2 },
  { name: 'UTF-8 BOM', files: { 'k2.json': `\uFEFF${good('a', 3)}\n` }, rows: 1 },
  { name: 'duplicate key', files: { 'k3.json': '{"user":"a","user":"b","timestamp":4}\n' }, rows: 1 },
  { name: 'invalid UTF-8', files: { 'k4.json': Buffer.concat([Buffer.from('{"user":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('","timestamp":5}\n')]) }, rows: 1 },
  { name: 'whitespace-only and empty lines', files: { 'k5.json': `${good('a', 6)}\n   \n\n${good('b', 7)}\n` }, rows: 2 },
  { name: 'JSON array line', files: { 'k6.json': '["a", 8, 0.5, 1, 2]\n' }, rows: 1 },
  { name: 'CSV content in a .json file', files: { 'k7.json': 'user,timestamp\na,9\n' }, rows: 2 },
  { name: 'nested directories', files: { 'deep/er/k8.json': `${good('a', 10)}\n` }, rows: 1 },
  { name: 'camelCase drift and numbers as strings', files: { 'k9.json': '{"User":"a","timeStamp":"11","x":"0.5"}\n' }, rows: 1 },
  { name: 'a file delivered twice', files: { 'k10.json': `${good('a', 12)}\n`, 'k10 (1).json': `${good('a', 12)}\n` }, rows: 2 },
  { name: 'empty file', files: { 'k11.json': '' }, rows: 0 },
  { name: 'hidden and marker files', files: { '_SUCCESS': '', '.k12.json': `${good('a', 13)}\n`, '_tmp/k12.json': `${good('a', 14)}\n` }, rows: 0 },
  { name: 'value not of its type', files: { 'k13.json': '{"user":"a","timestamp":"soon"}\n' }, rows: 1 },
];

let runDir: string;
beforeEach(() => {
  runDir = writeFixtureRunDir();
});
afterEach(() => fs.rmSync(runDir, { recursive: true, force: true }));

function replaceTableFiles(files: Record<string, string | Buffer>): void {
  const dir = path.join(runDir, 'data', 'stedi', 'accelerometer_landing');
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [key, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), content);
  }
}

describe('every kind of damaged line: Arrow rows = the table layer\'s count = the count built here', () => {
  it.each(KINDS)('$name', async ({ files, rows }) => {
    replaceTableFiles(files);
    const loaded = await loadRunTable(runDir, 'stedi', 'accelerometer_landing');
    const ledger = await countTable(runTableSource(runDir, 'stedi', 'accelerometer_landing'));
    expect({ arrow: loaded.table.numRows, athena: ledger.rows, records: ledger.records }).toEqual({ arrow: rows, athena: rows, records: rows });
  });

  it('all kinds together, and the gate reports the same rows', async () => {
    replaceTableFiles(Object.assign({}, ...KINDS.map((k) => k.files)));
    const expected = KINDS.reduce((n, k) => n + k.rows, 0);
    const gate = await runQualityGate({ runDir });
    expect(gate.tables.find((t) => t.table === 'accelerometer_landing')?.rows).toBe(expected);
    expect((await countTable(runTableSource(runDir, 'stedi', 'accelerometer_landing'))).rows).toBe(expected);
  });

  it('a truncated last line: Athena refuses the table; the gate counts the readable rows and reports the line as lost', async () => {
    replaceTableFiles({ 'a.json': `${good('a', 1)}\n${good('b', 2)}\n{"user":"c","timest` });
    const loaded = await loadRunTable(runDir, 'stedi', 'accelerometer_landing');
    expect(loaded.table.numRows).toBe(2);
    expect(loaded.ledger).toMatchObject({ rows: null, records: 2, rejected: 1, athenaRefuses: { key: 'a.json', line: 3, code: 'HIVE_CURSOR_ERROR' } });
    const gate = await runQualityGate({ runDir });
    expect(gate.outcomes.find((o) => o.table === 'accelerometer_landing' && o.rule === 'LedgerIssues = 0')).toMatchObject({ outcome: 'Failed', level: 'error', evaluatedMetrics: { 'Dataset.*.LostRecords': 1 } });
  });
});
