import { HARNESS_HANDLE, type HarnessHandle } from './handle';

/** jest globalTeardown: stops the harness the global setup started (nothing if it started none). */
export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as Record<symbol, HarnessHandle | undefined>;
  const handle = slot[HARNESS_HANDLE];
  slot[HARNESS_HANDLE] = undefined;
  await handle?.stop();
}
