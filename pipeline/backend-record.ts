/**
 * run.json's `backend`: which backend ran the run and, for the docker backend, which emulator and
 * which images (tag and id). A backend that can say more than its kind implements
 * `describeBackend()` (StartedDockerHarness does); any other is recorded by its kind alone.
 */
import type { BackendRecord } from '../common/run-dir';
import type { StartedBackend } from '../harness/backend';

type Describable = { describeBackend?: () => BackendRecord };

export function backendRecord(backend: Pick<StartedBackend, 'kind'>): BackendRecord {
  const describe = (backend as Describable).describeBackend;
  if (typeof describe !== 'function') return { kind: backend.kind };
  return { ...describe.call(backend), kind: backend.kind };
}
