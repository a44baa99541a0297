/**
 * Data files under a table's directory, the way Hive/Athena list a table location: recursive,
 * skipping names that start with `_` (`_SUCCESS`, `_temporary/`) or `.` (`.part-0.crc`).
 * The format of each file is decided by its content (Parquet's `PAR1` magic), not its name,
 * because Spark names JSON output `part-0000.json` but Parquet output `part-0000.snappy.parquet`
 * and a hand-built fixture may have no extension at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export function listDataFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}

export function isParquetFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const magic = Buffer.alloc(4);
    const read = fs.readSync(fd, magic, 0, 4, 0);
    return read === 4 && magic.toString('latin1') === 'PAR1';
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a text data file, gunzipping `.gz` output (Glue's `compression: gzip`). */
export function readTextFile(file: string): string {
  const bytes = fs.readFileSync(file);
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzipped ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
}
