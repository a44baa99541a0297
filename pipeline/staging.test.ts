import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipelineDefinition } from './definition';
import { scanJsonLines } from './json-lines';
import { findLandingFiles } from './staging';

const definition = loadPipelineDefinition();

function landingWith(folders: Record<string, Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'landing-'));
  for (const [folder, files] of Object.entries(folders)) {
    fs.mkdirSync(path.join(root, folder), { recursive: true });
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(root, folder, name), content);
  }
  return root;
}

describe('landing checks', () => {
  it('names a missing landing directory', () => {
    expect(() => findLandingFiles('/nonexistent/landing', definition.tables)).toThrow(/landing directory \/nonexistent\/landing does not exist/);
  });

  it('names the missing folder and the table it feeds', () => {
    const root = landingWith({ 'customer/landing': { 'a.json': '{}\n' } });
    expect(() => findLandingFiles(root, definition.tables)).toThrow(/accelerometer\/landing does not exist: accelerometer_landing/);
  });

  it('names an empty folder', () => {
    const root = landingWith({ 'customer/landing': { 'a.json': '{}\n' }, 'accelerometer/landing': { 'notes.txt': 'x' }, 'step_trainer/landing': { 'a.json': '{}\n' } });
    expect(() => findLandingFiles(root, definition.tables)).toThrow(/accelerometer\/landing has no \*\.json files/);
  });

  it('finds json files in any layout below each folder', () => {
    const root = landingWith({
      'customer/landing': { 'a.json': '{}\n' },
      'customer/landing/2023/06': { 'b.json': '{}\n' },
      'accelerometer/landing': { 'a.json': '{}\n' },
      'step_trainer/landing': { 'a.json': '{}\n' },
    });
    expect(findLandingFiles(root, definition.tables).get('customer_landing')?.map((f) => path.relative(root, f))).toEqual([
      path.join('customer', 'landing', '2023', '06', 'b.json'),
      path.join('customer', 'landing', 'a.json'),
    ]);
  });
});

describe('JSON lines scan', () => {
  it('counts records and locates every malformed line', async () => {
    const root = landingWith({ d: { 'x.json': '{"a":1}\n\n{"a":2},\n{"a":\n[1,2]\n{"a":3}\n' } });
    const scan = await scanJsonLines(path.join(root, 'd', 'x.json'));
    expect(scan.records).toBe(2);
    expect(scan.rejectedCount).toBe(3);
    expect(scan.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(scan.rejected[2]?.reason).toBe('not a JSON object');
  });
});
