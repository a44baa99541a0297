/**
 * Writes schemas/*.schema.json from the run-directory zod schemas:
 *   npx tsx common/run-dir/emit-json-schemas.ts [outDir]
 * A unit test (json-schemas.test.ts) fails when the committed files differ from the schemas.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packagePath } from '../package-root';
import { artifactJsonSchemas } from './json-schemas';

export const JSON_SCHEMAS_DIR = packagePath('schemas');

export function emitJsonSchemas(outDir = JSON_SCHEMAS_DIR): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  return Object.entries(artifactJsonSchemas()).map(([name, text]) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, text);
    return file;
  });
}

if (require.main === module) {
  for (const file of emitJsonSchemas(process.argv[2])) process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
