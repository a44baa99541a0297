/**
 * `stedi run --profile` loads the dataset generator on use. The CLI runs from sources through
 * tsx's CommonJS hook (bin/stedi.js), where a dynamic import() of a TypeScript path does not
 * resolve — jest's own transform would not show that — so the profile's landing data is resolved
 * here in a child process set up exactly as bin/stedi.js sets itself up.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

describe('resolveLanding with --profile, as the CLI runs it from sources', () => {
  it('generates (or finds) the profile dataset and names its folder', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-profile-'));
    try {
      const script = `
        require(${JSON.stringify(path.join(ROOT, 'common', 'quiet-warnings.js'))});
        require('tsx/cjs');
        const { resolveLanding } = require(${JSON.stringify(path.join(ROOT, 'cli', 'commands', 'run-hooks.ts'))});
        resolveLanding({ profile: 'stedi-2023', seed: '7', json: true }).then((landing) => console.log(JSON.stringify(landing)));`;
      const child = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
      expect(child.stderr).not.toMatch(/Cannot find module/);
      expect(child.status).toBe(0);
      const landing = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { dir: string; label: string };
      expect(landing.label).toBe('profile:stedi-2023:7');
      // The generated landing folders the STEDI definition reads, with the generator's ground truth beside them.
      expect(['customer', 'accelerometer', 'step_trainer', 'expectations.json'].every((entry) => fs.existsSync(path.join(landing.dir, entry)))).toBe(true);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});
