import { existingClassArchive, type Runtime } from '../harness';

/** Side-by-side benchmark rows: our path, the reference path, and the ratio. */
export function printComparison(title: string, rows: Array<{ label: string; ours: number; reference: number; unit?: string }>): void {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map((row) => row.label.length), 10);
  console.log(`${'measure'.padEnd(width)}  ${'ours'.padStart(10)}  ${'reference'.padStart(10)}  ${'ref/ours'.padStart(8)}`);
  for (const row of rows) {
    const unit = row.unit ?? 's';
    const ratio = row.ours > 0 ? (row.reference / row.ours).toFixed(2) : '-';
    console.log(`${row.label.padEnd(width)}  ${`${row.ours.toFixed(2)}${unit}`.padStart(10)}  ${`${row.reference.toFixed(2)}${unit}`.padStart(10)}  ${`${ratio}x`.padStart(8)}`);
  }
}

export const since = (mark: number): number => (performance.now() - mark) / 1000;

/**
 * Whether the job server found its JVM class archive (stedi_glue/jvm_start.py). On a machine
 * where none was built yet, the first job server builds one in a separate JVM beside its own
 * work: 20–30 CPU seconds that land in the figures of the first runs (they are not a warm
 * machine's figures then).
 */
export function classArchiveNote(runtime: Runtime): string {
  const archive = existingClassArchive(runtime);
  return archive !== undefined
    ? `JVM class archive: present (${archive})`
    : `JVM class archive: absent at the start — a builder JVM ran beside the first runs; rerun for warm-machine figures`;
}
