import { formatMegabytes } from '../emulator/capped-log';
import { outputEndMarker } from './protocol';
import { JobOutputCollector } from './job-output';

const marker = outputEndMarker('tok123');

describe('a job output collector', () => {
  it('takes the bytes before the end marker, even when the marker is split across chunks', async () => {
    const collector = new JobOutputCollector(marker);
    const stream = Buffer.concat([Buffer.from('hello\nworld\n'), marker, Buffer.from('not mine')]);
    let rest: Buffer | undefined;
    for (let i = 0; i < stream.length; i += 3) rest = collector.feed(stream.subarray(i, i + 3)) ?? rest;
    expect(await collector.whenEnded(10)).toBe(true);
    expect(collector.text()).toBe('hello\nworld\n');
    expect(collector.feed(Buffer.from('later'))?.toString()).toBe('later');
  });

  it('keeps everything written before the process died (no marker), held-back bytes included', () => {
    const collector = new JobOutputCollector(marker);
    collector.feed(Buffer.from('PID 42\nabout to die: \0stedi-out'));
    expect(collector.text()).toBe('PID 42\nabout to die: \0stedi-out');
    collector.close();
    expect(collector.isEnded).toBe(true);
    expect(collector.text()).toBe('PID 42\nabout to die: \0stedi-out');
  });

  it('reports a missing marker by resolving false after the wait', async () => {
    const collector = new JobOutputCollector(marker);
    collector.feed(Buffer.from('partial'));
    expect(await collector.whenEnded(20)).toBe(false);
  });

  it('caps the output and states how much was dropped', () => {
    const cap = 1024 * 1024;
    const collector = new JobOutputCollector(marker, cap);
    const chunk = Buffer.alloc(256 * 1024, 'y');
    for (let i = 0; i < 10; i++) collector.feed(chunk); // 2.5 MB
    collector.feed(marker);
    const text = collector.text();
    expect(text.match(/y/g)?.length).toBe(cap);
    expect(text.endsWith(`[stedi] log capped at 1 MB; ${formatMegabytes(1.5 * 1024 * 1024)} dropped\n`)).toBe(true);
  });

  it('decodes UTF-8 split across chunks', () => {
    const collector = new JobOutputCollector(marker);
    const bytes = Buffer.from('é€😀');
    for (const byte of bytes) collector.feed(Buffer.from([byte]));
    collector.feed(marker);
    expect(collector.text()).toBe('é€😀');
  });
});
