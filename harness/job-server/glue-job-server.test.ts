import { defaultJobTimeoutMinutes, GLUE_VERSION } from '../runtime/pins';
import { assertJobTimeout } from './glue-job-server';

// Defaults and limit from the Glue API (StartJobRun `Timeout`):
// https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html — "defaulted to 2,880
// minutes for Glue version 4.0 and earlier, or 480 minutes for Glue version 5.0 and later";
// "Jobs must have timeout values less than 7 days or 10080 minutes".
describe('job run timeouts', () => {
  it("default to Glue's value for the Glue version", () => {
    expect(GLUE_VERSION).toBe('5.0');
    expect(defaultJobTimeoutMinutes()).toBe(480);
    expect(defaultJobTimeoutMinutes('5.1')).toBe(480);
    expect(defaultJobTimeoutMinutes('4.0')).toBe(2880);
    expect(defaultJobTimeoutMinutes('3.0')).toBe(2880);
  });

  it.each([0.1, 1, 480, 10_079])('accept %s minutes', (minutes) => {
    expect(() => assertJobTimeout('j', minutes)).not.toThrow();
  });

  it.each([0, -1, 10_080, Number.NaN, Number.POSITIVE_INFINITY])('refuse %s minutes, naming the job and the limit', (minutes) => {
    expect(() => assertJobTimeout('customer_trusted', minutes)).toThrow(/job customer_trusted: timeout must be .* below 10080/);
  });

  it('refuse a timeout that is not a number', () => {
    expect(() => assertJobTimeout('j', '5' as unknown as number)).toThrow(expect.objectContaining({ code: 'JOB_TIMEOUT_INVALID' }));
  });
});
