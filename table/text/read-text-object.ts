/**
 * Reads one text object (JSON lines or delimited text) of a table: decompress by codec, split
 * into lines as Hadoop's LineRecordReader does (\n, \r\n or \r; a final terminator adds no line),
 * check each line's size and UTF-8, strip a BOM, hand it to the SerDe's line decoder, and account
 * for it in the object's ledger. Returns where Athena would refuse the table, if it would.
 */
import { isUtf8 } from 'node:buffer';
import type { BadCell, Cell, RowOrigin, RowShape } from '../cells';
import { CorruptObjectError, decompressedChunks } from '../compression';
import { delimitedOptions, DelimitedLineDecoder } from '../csv/csv-row';
import type { Codec } from '../format';
import { JsonScalar } from '../json/json-line';
import { JsonLineDecoder } from '../json/json-row';
import { BadValue, decodeJsonValue, jsonSerdeOptions } from '../json/json-serde';
import type { AthenaRefusal, ObjectLedger } from '../ledger';
import type { TableObject } from '../listing';
import type { ReaderContext } from '../read-table';
import type { LineDecoder } from './line-decoder';

const LF = 0x0a;
const CR = 0x0d;

function decoderFor(context: ReaderContext): LineDecoder {
  const { storage, columns, qualified } = context;
  if (storage.reader === 'openx-json' || storage.reader === 'hive-json') {
    return new JsonLineDecoder(columns, storage.serdeParameters, qualified, context.options.recordShapes, storage.reader === 'hive-json' ? 'hive' : 'openx');
  }
  if (storage.reader === 'open-csv' || storage.reader === 'lazy-simple') {
    return new DelimitedLineDecoder(columns, delimitedOptions(storage.reader, storage.serdeParameters, storage.tableParameters.classification));
  }
  throw new Error(`no text decoder for ${storage.reader}`);
}

/** Partition cells of an object, decoded once; a value not of its type is NULL and a bad cell. */
function partitionCells(context: ReaderContext, object: TableObject): { cells: Cell[]; bad: { column: number; message: string }[] } {
  const cells: Cell[] = [];
  const bad: { column: number; message: string }[] = [];
  const options = jsonSerdeOptions({});
  context.columns.forEach((column, index) => {
    if (!column.partition) return;
    const raw = object.partitionValues[column.name] ?? null;
    if (raw === null) {
      cells.push(null);
      return;
    }
    try {
      cells.push(decodeJsonValue(new JsonScalar(raw, true), column.type, options));
    } catch (error) {
      if (!(error instanceof BadValue)) throw error;
      cells.push(null);
      bad.push({ column: index, message: `HIVE_BAD_DATA: partition value '${raw}' of ${column.name} is not a valid ${column.typeText} (table ${context.qualified}, object ${object.key})` });
    }
  });
  return { cells, bad };
}

function headerLines(context: ReaderContext): number {
  const raw = context.storage.tableParameters['skip.header.line.count'];
  const count = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isFinite(count) && count > 0 ? count : 0;
}

/** Bytes of an uncompressed object read at a time: a part file of any size costs this, not its size. */
export const WINDOW_BYTES = 16 * 2 ** 20;

/** Where a window may end: after its last LF, else after its last CR that is not its final byte (it may be a CRLF's first half). */
function lastLineEnd(data: Buffer): number {
  const lf = data.lastIndexOf(LF);
  if (lf >= 0) return lf + 1;
  const cr = data.length >= 2 ? data.lastIndexOf(CR, data.length - 2) : -1;
  return cr >= 0 ? cr + 1 : 0;
}

/**
 * An object's (decompressed) bytes regrouped into windows of about `windowBytes` that end at a
 * line end, so lines never straddle two windows (a line longer than a window grows its window
 * until it ends): a part file of any size costs a window, not its size.
 */
