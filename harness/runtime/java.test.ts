import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectJava, parseJavaMajor } from './java';

describe('Java detection', () => {
  it('parses modern and legacy version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('no version here')).toBeUndefined();
  });

  it('says what is missing and what to install when no java is on PATH', () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-java-'));
    expect(() => detectJava({ PATH: emptyDir })).toThrow(/Java was not found.*Install a Java 17/s);
  });

  it('refuses a Java other than 17, naming the version found', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-java-'));
    const fake = path.join(dir, 'java');
    fs.writeFileSync(fake, '#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n');
    fs.chmodSync(fake, 0o755);
    expect(() => detectJava({ PATH: dir })).toThrow(/is Java 11/);
  });
});
