import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decompressedChunks } from '../compression';
import { lineWindows } from './read-text-object';

async function windowsOf(file: string, chunkBytes: number, windowBytes: number): Promise<string[]> {
  const out: string[] = [];
  for await (const window of lineWindows(decompressedChunks(file, 'none', chunkBytes), windowBytes)) out.push(window.toString('utf8'));
  return out;
}

/** Lines as Hadoop's LineReader ends them (LF, CR or CRLF; a final terminator adds no line), split by the test itself. */
function lines(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      out.push(current);
      current = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else current += c;
  }
  if (current !== '') out.push(current);
  return out;
}

describe('an object read in windows', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'windows-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ends every window at a line end, so the lines are those of the whole object, whatever the chunk and window sizes', async () => {
    // CRLF pairs, lone CRs, empty lines, a line longer than the window, no final terminator.
    const text = '{"a":1}\r\n{"a":2}\r{"a":3}\n\n{"a":"' + 'x'.repeat(40) + '"}\r\n\r\n{"a":4}\r\r{"a":5}';
    const file = path.join(dir, 'part-00000.json');
    fs.writeFileSync(file, text);
    for (const chunk of [1, 3, 7, 64]) {
      for (const size of [1, 2, 3, 5, 8, 13, 64, 1024]) {
        const windows = await windowsOf(file, chunk, size);
        expect(windows.join('')).toBe(text);
        expect(windows.flatMap(lines)).toEqual(lines(text));
      }
    }
  });

  it('reads an empty object as no window', async () => {
    const file = path.join(dir, 'empty.json');
    fs.writeFileSync(file, '');
    expect(await windowsOf(file, 4, 4)).toEqual([]);
  });
});
