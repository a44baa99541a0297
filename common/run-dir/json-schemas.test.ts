import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JSON_SCHEMAS_DIR, emitJsonSchemas } from './emit-json-schemas';
import { ARTIFACT_JSON_SCHEMAS, artifactJsonSchemas } from './json-schemas';
import { sampleCatalogTable, sampleQualityResult, sampleRunRecord, sampleTableLedger } from './testing/samples';

describe('schemas/*.schema.json', () => {
  it('the committed files are exactly what the zod schemas produce (run `npx tsx common/run-dir/emit-json-schemas.ts` after changing a schema)', () => {
    const expected = artifactJsonSchemas();
    const committed = fs.readdirSync(JSON_SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).sort();
    expect(committed).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) expect({ name, text: fs.readFileSync(path.join(JSON_SCHEMAS_DIR, name), 'utf8') }).toEqual({ name, text });
  });

  it('the emitter writes one file per artifact kind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-schemas-'));
    try {
      const files = emitJsonSchemas(dir).map((f) => path.basename(f)).sort();
      expect(files).toEqual(Object.keys(ARTIFACT_JSON_SCHEMAS).map((k) => `${k}.schema.json`).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // An independent validator (Ajv, JSON Schema 2020-12) agrees with zod on the same artifacts.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validator = (name: string) => ajv.compile(JSON.parse(artifactJsonSchemas()[`${name}.schema.json`]!) as object);
  const cases: Array<{ name: string; sample: () => Record<string, any>; breakIt: (v: Record<string, any>) => void; at: string }> = [
    { name: 'run-record', sample: sampleRunRecord, breakIt: (v) => { v.tables.customer_landing.rows = '956'; }, at: '/tables/customer_landing/rows' },
    { name: 'quality-result', sample: sampleQualityResult, breakIt: (v) => { v.outcomes[0].outcome = 'Maybe'; }, at: '/outcomes/0/outcome' },
    { name: 'catalog-table', sample: sampleCatalogTable, breakIt: (v) => { v.StorageDescriptor.Columns[0].Name = 1; }, at: '/StorageDescriptor/Columns/0/Name' },
    { name: 'table-ledger', sample: sampleTableLedger, breakIt: (v) => { v.objectsWithIssues[0].examples[0].outcome = 'lost'; }, at: '/objectsWithIssues/0/examples/0/outcome' },
  ];

  it.each(cases)('$name: accepts a valid artifact (and an unknown extra key), rejects a broken one at the same path', ({ name, sample, breakIt, at }) => {
    const validate = validator(name);
    expect(validate(sample())).toBe(true);
    expect(validate({ ...sample(), addedLater: 1 })).toBe(true);
    const broken = sample();
    breakIt(broken);
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(at);
  });

  it('run-record: schemaVersion is pinned, so another version is rejected by editors too', () => {
    expect(validator('run-record')({ ...sampleRunRecord(), schemaVersion: 2 })).toBe(false);
  });
});
