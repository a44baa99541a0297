import { StediError } from '../../common/errors';

/** True for 127.0.0.0/8, ::1 and localhost: the only places the local backend may talk to. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
 * The local backend's safety rule: it binds to and talks to loopback only, with fake
 * credentials. A non-loopback endpoint is refused unless the user explicitly chose the aws
 * backend, so a typo can never send test data or fake keys to a real service.
 */
export function assertLoopbackEndpoint(endpoint: string, backend: 'local' | 'aws' = 'local'): void {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    throw new StediError('ENDPOINT_INVALID', `endpoint ${JSON.stringify(endpoint)} is not a URL (expected http://127.0.0.1:<port>)`);
  }
  if (backend !== 'aws' && !isLoopbackHost(host)) {
    throw new StediError(
      'ENDPOINT_NOT_LOOPBACK',
      `the local backend only talks to loopback, but the endpoint is ${endpoint}; use 127.0.0.1, or choose the aws backend explicitly`,
    );
  }
}

export function assertLoopbackHost(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new StediError('BIND_NOT_LOOPBACK', `the local emulator binds to loopback only; refusing to bind to ${host}`);
  }
}
