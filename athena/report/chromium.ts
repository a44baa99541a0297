/**
 * PNG screenshots with a headless Chromium, when one is installed (Debian package `chromium`).
 * Absence is not an error: the report notes it and keeps the HTML.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium to use: STEDI_CHROMIUM, else the first installed candidate; undefined when none. */
export function findChromium(explicit?: string): string | undefined {
  const wanted = explicit ?? process.env.STEDI_CHROMIUM;
  if (wanted) return fs.existsSync(wanted) ? wanted : undefined;
  return CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

export interface ScreenshotOptions {
  chromium: string;
  htmlFile: string;
  pngFile: string;
  width: number;
  height: number;
  timeoutMs?: number;
}

/** Renders one HTML file to a PNG; resolves when the PNG exists, rejects with Chromium's output. */
export async function screenshot(options: ScreenshotOptions): Promise<void> {
  // A throwaway profile keeps runs independent and leaves nothing in the user's home.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-chromium-'));
  try {
    await execFileAsync(
      options.chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-extensions',
        '--disable-sync',
        '--no-first-run',
        '--no-default-browser-check',
        '--hide-scrollbars',
        '--mute-audio',
        `--user-data-dir=${profile}`,
        `--window-size=${options.width},${options.height}`,
        `--screenshot=${options.pngFile}`,
        pathToFileURL(options.htmlFile).href,
      ],
      { timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL' },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (!fs.existsSync(options.pngFile)) throw new Error(`Chromium exited without writing ${options.pngFile}`);
}
