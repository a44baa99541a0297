import { InputError } from '../common/errors';

/** What the DAG needs of a job: its name and the tables it reads and writes. */
export interface JobNode {
  name: string;
  inputs: string[];
  outputs: string[];
}

/**
 * Orders jobs so each runs after the jobs producing its inputs (Kahn's algorithm; ties keep
 * the declared order, so a run is reproducible). A cycle is an error naming one cycle, job by
 * job with the table that links them, and every job caught in a cycle.
 */
export function orderJobs<J extends JobNode>(jobs: J[]): J[] {
  const dependsOn = upstreamMap(jobs);
  const ordered: J[] = [];
  const done = new Set<string>();
  while (ordered.length < jobs.length) {
    const next = jobs.find((job) => !done.has(job.name) && [...(dependsOn.get(job.name) ?? [])].every((d) => done.has(d)));
    if (!next) {
      const stuck = jobs.filter((job) => !done.has(job.name));
      throw new InputError('PIPELINE_CYCLE', `jobs ${stuck.map((j) => j.name).join(', ')} depend on each other in a cycle: ${describeCycle(stuck)}`);
    }
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}

/** The jobs a job waits for: those writing any of its inputs. */
export function upstreamJobs(job: JobNode, jobs: JobNode[]): string[] {
  return jobs.filter((other) => other.name !== job.name && other.outputs.some((output) => job.inputs.includes(output))).map((other) => other.name);
}

function upstreamMap(jobs: JobNode[]): Map<string, Set<string>> {
  const producer = new Map<string, JobNode>();
  for (const job of jobs) for (const output of job.outputs) producer.set(output, job);
  const dependsOn = new Map<string, Set<string>>();
  for (const job of jobs) {
    const upstream = new Set<string>();
    for (const input of job.inputs) {
      const from = producer.get(input);
      if (from && from.name !== job.name) upstream.add(from.name);
    }
    dependsOn.set(job.name, upstream);
  }
  return dependsOn;
}

/** `a -(x)-> b -(y)-> a`: one cycle among jobs that cannot be ordered, found by walking upstream. */
function describeCycle(stuck: JobNode[]): string {
  const byName = new Map(stuck.map((job) => [job.name, job]));
  const producerOf = (job: JobNode): Array<{ job: JobNode; table: string }> =>
    job.inputs.flatMap((table) => stuck.filter((other) => other !== job && other.outputs.includes(table)).map((other) => ({ job: other, table })));
  // Every stuck job has a stuck producer (else it could run), so walking upstream must revisit a job.
  const path: Array<{ job: JobNode; table?: string }> = [{ job: stuck[0]! }];
  const seen = new Map<string, number>([[stuck[0]!.name, 0]]);
  for (;;) {
    const step = producerOf(path[path.length - 1]!.job)[0];
    if (!step || !byName.has(step.job.name)) return stuck.map((j) => j.name).join(', ');
    const at = seen.get(step.job.name);
    path.push(step);
    if (at !== undefined) {
      // path[at..] is the cycle walked upstream; print it downstream (producer before reader).
      const cycle = path.slice(at).reverse();
      return cycle.map((entry, i) => (i === 0 ? entry.job.name : `-(${cycle[i - 1]!.table})-> ${entry.job.name}`)).join(' ');
    }
    seen.set(step.job.name, path.length - 1);
  }
}
