/**
 * Names a dead emulator in the run record. When a call fails because moto is gone, the SDK only
 * says ECONNREFUSED; the backend knows better (StartedBackend.emulatorStatus(), when it has one),
 * so a fault reads "the emulator died …" instead of a socket error.
 */
import type { StartedBackend } from '../harness/backend';

type StatusProbe = { emulatorStatus?: () => unknown };

function describeStatus(status: unknown): string | undefined {
  if (status === undefined || status === null) return undefined;
  if (typeof status === 'string') return /\b(died|dead|exited|killed|not running)\b/i.test(status) ? status : undefined;
  if (typeof status !== 'object') return undefined;
  const s = status as { alive?: boolean; running?: boolean; state?: string; exitCode?: number | null; signal?: string | null; message?: string; logFile?: string };
  const dead = s.alive === false || s.running === false || (typeof s.state === 'string' && /^(dead|died|exited|stopped|killed)$/i.test(s.state));
  if (!dead) return undefined;
  const how = [s.exitCode !== undefined && s.exitCode !== null ? `exit code ${s.exitCode}` : '', s.signal ? `signal ${s.signal}` : ''].filter(Boolean).join(', ');
  return `the emulator died${how ? ` (${how})` : ''}${s.message ? `: ${s.message}` : ''}${s.logFile ? `; see ${s.logFile}` : ''}`;
}

/** "the emulator died (…)" when the backend reports its emulator dead, else undefined. */
export async function emulatorFault(backend: StartedBackend | object): Promise<string | undefined> {
  const probe = (backend as StatusProbe).emulatorStatus;
  if (typeof probe !== 'function') return undefined;
  try {
    return describeStatus(await probe.call(backend));
  } catch {
    return undefined;
  }
}
