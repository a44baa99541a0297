import * as fs from 'node:fs';
import * as readline from 'node:readline';
import * as zlib from 'node:zlib';

export interface RejectedLine {
  file: string;
  line: number;
  reason: string;
}

export interface JsonLinesScan {
  records: number;
  rejectedCount: number;
  /** The first rejected lines (up to `keep`), for messages; rejectedCount has them all. */
  rejected: RejectedLine[];
}

/**
 * Counts the records of a JSON-lines file the way a line-oriented JSON SerDe reads it: one
 * object per non-blank line. A line that is not a JSON object (truncated, `{...},`, an array)
 * is a rejected record, counted and located, never skipped silently.
 */
export async function scanJsonLines(file: string, keep = 20): Promise<JsonLinesScan> {
  const raw = fs.createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const scan: JsonLinesScan = { records: 0, rejectedCount: 0, rejected: [] };
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let reason: string | undefined;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) reason = 'not a JSON object';
    } catch (error) {
      reason = (error as Error).message;
    }
    if (reason === undefined) {
      scan.records += 1;
    } else {
      scan.rejectedCount += 1;
      if (scan.rejected.length < keep) scan.rejected.push({ file, line: lineNumber, reason });
    }
  }
  return scan;
}
