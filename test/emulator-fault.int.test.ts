import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRunRecord } from '../common/run-dir';
import { LocalHarness, silentProgress, type StartedLocalHarness } from '../harness';
import { loadPipelineDefinition, runPipeline } from '../pipeline';

const describeRuntime = process.env.STEDI_SKIP_INTEGRATION === '1' ? describe.skip : describe;

/** A small landing dataset in the STEDI layout, written by the test (no real data). */
function tinyLanding(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-landing-'));
  const files: Record<string, string> = {
    'customer/landing/c.json': '{"customerName":"A","email":"a@example.test","serialNumber":"s-1","shareWithResearchAsOfDate":1}\n',
    'accelerometer/landing/a.json': '{"user":"a@example.test","timestamp":1,"x":0,"y":0,"z":0}\n',
    'step_trainer/landing/s.json': '{"sensorReadingTime":1,"serialNumber":"s-1","distanceFromObject":200}\n',
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

// Its own emulator (no Spark): this test kills it, so it must not be the shared one.
describeRuntime('an emulator that dies during a run', () => {
  let harness: StartedLocalHarness;

  beforeAll(async () => {
    harness = await new LocalHarness().withoutSpark().withProgress(silentProgress).start();
  }, 1_800_000);
  afterAll(() => harness.stop());

  it('leaves a readable run record: FAILED, the fault named, jobs skipped, the emulator log kept', async () => {
    const runsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-runs-'));
    const run = await runPipeline({
      backend: harness,
      definition: loadPipelineDefinition(),
      landingDir: tinyLanding(),
      runsRoot,
      onEvent: (event) => {
        if (event.type === 'staged' && event.staged.table === 'customer_landing') process.kill(harness.emulator.pid as number, 'SIGKILL');
      },
    });
    const saved = readRunRecord(run.runDir);
    expect(saved.status).toBe('FAILED');
    expect(saved.error).toMatch(/staging the landing data failed: .*counting the tables failed/s);
    expect(saved.jobs.map((job) => [job.state, job.skippedBecause])).toEqual(saved.jobs.map(() => ['SKIPPED', ['staging']]));
    expect(saved.jobs).toHaveLength(5);
    expect(fs.readFileSync(path.join(run.runDir, 'logs', 'emulator.log'), 'utf8')).toContain('PUT /stedi-lakehouse/customer/landing/c.json');
  }, 300_000);
});
