export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __stediHarness?: { stop(): Promise<void> } }).__stediHarness?.stop();
}
