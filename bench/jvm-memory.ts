/**
 * The job server's memory at scale, inside its JVM: the scale bench (bench/scale.bench.ts) with
 * the driver JVM started under Native Memory Tracking and a GC log, so the tree's peak can be read
 * as heap (committed by G1, and live after each collection) + metaspace + threads + code cache +
 * GC structures + direct buffers, next to the per-process breakdown (bench/tree-breakdown.ts).
 *
 * `npx tsx bench/jvm-memory.ts [--factors 10] [--driver-memory 2g] [--jit full]`
 * (environment knobs such as STEDI_READ_CACHE_MB reach the job server as in any run)
 */
import '../common/quiet-warnings.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { descendantsOf, listProcesses } from '../common/process-table';
import { NMT_FLAG, NmtSampler, type NmtSummary } from './jvm-native-memory';
import { formatScaleReport, measureScale, sparkKnobs } from './scale.bench';
import { roleOf } from './tree-breakdown';

/** The driver JVM under this process (the harness's job server runs as our descendant). */
function driverJvm(): number | undefined {
  return descendantsOf(process.pid, listProcesses()).find((proc) => roleOf(proc.command, false) === 'jvm')?.pid;
}

export interface GcSummary {
  collections: number;
  /** Largest heap G1 had committed, and the largest heap still in use after a collection (MiB). */
  committedMiB: number;
  liveAfterGcMiB: number;
}

/** From `-Xlog:gc` lines such as `GC(7) Pause Young (Normal) (G1 Evacuation Pause) 812M->143M(1024M) 9.1ms`. */
export function summarizeGcLog(text: string): GcSummary {
  const summary: GcSummary = { collections: 0, committedMiB: 0, liveAfterGcMiB: 0 };
  for (const match of text.matchAll(/ (\d+)M->(\d+)M\((\d+)M\)/g)) {
    summary.collections += 1;
    summary.liveAfterGcMiB = Math.max(summary.liveAfterGcMiB, Number(match[2]));
    summary.committedMiB = Math.max(summary.committedMiB, Number(match[3]));
  }
  return summary;
}

const NMT_ORDER = ['Total', 'Java Heap', 'Class', 'Thread', 'Code', 'GC', 'Internal', 'Other', 'Symbol', 'Native Memory Tracking', 'Arena Chunk', 'Shared class space', 'Metaspace'];

function nmtRows(label: string, summary: NmtSummary): string[] {
  const keys = [...NMT_ORDER.filter((k) => k in summary), ...Object.keys(summary).filter((k) => !NMT_ORDER.includes(k)).sort()];
  return [label, ...keys.filter((k) => (summary[k] ?? 0) >= 1).map((k) => `  ${k.padEnd(24)} ${Math.round(summary[k] ?? 0).toLocaleString('en-US').padStart(7)}`)];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--factors');
  const factors = (at >= 0 ? (args[at + 1] ?? '') : '10').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const jitAt = args.indexOf('--jit');
  if (jitAt >= 0) process.env.STEDI_SPARK_JIT = args[jitAt + 1] ?? '';
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jvm-memory-'));
  const knobs = sparkKnobs(args);
  console.log(`jvm memory bench: ×${factors.join(', ×')} ${JSON.stringify(knobs)} STEDI_SPARK_JIT=${process.env.STEDI_SPARK_JIT ?? ''} STEDI_READ_CACHE_MB=${process.env.STEDI_READ_CACHE_MB ?? '(default)'}, load ${os.loadavg()[0].toFixed(1)}`);
  const lines: string[] = [];
  const results = [];
  for (const factor of factors) {
    const gcLog = path.join(logDir, `gc-x${factor}.log`);
    const sampler = new NmtSampler(driverJvm).start();
    const options = `${NMT_FLAG} -Xlog:gc:file=${gcLog}`;
    const [result] = await measureScale([factor], { sparkConf: { ...knobs, 'spark.driver.extraJavaOptions': options } });
    const nmt = sampler.stop();
    if (result) results.push(result);
    const gc = summarizeGcLog(fs.existsSync(gcLog) ? fs.readFileSync(gcLog, 'utf8') : '');
    lines.push(
      `${factor}×: G1 heap committed at most ${gc.committedMiB} MiB, in use after a collection at most ${gc.liveAfterGcMiB} MiB (${gc.collections} collections; log ${gcLog})`,
      ...nmtRows(`${factor}×: NMT committed (MiB) at the JVM's peak, of ${nmt.samples} samples`, nmt.atPeak),
      ...nmtRows(`${factor}×: NMT committed (MiB), each category's own peak`, nmt.ownPeak),
    );
  }
  console.log(`\n${formatScaleReport(results)}\n\n${lines.join('\n')}`);
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
