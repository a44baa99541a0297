import * as fs from 'node:fs';
import { EnvironmentError } from '../../common/errors';

/**
 * A cross-process lock (mkdir is atomic) so that two processes provisioning the same cache —
 * a jest global setup and a CLI run, say — do not install into one venv at the same time.
 */
export async function withDirectoryLock<T>(lockDir: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(lockDir, { recursive: false });
      fs.writeFileSync(`${lockDir}/pid`, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (holderIsGone(lockDir)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new EnvironmentError('LOCK_TIMEOUT', `${lockDir} is still held by another stedi process after ${timeoutMs} ms; remove it if no stedi process is running`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function holderIsGone(lockDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(`${lockDir}/pid`, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
