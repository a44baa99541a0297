import { StediError } from '../../common/errors';
import { isLoopbackHost } from '../emulator/loopback';

/**
 * The Spark master the job server may use. Jobs run with the fake credentials and the loopback
 * emulator, so Spark stays on this machine too: `local`, `local[N]`, `local[*]`, `local[N,F]`,
 * `local-cluster[…]`, or a standalone master on loopback (`spark://127.0.0.1:7077`, localhost,
 * `[::1]`; a comma-separated HA list must be loopback throughout). Anything else (another host,
 * yarn, k8s://, mesos://) needs the explicit `allowRemote` (`--allow-remote-spark`).
 */
export function assertSparkMaster(master: string, allowRemote = false): void {
  const value = master.trim();
  if (allowRemote) {
    if (value === '') throw new StediError('SPARK_MASTER_INVALID', 'the Spark master is empty');
    return;
  }
  if (isLocalSparkMaster(value)) return;
  throw new StediError(
    'SPARK_MASTER_NOT_LOCAL',
    `the Spark master ${JSON.stringify(master)} is not local: the local backend runs Spark on this machine only ` +
      '(local, local[N], local[*] or spark://127.0.0.1:<port>); pass --allow-remote-spark (harness: withRemoteSparkAllowed()) to use it anyway',
  );
}

export function isLocalSparkMaster(master: string): boolean {
  if (/^local(\[(\*|\d+)(,\d+)?\])?$/.test(master)) return true;
  if (/^local-cluster\[\d+,\d+,\d+\]$/.test(master)) return true;
  const standalone = /^spark:\/\/(.+)$/.exec(master);
  if (!standalone) return false;
  return (standalone[1] as string).split(',').every((hostPort) => {
    const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(hostPort);
    return match !== null && isLoopbackHost(match[1] as string);
  });
}
