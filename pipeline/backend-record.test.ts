import { runRecordSchema } from '../common/run-dir';
import { backendRecord } from './backend-record';

describe('the backend in run.json', () => {
  it('is the kind alone for a backend that says nothing more (the local one)', () => {
    expect(backendRecord({ kind: 'local' })).toEqual({ kind: 'local' });
  });

  it("is what a docker backend describes, its kind taken from the backend itself", () => {
    const described = {
      kind: 'docker' as const,
      describeBackend: () => ({
        kind: 'local' as const, // a wrong self-description of the kind does not win
        emulator: 'moto' as const,
        glueJobs: 'job-server' as const,
        images: { emulator: { ref: 'stedi-moto:0123456789abcdef', id: 'sha256:aa' }, glue: { ref: 'stedi-glue:fedcba9876543210', id: 'sha256:bb' } },
        containers: { emulator: 'stedi-emulator-s1', glue: 'stedi-glue-s1' },
      }),
    };
    const record = backendRecord(described);
    expect(record.kind).toBe('docker');
    expect(record.emulator).toBe('moto');
    expect(record.images?.glue?.ref).toBe('stedi-glue:fedcba9876543210');
  });

  it('is validated by the run record schema (an unknown emulator is refused)', () => {
    const shape = runRecordSchema.shape.backend;
    expect(shape.safeParse({ kind: 'docker', emulator: 'moto', images: { emulator: { ref: 'stedi-moto:x', id: null } } }).success).toBe(true);
    expect(shape.safeParse({ kind: 'docker', emulator: 'minio' }).success).toBe(false);
    expect(shape.safeParse(undefined).success).toBe(true); // runs made before the field
  });
});
