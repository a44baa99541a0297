import { InputError } from '../common/errors';
import type { JobDefinition } from './definition';

/**
 * Orders jobs so each runs after the jobs producing its inputs (Kahn's algorithm; ties keep
 * the declared order, so a run is reproducible). A cycle is an error naming its jobs.
 */
export function orderJobs(jobs: JobDefinition[]): JobDefinition[] {
  const producer = new Map<string, JobDefinition>();
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
  const ordered: JobDefinition[] = [];
  const done = new Set<string>();
  while (ordered.length < jobs.length) {
    const next = jobs.find((job) => !done.has(job.name) && [...(dependsOn.get(job.name) ?? [])].every((d) => done.has(d)));
    if (!next) {
      const stuck = jobs.filter((job) => !done.has(job.name)).map((job) => job.name);
      throw new InputError('PIPELINE_CYCLE', `jobs ${stuck.join(', ')} depend on each other in a cycle`);
    }
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}

/** The jobs a job waits for: those writing any of its inputs. */
export function upstreamJobs(job: JobDefinition, jobs: JobDefinition[]): string[] {
  return jobs.filter((other) => other.name !== job.name && other.outputs.some((output) => job.inputs.includes(output))).map((other) => other.name);
}
