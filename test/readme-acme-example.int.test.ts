/**
 * The README's "Your own pipeline" example, run as written: the YAML block in README.md must be
 * examples/acme/acme.pipeline.yaml byte for byte (so the README cannot drift from a file that
 * runs), and that definition runs green on a `sample-week` landing folder the test writes. The
 * gate must use only what the definition declares (here: no rules, so only the exact counts of
 * its `sample-week` dataset and the harness's own checks), never the bundled STEDI ruleset.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipelineDefinition, resolveExpectations, runPipeline } from '../pipeline';
import { runQualityGate } from '../quality-rules';
import type { SharedHarnessClient } from '../harness';
import { describeIntegration, sharedHarness } from '../harness/testing/integration';

const ROOT = path.resolve(__dirname, '..');
const PIPELINE = path.join(ROOT, 'examples', 'acme', 'acme.pipeline.yaml');

function readmePipelineBlock(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('# acme.pipeline.yaml\n');
  if (start < 0) throw new Error('README.md has no "# acme.pipeline.yaml" block');
  return readme.slice(start, readme.indexOf('```', start));
}

/** 7 days × 1,000 events; 50 of them have no user and are dropped by clean_events. */
function writeSampleWeek(dir: string): { events: number; clean: number; days: number } {
  fs.mkdirSync(path.join(dir, 'events'), { recursive: true });
  const day0 = Date.UTC(2026, 10, 2);
  let events = 0;
  let clean = 0;
  for (let day = 0; day < 7; day++) {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const anonymous = events % 140 === 0;
      lines.push(JSON.stringify({ event_id: `e${events}`, user_id: anonymous ? null : `u${events % 97}`, event_type: 'view', event_time: day0 + day * 86_400_000 + i * 60_000 }));
      events += 1;
      if (!anonymous) clean += 1;
    }
    fs.writeFileSync(path.join(dir, 'events', `day-${day}.json`), `${lines.join('\n')}\n`);
  }
  return { events, clean, days: 7 };
}

test('the README pipeline example is the file examples/acme/acme.pipeline.yaml', () => {
  expect(readmePipelineBlock()).toBe(fs.readFileSync(PIPELINE, 'utf8'));
});

describeIntegration('the README acme example, run as written', () => {
  let backend: SharedHarnessClient;
  beforeAll(() => {
    backend = sharedHarness();
  });
  afterAll(() => backend.stop());

  it('succeeds with the sample-week counts and passes its gate', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stedi-acme-'));
    const landing = path.join(work, 'sample-week');
    const truth = writeSampleWeek(landing);
    const definition = loadPipelineDefinition(PIPELINE);
    // The README's numbers are the ones this data really has.
    expect(definition.datasets['sample-week']).toEqual({ events_landing: truth.events, events_clean: truth.clean, events_daily: truth.days });
    const expectations = resolveExpectations(definition, landing);
    const run = await runPipeline({ backend, definition, landingDir: landing, expected: expectations.counts, runsRoot: path.join(work, 'runs') });
    expect(run.record.jobs.map((job) => [job.name, job.state, job.error?.message])).toEqual([
      ['clean_events', 'SUCCEEDED', undefined],
      ['daily_rollup', 'SUCCEEDED', undefined],
    ]);
    expect(run.record.status).toBe('SUCCEEDED');
    const gate = await runQualityGate({ runDir: run.runDir });
    expect(gate.errors).toEqual([]);
    expect(gate.outcomes.filter((o) => o.outcome !== 'Passed').map((o) => `${o.table}: ${o.rule}`)).toEqual([]);
    expect(gate.exitCode).toBe(0);
  }, 900_000);
});
