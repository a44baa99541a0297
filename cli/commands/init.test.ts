import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipelineDefinition } from '../../pipeline';
import { findProjectConfig } from '../../common/project-config';
import { loadRuleFiles } from '../../quality-rules';
import { scaffoldProject } from './init';

const temp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-init-'));

describe('stedi init', () => {
  it('scaffolds a pipeline that loads: DDL parsed, the job script present, rules for declared tables, levels kept', () => {
    const dir = path.join(temp(), 'shop');
    const result = scaffoldProject({ dir });
    const definition = loadPipelineDefinition(path.join(dir, 'pipeline.yaml'));
    expect(definition.name).toBe('shop');
    expect(definition.jobs.map((job) => fs.existsSync(job.scriptPath))).toEqual([true]);
    expect(definition.tables.find((t) => t.name === 'orders_landing')?.ddlTable?.location).toBe('s3://shop-raw/orders/');
    expect(definition.rules.map((ref) => ref.table).sort()).toEqual(['orders_landing', 'orders_trusted']);
    const loaded = loadRuleFiles(definition.rules);
    expect(loaded.syntaxErrors).toEqual([]);
    const levels = loaded.rulesets.flatMap((ruleset) => (ruleset.document.rules ?? []).map((entry) => entry.level));
    expect(levels).toContain('warning');
    expect(levels).toContain('error');
    expect(result.written).toEqual(expect.arrayContaining(['.github/workflows/data-pipeline.yml', '.gitignore', 'stedi.config.yaml', 'test/pipeline.test.ts', 'README.md']));
  });

  it('writes a stedi.config.yaml that validates and names the scaffold\'s pipeline, landing sample and dataset', () => {
    const dir = fs.realpathSync(temp());
    scaffoldProject({ dir });
    fs.mkdirSync(path.join(dir, 'test', 'deep'), { recursive: true });
    const config = findProjectConfig(path.join(dir, 'test', 'deep'));
    expect(config?.file).toBe(path.join(dir, 'stedi.config.yaml'));
    expect(config?.values).toMatchObject({ pipeline: path.join(dir, 'pipeline.yaml'), landing: path.join(dir, 'data', 'sample'), dataset: 'sample', runsDir: path.join(dir, '.stedi', 'runs') });
    expect(fs.existsSync(path.join(config!.values.landing!, 'orders'))).toBe(true);
    expect(Object.keys(loadPipelineDefinition(config!.values.pipeline!).datasets)).toContain(config!.values.dataset);
  });

  it("writes a landing sample whose expected counts match the records, recounted here from the file", () => {
    const dir = temp();
    scaffoldProject({ dir });
    const lines = fs.readFileSync(path.join(dir, 'data/sample/orders/orders-0001.json'), 'utf8').split('\n').filter(Boolean);
    const orders = lines.map((line) => JSON.parse(line) as { orderId: string; status: string; amount: number; customerEmail?: string });
    const kept = orders.filter((order) => order.status === 'PAID' && order.amount > 0).length;
    const definition = loadPipelineDefinition(path.join(dir, 'pipeline.yaml'));
    expect(definition.datasets.sample).toEqual({ orders_landing: orders.length, orders_trusted: kept });
    expect(new Set(orders.map((order) => order.orderId)).size).toBe(orders.length);
    // The warning-level Completeness "customeremail" >= 0.95 holds; the absent field is absent, not null.
    expect(orders.filter((order) => order.customerEmail === undefined).length / orders.length).toBeLessThan(0.05);
    expect(lines.some((line) => line.includes('"customerEmail":null'))).toBe(false);
    // Refunds exist, so the job's filter is exercised.
    expect(orders.some((order) => order.status === 'PAID' && order.amount < 0)).toBe(true);
  });

  it('refuses to overwrite existing files, naming them, and writes nothing', () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, 'pipeline.yaml'), 'mine');
    expect(() => scaffoldProject({ dir })).toThrow(/already has pipeline\.yaml.*nothing was written/);
    expect(fs.readdirSync(dir)).toEqual(['pipeline.yaml']);
    expect(fs.readFileSync(path.join(dir, 'pipeline.yaml'), 'utf8')).toBe('mine');
  });

  it("adds its scripts to an existing package.json, replacing only npm's placeholder test, never its dependencies", () => {
    const dir = temp();
    const mine = { name: 'mine', scripts: { test: 'echo "Error: no test specified" && exit 1', build: 'tsc' }, dependencies: { left: '1.0.0' } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(mine));
    const result = scaffoldProject({ dir });
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(after.scripts).toEqual({ test: 'jest', build: 'tsc', pipeline: 'stedi run' });
    expect(after.dependencies).toEqual({ left: '1.0.0' });
    expect(after.devDependencies).toBeUndefined();
    expect(result.packageJson.created).toBe(false);
    expect(Object.keys(result.packageJson.devDependencies)).toEqual(['stedi-lakehouse-harness', 'jest', 'ts-jest', 'typescript', '@types/jest', '@types/node']);
  });
});
