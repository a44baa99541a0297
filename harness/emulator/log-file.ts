import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Opens (for appending) the log a child process writes to: the configured file, or a fresh
 * temp file. The caller hands `fd` to spawn and closes it once the child holds its own copy.
 */
export function openChildLog(configured: string | undefined, tempPrefix: string, name: string): { file: string; fd: number } {
  const file = configured ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix)), name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return { file, fd: fs.openSync(file, 'a') };
}
