import { EmulatorError } from '../../common/errors';

/**
 * Readiness by HTTP: polls a URL until it answers with a status below 500, the process dies,
 * or the timeout passes. `isAlive` lets the wait fail fast when the server has already exited.
 */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    const death = isAlive();
    if (death) throw new EmulatorError('EMULATOR_EXITED', `the emulator exited before it was ready (${death}); see its log`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new EmulatorError('EMULATOR_TIMEOUT', `${url} did not answer after ${timeoutMs} ms (last: ${lastError})`);
}