export async function* lineWindows(chunks: AsyncIterable<Uint8Array>, windowBytes = WINDOW_BYTES): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      pendingBytes += chunk.length;
      if (pendingBytes < windowBytes) continue;
      const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      const end = lastLineEnd(data);
      if (end === 0) {
        pending = [data];
        continue;
      }
      yield data.subarray(0, end);
      // A copy: a view would keep the whole window alive.
      const rest = Buffer.from(data.subarray(end));
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
    }
  } catch (error) {
    // A corrupt compressed stream: its whole lines before the corruption are still lines, the
    // fragment after the last of them is not.
    const data = Buffer.concat(pending, pendingBytes);
    const end = lastLineEnd(data);
    if (end > 0) yield data.subarray(0, end);
    throw error;
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

function indexOrLength(bytes: Buffer, byte: number, from: number): number {
  const at = bytes.indexOf(byte, from);
  return at < 0 ? bytes.length : at;
}

export async function readTextObject(context: ReaderContext, object: TableObject, codec: Codec, ledger: ObjectLedger): Promise<AthenaRefusal | undefined> {
  const windows = lineWindows(decompressedChunks(object.file, codec, codec === 'none' ? WINDOW_BYTES : undefined));
  const decoder = decoderFor(context);
  const partition = partitionCells(context, object);
  const skipHeader = headerLines(context);
  const { maxRowBytes } = context.options;
  let refusal: AthenaRefusal | undefined;
  let rows: Cell[][] = [];
  let origins: RowOrigin[] = [];
  let badCells: BadCell[] = [];
  let shapes: (RowShape | undefined)[] = [];
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    await context.emit(rows, origins, badCells, context.options.recordShapes ? shapes : undefined);
    rows = [];
    origins = [];
    badCells = [];
    shapes = [];
  };

  let line = 0;
  try {
    for await (const bytes of windows) {
      let start = 0;
      const length = bytes.length;
      // Lines end at LF, CR or CRLF (Hadoop's LineReader). The next of each is found natively and
      // kept until passed: a byte loop in JS was most of a scan's time.
      let nextLf = -1;
      let nextCr = -1;
      while (start < length) {
        if (nextLf !== length && nextLf < start) nextLf = indexOrLength(bytes, LF, start);
        if (nextCr !== length && nextCr < start) nextCr = indexOrLength(bytes, CR, start);
        const end = Math.min(nextLf, nextCr);
        const next = end < length && bytes[end] === CR && bytes[end + 1] === LF ? end + 2 : end + 1;
        line++;
        const raw = bytes.subarray(start, end);
        start = next;
        if (line <= skipHeader) {
          ledger.skipped(line, 'header-line', `header line ${line} of ${skipHeader} skipped ('skip.header.line.count'='${skipHeader}')`);
          continue;
        }
        if (raw.length > maxRowBytes) {
          const message = `HIVE_BAD_DATA: line of ${raw.length} bytes exceeds Athena's row size limit of ${maxRowBytes} bytes (table ${context.qualified}, object ${object.key} line ${line})`;
          ledger.rejected(line, 'row-too-large', message);
          refusal ??= { key: object.key, line, code: 'HIVE_BAD_DATA', message };
          continue;
        }
        const issues = [];
        let text = raw.toString('utf8');
        if (!isUtf8(raw)) issues.push({ reason: 'invalid-utf8-replaced' as const, detail: 'bytes that are not valid UTF-8 were replaced with U+FFFD, as Java\'s UTF-8 decoder does' });
        if (text.charCodeAt(0) === 0xfeff) {
          text = text.slice(1);
          issues.push({ reason: 'bom' as const, detail: 'a UTF-8 byte-order mark (EF BB BF) starts the line; it is stripped' });
        }
        const result = decoder.decode(text, line, object.key);
        if (result.kind === 'skip') {
          ledger.skipped(line, result.reason, result.detail);
          continue;
        }
        if (result.kind === 'refuse') {
          ledger.rejected(line, result.reason, result.message);
          refusal ??= { key: object.key, line, code: result.code, message: result.message };
          continue;
        }
        issues.push(...result.issues);
        if (issues.length === 0) ledger.accepted();
        else ledger.acceptedWithIssues(line, issues);
        const rowIndex = rows.length;
        rows.push(partition.cells.length > 0 ? [...result.cells, ...partition.cells] : result.cells);
        origins.push({ key: object.key, line });
        if (context.options.recordShapes) shapes.push(result.shape);
        for (const bad of result.bad) badCells.push({ row: rowIndex, column: bad.column, message: bad.message });
        for (const bad of partition.bad) badCells.push({ row: rowIndex, column: bad.column, message: bad.message });
        if (rows.length >= context.options.batchRows) await flush();
      }
    }
  } catch (error) {
    if (!(error instanceof CorruptObjectError)) throw error;
    // Line 0: the object, not one of its lines. The lines before the corruption were read and
    // stay counted, as Hadoop's reader hands them to Spark before it fails.
    const message = `HIVE_CURSOR_ERROR: ${error.message}${line > 0 ? ` after line ${line}` : ''} (table ${context.qualified}, object ${object.key})`;
    ledger.rejected(0, 'unreadable-object', message);
    refusal ??= { key: object.key, line: 0, code: 'HIVE_CURSOR_ERROR', message };
  }
  await flush();
  return refusal;
}
