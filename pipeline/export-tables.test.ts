/**
 * Exporting a catalog table into a run directory: names chosen by a job (the Glue API accepts
 * `../../x` as a table name, S3 any key) never place a file outside the run directory; the
 * refusal is an error of that table only and names PATH_ESCAPES_DESTINATION. S3 is a small
 * in-memory stand-in answering the two calls export makes (ListObjectsV2, GetObject); the
 * emulator-backed path is covered by the pipeline integration suites.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Table } from '@aws-sdk/client-glue';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { readTableLedger } from '../common/run-dir';
import { exportTable } from './export-tables';

function fakeS3(objects: Record<string, string>): S3Client {
  return {
    send: async (command: unknown) => {
      if (command instanceof ListObjectsV2Command) {
        const prefix = command.input.Prefix ?? '';
        return { Contents: Object.keys(objects).filter((k) => k.startsWith(prefix)).map((Key) => ({ Key })), IsTruncated: false };
      }
      if (command instanceof GetObjectCommand) {
        const body = objects[command.input.Key ?? ''] ?? '';
        // What the SDK answers in Node: a readable stream of the bytes.
        return { Body: Readable.from([Buffer.from(body)]) };
      }
      throw new Error('unexpected S3 call');
    },
  } as unknown as S3Client;
}

const jsonTable = (name: string, database = 'db'): Table => ({
  Name: name,
  DatabaseName: database,
  StorageDescriptor: {
    Columns: [{ Name: 'id', Type: 'bigint' }],
    Location: 's3://bucket/t/',
    SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
  },
});

/** Every path under `dir`, relative to it. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      out.push(path.relative(dir, full));
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out.sort();
}

describe('exportTable containment', () => {
  let parent: string;
  let runDir: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-export-'));
    runDir = path.join(parent, 'run');
    fs.mkdirSync(runDir);
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  it.each(['../../x', '..', 'a/../../b'])('refuses a table named %j and writes nothing outside the run directory', async (name) => {
    const result = await exportTable(fakeS3({ 't/part-0.json': '{"id": 1}\n' }), jsonTable(name), runDir);
    expect(result.error).toContain('PATH_ESCAPES_DESTINATION');
    expect(result.rows).toBeNull();
    expect(tree(parent).filter((p) => !p.startsWith('run'))).toEqual([]);
  });

  it('refuses a database named ".." the same way', async () => {
    const result = await exportTable(fakeS3({}), jsonTable('t', '..'), runDir);
    expect(result.error).toContain('PATH_ESCAPES_DESTINATION');
    expect(tree(parent)).toEqual(['run']);
  });

  it('refuses an S3 key with ".." but downloads and counts the other objects', async () => {
    const result = await exportTable(fakeS3({ 't/part-0.json': '{"id": 1}\n{"id": 2},\n', 't/a/../../../../evil.json': '{"id": 9}\n', 't/sub/': '', 't/_SUCCESS': '' }), jsonTable('t'), runDir);
    expect(result.rows).toBe(2);
    expect(result.error).toContain('t/a/../../../../evil.json (PATH_ESCAPES_DESTINATION)');
    expect(tree(parent).filter((p) => !p.startsWith('run'))).toEqual([]);
    expect(fs.existsSync(path.join(parent, 'evil.json'))).toBe(false);
    // The full ledger is saved beside the catalog: the "}," line is located.
    const ledger = readTableLedger(runDir, 'db', 't');
    expect(ledger?.reasons).toEqual({ 'trailing-content': 1 });
    expect(result.ledger?.located).toEqual(['part-0.json:2 trailing-content']);
    expect(ledger?.skippedObjects).toEqual([{ key: '_SUCCESS', reason: 'hidden-underscore' }, { key: 'sub/', reason: 'empty-directory-marker' }]);
  });
});
