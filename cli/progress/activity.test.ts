import { startActivity, type ActivityStream } from './activity';

function recorder(isTTY: boolean): ActivityStream & { chunks: string[] } {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text) };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('on a terminal: a spinner with the elapsed seconds, redrawn in place, its line cleared at the end', () => {
  let clock = 0;
  const stream = recorder(true);
  const activity = startActivity('starting Spark', { stream, now: () => clock });
  for (let i = 0; i < 25; i += 1) {
    clock += 100;
    jest.advanceTimersByTime(100);
  }
  expect(activity.stop()).toBe(2.5);
  expect(stream.chunks).toHaveLength(27);
  expect(stream.chunks.every((chunk) => chunk.startsWith('\r\u001b[2K'))).toBe(true);
  expect(stream.chunks.some((chunk) => chunk.includes('\n'))).toBe(false);
  expect(stream.chunks[25]).toMatch(/^\r\u001b\[2K. starting Spark 3s$/);
  expect(stream.chunks[26]).toBe('\r\u001b[2K');
});

test('not a terminal: one plain line every 15 s, nothing to clear', () => {
  // jest's modern fake timers move Date.now with the timers: the activity's own clock.
  const stream = recorder(false);
  const activity = startActivity('[1/2] clean_orders', { stream });
  jest.advanceTimersByTime(14_000);
  expect(stream.chunks).toEqual([]);
  jest.advanceTimersByTime(46_000);
  expect(activity.stop()).toBe(60);
  expect(stream.chunks).toEqual([
    '[1/2] clean_orders: still running after 15s\n',
    '[1/2] clean_orders: still running after 30s\n',
    '[1/2] clean_orders: still running after 45s\n',
    '[1/2] clean_orders: still running after 60s\n',
  ]);
});

test('announce: a plain start line when not a terminal only', () => {
  const plain = recorder(false);
  startActivity('starting Spark', { stream: plain, announce: true }).stop();
  expect(plain.chunks).toEqual(['starting Spark...\n']);
  const tty = recorder(true);
  startActivity('starting Spark', { stream: tty, announce: true }).stop();
  expect(tty.chunks.some((chunk) => chunk.includes('...'))).toBe(false);
});

test('stop is idempotent and ends the timer', () => {
  const stream = recorder(true);
  const activity = startActivity('x', { stream });
  activity.stop();
  activity.stop();
  const written = stream.chunks.length;
  jest.advanceTimersByTime(1000);
  expect(stream.chunks).toHaveLength(written);
});
