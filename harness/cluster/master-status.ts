import { EmulatorError } from '../../common/errors';

/** The parts of the standalone master's `/json/` document the harness reads. */
export interface MasterJson {
  url: string;
  status: string;
  aliveworkers: number;
  cores: number;
  memory: number;
  workers: Array<{ id: string; host: string; state: string; cores: number; memory: number }>;
  activeapps: MasterApp[];
  completedapps: MasterApp[];
}

export interface MasterApp {
  id: string;
  name: string;
  cores: number;
  state: string;
  starttime: number;
  duration: number;
}

/** GET `<master UI>/json/`: the master's own view of its workers and applications. */
export async function fetchMasterJson(uiUrl: string, timeoutMs = 5_000): Promise<MasterJson> {
  const response = await fetch(`${uiUrl.replace(/\/$/, '')}/json/`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new EmulatorError('CLUSTER_MASTER_HTTP', `the Spark master UI ${uiUrl}/json/ answered HTTP ${response.status}`);
  return (await response.json()) as MasterJson;
}

/**
 * Readiness of a standalone cluster: the master answers and `workers` workers registered ALIVE.
 * `death` reports a daemon that exited, so a failed start fails at once with its reason.
 */
export async function waitForWorkers(uiUrl: string, workers: number, timeoutMs: number, death: () => string | undefined): Promise<MasterJson> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const dead = death();
    if (dead) throw new EmulatorError('CLUSTER_DAEMON_EXITED', dead);
    try {
      const json = await fetchMasterJson(uiUrl, 2_000);
      if (json.status === 'ALIVE' && json.aliveworkers >= workers) return json;
      last = `master ${json.status}, ${json.aliveworkers} of ${workers} workers registered`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new EmulatorError('CLUSTER_START_TIMEOUT', `the Spark cluster was not ready after ${timeoutMs} ms (last: ${last})`);
}
