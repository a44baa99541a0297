import { LocalstackContainer } from '@testcontainers/localstack';
import { GenericContainer } from 'testcontainers';
import type { CappedLogFile } from '../emulator/capped-log';
import type { Dockerode } from './docker-engine';
import { chooseEmulator, DEFAULT_LOCALSTACK_IMAGE, EMULATOR_ALIAS, emulatorContainer, localstackSettings, motoSettings, parseEmulatorKind, startEmulator } from './emulator-container';

/**
 * LocalStack cannot run here (its image needs a registry and a paid token): what is tested is the
 * choice of emulator, the container the harness would start, and the refusal when the image is
 * absent. Container fields are read from testcontainers' GenericContainer, which keeps them in
 * protected members (no public getters): that is this test's one reach into its internals.
 */
type Inspectable = { imageName: { string: string }; environment: Record<string, string>; networkAliases: string[]; networkMode?: string; exposedPorts: unknown[]; hostConfig: { PortBindings?: Record<string, Array<{ HostIp: string }>> }; createOpts: { Labels: Record<string, string> } };
const inside = (container: GenericContainer): Inspectable => container as unknown as Inspectable;
const log = { file: '/tmp/emulator.log', follow: () => undefined } as unknown as CappedLogFile;

describe('choosing the emulator of the docker backend', () => {
  it('is moto by default, LocalStack when its token is set, and what --emulator says either way', () => {
    expect(chooseEmulator(undefined, {})).toBe('moto');
    expect(chooseEmulator(undefined, { LOCALSTACK_AUTH_TOKEN: 'ls-token' })).toBe('localstack');
    expect(chooseEmulator('moto', { LOCALSTACK_AUTH_TOKEN: 'ls-token' })).toBe('moto');
    expect(chooseEmulator('localstack', {})).toBe('localstack');
    expect(chooseEmulator(undefined, { LOCALSTACK_AUTH_TOKEN: '' })).toBe('moto');
  });

  it('refuses an unknown --emulator, naming the choices', () => {
    expect(parseEmulatorKind('localstack')).toBe('localstack');
    expect(() => parseEmulatorKind('minio')).toThrow(/--emulator must be moto or localstack, got "minio"/);
  });

  it('refuses LocalStack without its token, saying why and what else to use', () => {
    expect(() => localstackSettings({})).toThrow(/LOCALSTACK_AUTH_TOKEN[\s\S]*--emulator moto/);
  });
});

describe('the LocalStack container', () => {
  const settings = localstackSettings({ LOCALSTACK_AUTH_TOKEN: 'ls-secret-token' });
  const container = emulatorContainer({ settings, network: 'stedi-s1', labels: { 'org.stedi.harness': 'docker-backend' }, name: 'stedi-emulator-s1', log });

  it('is the testcontainers LocalStack module on the Pro image (Glue and Athena are Pro services)', () => {
    expect(container).toBeInstanceOf(LocalstackContainer);
    expect(inside(container).imageName.string).toBe(DEFAULT_LOCALSTACK_IMAGE);
    expect(localstackSettings({ LOCALSTACK_AUTH_TOKEN: 't', STEDI_LOCALSTACK_IMAGE: 'mirror.example/localstack-pro:4.5' }).image).toBe('mirror.example/localstack-pro:4.5');
  });

  it('gets the token through its environment and only the services the harness uses', () => {
    const env = inside(container).environment;
    expect(env.LOCALSTACK_AUTH_TOKEN).toBe('ls-secret-token');
    expect(env.SERVICES?.split(',').sort()).toEqual(['athena', 'glue', 's3', 'sts']);
  });

  it('is reachable by the emulator alias on the harness network, its port published on 127.0.0.1 only', () => {
    expect(inside(container).networkAliases).toEqual([EMULATOR_ALIAS]);
    expect(inside(container).networkMode).toBe('stedi-s1');
    expect(inside(container).environment.LOCALSTACK_HOST).toBe(`${EMULATOR_ALIAS}:4566`);
    expect(inside(container).hostConfig.PortBindings?.['4566/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '0' }]);
    expect(inside(container).createOpts.Labels['org.stedi.harness']).toBe('docker-backend');
  });

  it('moto stays the default container: the harness-built image on port 5000', () => {
    const moto = emulatorContainer({ settings: motoSettings('stedi-moto:0123'), network: 'stedi-s1', labels: {}, name: 'stedi-emulator-s1', log });
    expect(moto).not.toBeInstanceOf(LocalstackContainer);
    expect(inside(moto).imageName.string).toBe('stedi-moto:0123');
    expect(inside(moto).hostConfig.PortBindings?.['5000/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '0' }]);
    expect(inside(moto).environment.LOCALSTACK_AUTH_TOKEN).toBeUndefined();
    expect(inside(moto).environment.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE).toBe(process.env.MOTO_S3_DEFAULT_KEY_BUFFER_SIZE?.trim() || '262144'); // spools S3 objects to disk
  });
});

describe('starting an emulator whose image the engine does not have', () => {
  // An engine that has no image: inspect fails as dockerode fails for a missing image (HTTP 404).
  const noImages = { getImage: () => ({ inspect: () => Promise.reject(Object.assign(new Error('(HTTP code 404) no such image'), { statusCode: 404 })) }) } as unknown as Dockerode;

  it('names the LocalStack image and that it needs a registry and the paid token, before any pull', async () => {
    const settings = localstackSettings({ LOCALSTACK_AUTH_TOKEN: 't' });
    await expect(startEmulator(noImages, { settings, network: 'n', labels: {}, name: 'e', log })).rejects.toMatchObject({
      code: 'EMULATOR_IMAGE_NOT_FOUND',
      message: expect.stringMatching(new RegExp(`${DEFAULT_LOCALSTACK_IMAGE.replace(/[./]/g, '\\$&')} is not on this Docker engine[\\s\\S]*registry[\\s\\S]*LOCALSTACK_AUTH_TOKEN[\\s\\S]*--emulator moto`)),
    });
  });

  it('tells a missing moto image to build it', async () => {
    await expect(startEmulator(noImages, { settings: motoSettings('stedi-moto:abc'), network: 'n', labels: {}, name: 'e', log })).rejects.toThrow(/stedi-moto:abc is not on this Docker engine: run `stedi images build`/);
  });
});
