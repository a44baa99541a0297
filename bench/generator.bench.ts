/**
 * Generator benchmark: rows per second and peak memory for --scale 10 and --scale 100 of the
 * stedi-2023 profile, side by side. Each scale runs in its own child process so the peak RSS
 * of one does not hide the other's; data goes to a temporary directory, deleted afterwards.
 *
 *   npx tsx bench/generator.bench.ts [--scales 10,100] [--seed 7]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDataset } from '../fixtures';

interface Measurement {
  scale: number;
  lines: number;
  accelerometerRows: number;
  seconds: number;
  bytes: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? directoryBytes(p) : fs.statSync(p).size;
  }
  return total;
}

/** In the child: generate one scale and report one JSON line on stdout. */
async function child(scale: number, seed: number): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `stedi-bench-x${scale}-`));
  try {
    const rssBefore = process.memoryUsage().rss;
    const result = await generateDataset({ out, profile: 'stedi-2023', seed, scale, force: true, progress: process.stderr.isTTY });
    const m: Measurement = {
      scale,
      lines: result.lines,
      // No defects here, so Athena never refuses the table (null only with truncated lines).
      accelerometerRows: result.expectations.tables.accelerometer_landing ?? 0,
      seconds: result.elapsedMs / 1000,
      bytes: directoryBytes(out),
      rssBeforeMb: rssBefore / 2 ** 20,
      // maxRSS is the kernel's high-water mark for this process, in KiB.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(m)}\n`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function parent(): void {
  const scales = argument('--scales', '10,100').split(',').map(Number);
  const seed = argument('--seed', '7');
  const results: Measurement[] = [];
  for (const scale of scales) {
    process.stderr.write(`generating stedi-2023 ×${scale}...\n`);
    const run = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', String(scale), '--seed', seed], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`benchmark child for --scale ${scale} exited with ${String(run.status ?? run.signal)}`);
    results.push(JSON.parse(run.stdout.trim().split('\n').pop() as string) as Measurement);
  }
  const n = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const rows: Array<[string, (m: Measurement) => string]> = [
    ['lines written', (m) => n(m.lines)],
    ['accelerometer rows', (m) => n(m.accelerometerRows)],
    ['data on disk (MB)', (m) => n(m.bytes / 2 ** 20, 1)],
    ['seconds', (m) => n(m.seconds, 1)],
    ['lines / second', (m) => n(m.lines / m.seconds)],
    ['accelerometer rows / second', (m) => n(m.accelerometerRows / m.seconds)],
    ['RSS before generating (MB)', (m) => n(m.rssBeforeMb, 1)],
    ['peak RSS (MB)', (m) => n(m.peakRssMb, 1)],
  ];
  const width = 30;
  const header = ['', ...results.map((m) => `--scale ${m.scale}`)];
  const lines = [header, ...rows.map(([label, f]) => [label, ...results.map(f)])];
  if (results.length >= 2) {
    const [a, b] = [results[0] as Measurement, results[results.length - 1] as Measurement];
    lines.push([`ratio ×${b.scale}/×${a.scale}: rows`, '', n(b.lines / a.lines, 1)]);
    lines.push(['ratio: peak RSS', '', n(b.peakRssMb / a.peakRssMb, 2)]);
    lines.push(['ratio: lines / second', '', n(b.lines / b.seconds / (a.lines / a.seconds), 2)]);
  }
  process.stdout.write(`generator benchmark (node ${process.version}, ${os.cpus().length} cpus, load average ${os.loadavg()[0]?.toFixed(1)})\n`);
  for (const line of lines) process.stdout.write(`${(line[0] as string).padEnd(width)}${line.slice(1).map((c) => c.padStart(16)).join('')}\n`);
}

if (process.argv.includes('--child')) {
  child(Number(argument('--child', '1')), Number(argument('--seed', '7'))).catch((error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exitCode = 2;
  });
} else {
  parent();
}
