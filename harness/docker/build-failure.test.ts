import { buildFailureMessage, buildHint } from './build-failure';

/** Output as pip, apt and the engine print it when a step of docker/*.Dockerfile fails. */
const PIP_STEP = 'Step 7/17 : RUN python3 -m venv /opt/stedi/venv  && /opt/stedi/venv/bin/pip install -r /opt/stedi/requirements.lock';
const PIP_NO_VERSIONS = [
  'Collecting boto3==1.44.8 (from -r /opt/stedi/requirements.lock (line 3))',
  'ERROR: Could not find a version that satisfies the requirement pyspark==3.5.4 (from versions: none)',
  'ERROR: No matching distribution found for pyspark==3.5.4',
];
const APT_STEP = 'Step 3/14 : RUN mkdir -p /usr/share/man/man1  && apt-get update  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless python3 python3-venv procps';

describe('a failed image build', () => {
  it('names the step, the Dockerfile and the base, and says what to do when pip finds no distribution', () => {
    const message = buildFailureMessage({
      tag: 'stedi-glue:0123456789abcdef',
      dockerfile: 'docker/glue.Dockerfile',
      base: 'stedi-debian:bookworm-minbase',
      step: PIP_STEP,
      error: "The command '/bin/sh -c python3 -m venv /opt/stedi/venv ...' returned a non-zero code: 1",
      tail: PIP_NO_VERSIONS,
    });
    const [first, advice] = message.split('\n');
    expect(first).toContain('building stedi-glue:0123456789abcdef (docker/glue.Dockerfile, BASE=stedi-debian:bookworm-minbase) failed at Step 7/17 : RUN python3 -m venv');
    expect(first).toContain('returned a non-zero code: 1');
    expect(advice).toMatch(/^What to do: pip found no installable pyspark==3\.5\.4: PyPI must be reachable/);
    expect(advice).toContain('STEDI_CA_BUNDLE');
    expect(message).toContain('ERROR: No matching distribution found for pyspark==3.5.4');
  });

  it('says to set the CA bundle when TLS verification fails', () => {
    const output = "WARNING: Retrying ... SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain'))";
    expect(buildHint(PIP_STEP, output)).toMatch(/^TLS verification failed inside the build: .*STEDI_CA_BUNDLE/);
  });

  it('names a Debian package the base does not have, and what base it must be', () => {
    expect(buildHint(APT_STEP, 'E: Unable to locate package openjdk-17-jre-headless')).toMatch(/no package openjdk-17-jre-headless .*bookworm .*STEDI_DOCKER_BASE/);
    expect(buildHint(APT_STEP, "E: Package 'python3-venv' has no installation candidate")).toContain('no package python3-venv');
    // As apt prints it on a terminal-less build: coloured.
    const coloured = '\u001b[1;31mE: \u001b[0mUnable to locate package stedi-x\u001b[0m';
    expect(buildHint(APT_STEP, coloured)).toContain('no package stedi-x in the base');
    expect(buildFailureMessage({ tag: 't', dockerfile: 'd', base: 'b', step: APT_STEP, error: 'e', tail: [coloured] })).toContain('\nE: Unable to locate package stedi-x');
  });

  it("says the Debian mirror must be reachable when apt cannot resolve it", () => {
    const output = "Err:1 http://deb.debian.org/debian bookworm InRelease\n  Temporary failure resolving 'deb.debian.org'\nE: Unable to fetch some archives";
    expect(buildHint(APT_STEP, output)).toMatch(/could not reach Debian's package mirror \(deb\.debian\.org\).*http_proxy/);
  });

  it('falls back on the kind of step, and on the output below for anything else', () => {
    expect(buildHint('Step 9/16 : RUN cd /opt/stedi/jars && sha1sum -c jars.sha1', 'hadoop-aws-3.3.4.jar: FAILED')).toMatch(/stedi provision/);
    expect(buildHint('Step 2/3 : COPY x y', 'no such file')).toBe('see the build output below');
    expect(buildHint(APT_STEP, 'write /var/lib/docker/tmp/x: No space left on device')).toMatch(/out of disk/);
  });
});
