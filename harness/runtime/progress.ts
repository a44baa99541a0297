/** Progress lines for long first-time downloads; always on stderr so JSON output stays clean. */
export type ProgressSink = (message: string) => void;

export const stderrProgress: ProgressSink = (message) => {
  process.stderr.write(`[stedi] ${message}\n`);
};

export const silentProgress: ProgressSink = () => undefined;

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
