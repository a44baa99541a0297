import { orderJobs, upstreamJobs } from './dag';

const job = (name: string, inputs: string[], outputs: string[]): { name: string; inputs: string[]; outputs: string[] } => ({ name, inputs, outputs });

describe('orderJobs', () => {
  it('runs producers first, keeping the declared order between independent jobs', () => {
    const jobs = [job('report', ['daily'], ['report']), job('clean', ['raw'], ['clean']), job('side', ['raw'], ['side']), job('daily', ['clean'], ['daily'])];
    expect(orderJobs(jobs).map((j) => j.name)).toEqual(['clean', 'side', 'daily', 'report']);
  });

  it('names one cycle with the tables linking its jobs, downstream', () => {
    const jobs = [job('a', ['z'], ['x']), job('b', ['x'], ['y']), job('c', ['y'], ['z']), job('free', ['raw'], ['free_out'])];
    expect(() => orderJobs(jobs)).toThrow('jobs a, b, c depend on each other in a cycle: a -(x)-> b -(y)-> c -(z)-> a');
  });

  it('names the cycle, not the jobs merely downstream of it', () => {
    const jobs = [job('after', ['y'], ['after_out']), job('p', ['y'], ['x']), job('q', ['x'], ['y'])];
    expect(() => orderJobs(jobs)).toThrow(/jobs after, p, q depend on each other in a cycle: (p -\(x\)-> q -\(y\)-> p|q -\(y\)-> p -\(x\)-> q)$/);
  });

  it('does not take a job that reads a table it also writes for a cycle', () => {
    expect(orderJobs([job('upsert', ['t'], ['t'])]).map((j) => j.name)).toEqual(['upsert']);
  });
});

describe('upstreamJobs', () => {
  it('lists the jobs writing a job\'s inputs', () => {
    const jobs = [job('a', [], ['x']), job('b', [], ['y']), job('c', ['x', 'y', 'raw'], ['z'])];
    expect(upstreamJobs(jobs[2]!, jobs)).toEqual(['a', 'b']);
  });
});
