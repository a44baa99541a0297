import { assertLoopbackEndpoint, assertLoopbackHost, isLoopbackHost } from './loopback';

describe('loopback safety', () => {
  it.each(['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]'])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '10.0.0.1', '192.168.1.2', 's3.amazonaws.com', '128.0.0.1'])('refuses %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
    expect(() => assertLoopbackHost(host)).toThrow(/loopback only/);
  });

  it('refuses a non-loopback endpoint for the local backend, naming it', () => {
    expect(() => assertLoopbackEndpoint('https://s3.us-east-1.amazonaws.com')).toThrow(/s3\.us-east-1\.amazonaws\.com/);
  });

  it('allows a real endpoint only when the aws backend was chosen explicitly', () => {
    expect(() => assertLoopbackEndpoint('https://glue.us-east-1.amazonaws.com', 'aws')).not.toThrow();
  });

  it('rejects an endpoint that is not a URL', () => {
    expect(() => assertLoopbackEndpoint('127.0.0.1:5000x')).toThrow(/not a URL|loopback/);
  });
});
