/**
 * N small Glue scripts through the job server (one JVM for all) vs N separate spark-submit
 * processes (one JVM each), against the same emulator. `npx tsx bench/job-server.bench.ts [N]`
 */
import '../common/quiet-warnings.js';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GlueJobServer, MotoEmulator, provisionRuntime } from '../harness';
import { printComparison, since } from './format';
import { sparkConfFlags, sparkSubmit } from './spark-submit';

const SCRIPT = `import sys
from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "index"])
sc = SparkContext()
glueContext = GlueContext(sc)
job = Job(glueContext)
job.init(args["JOB_NAME"], args)
frame = DynamicFrame.fromDF(glueContext.spark_session.range(2000).withColumnRenamed("id", "reading"), glueContext, "readings")
glueContext.write_dynamic_frame.from_options(frame=frame, connection_type="s3", format="json",
    connection_options={"path": "s3://bench-job-server/out/" + args["JOB_NAME"] + "/"})
assert frame.count() == 2000
job.commit()
`;

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5);
  const runtime = await provisionRuntime();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-jobs-'));
  const script = path.join(dir, 'small_job.py');
  fs.writeFileSync(script, SCRIPT);
  const emulator = await new MotoEmulator(runtime.python.python).start();
  try {
    await emulator.s3.send(new CreateBucketCommand({ Bucket: 'bench-job-server' }));
    let mark = performance.now();
    const server = await new GlueJobServer(runtime, emulator.getEndpoint()).start();
    const serverStart = since(mark);
    mark = performance.now();
    for (let i = 0; i < n; i++) {
      const run = await server.runJob({ jobName: `server_${i}`, script, arguments: { '--index': String(i) } });
      if (run.state !== 'SUCCEEDED') throw new Error(`${run.jobName} ${run.state}: ${run.error?.message}`);
    }
    const serverJobs = since(mark);
    await server.stop();

    const flags = sparkConfFlags(runtime, emulator.getEndpoint());
    const submitSeconds: number[] = [];
    for (let i = 0; i < n; i++) submitSeconds.push(await sparkSubmit(runtime, emulator.getEndpoint(), flags, script, ['--JOB_NAME', `submit_${i}`, '--index', String(i)]));
    const submitTotal = submitSeconds.reduce((a, b) => a + b, 0);
    printComparison(`${n} small Glue scripts: job server (ours) vs ${n} spark-submit processes (reference)`, [
      { label: 'first job incl. Spark start', ours: serverStart + serverJobs / n, reference: submitSeconds[0] ?? 0 },
      { label: 'per job after the first', ours: serverJobs / n, reference: (submitTotal - (submitSeconds[0] ?? 0)) / Math.max(1, n - 1) },
      { label: `all ${n} jobs incl. Spark start`, ours: serverStart + serverJobs, reference: submitTotal },
    ]);
  } finally {
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
