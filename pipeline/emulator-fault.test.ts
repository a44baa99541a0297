import { emulatorFault } from './emulator-fault';

describe('emulatorFault', () => {
  it('names a dead emulator with its exit code or signal and its log', async () => {
    await expect(emulatorFault({ emulatorStatus: async () => ({ alive: false, exitCode: 137, signal: null, logFile: '/tmp/moto.log' }) })).resolves.toBe(
      'the emulator died (exit code 137); see /tmp/moto.log',
    );
    await expect(emulatorFault({ emulatorStatus: async () => ({ alive: false, exitCode: null, signal: 'SIGKILL' }) })).resolves.toBe('the emulator died (signal SIGKILL)');
  });

  it('says nothing when the emulator is alive, the backend cannot tell, or asking fails', async () => {
    await expect(emulatorFault({ emulatorStatus: async () => ({ alive: true }) })).resolves.toBeUndefined();
    await expect(emulatorFault({})).resolves.toBeUndefined();
    await expect(
      emulatorFault({
        emulatorStatus: async () => {
          throw new Error('no status');
        },
      }),
    ).resolves.toBeUndefined();
  });
});
