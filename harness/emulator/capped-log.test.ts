import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CappedLogFile, formatMegabytes, LOG_CAP_BYTES, LogCap } from './capped-log';

describe('log cap', () => {
  it('is one documented constant of 10 MB', () => {
    expect(LOG_CAP_BYTES).toBe(10 * 1024 * 1024);
    expect(formatMegabytes(LOG_CAP_BYTES)).toBe('10 MB');
    expect(formatMegabytes(93.4 * 1024 * 1024)).toBe('93.4 MB');
  });

  it('keeps the first cap bytes across chunks and counts the rest', () => {
    const cap = new LogCap(10);
    expect(cap.accept(Buffer.from('abcdef')).toString()).toBe('abcdef');
    expect(cap.accept(Buffer.from('ghijkl')).toString()).toBe('ghij');
    expect(cap.accept(Buffer.from('mnop')).length).toBe(0);
    expect(cap.droppedBytes).toBe(6);
  });

  it('caps a log file fed 3 MB past a 1 MB cap and states the cap and the drop in the file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'capped-log-')), 'nested', 'job-server.log');
    const log = new CappedLogFile(file, 1024 * 1024);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 64; i++) log.write(chunk); // 4 MB in all
    log.note('[stedi] a harness note past the cap');
    log.close();
    log.write('after close is ignored');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.match(/x/g)?.length).toBe(1024 * 1024);
    expect(text).toContain('[stedi] log capped at 1 MB; further output dropped');
    expect(text).toContain('[stedi] a harness note past the cap');
    expect(text.trimEnd().endsWith('[stedi] log capped at 1 MB; 3 MB dropped')).toBe(true);
    expect(text).not.toContain('after close');
    fs.rmSync(path.dirname(path.dirname(file)), { recursive: true });
  });

  it('writes no cap line for a log under the cap', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'capped-log-')), 'emulator.log');
    const log = new CappedLogFile(file, 1024);
    log.write('GET /moto-api/ 200\n');
    log.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('GET /moto-api/ 200\n');
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
