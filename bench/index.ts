/**
 * `npm run bench`: every benchmark in turn. Each prints our figure beside the reference
 * path's and their ratio; run one alone with `npx tsx bench/<name>.bench.ts`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const only = process.argv[2];
const benches = fs.readdirSync(__dirname).filter((file) => file.endsWith('.bench.ts') && (!only || file.includes(only))).sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
