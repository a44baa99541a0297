/**
 * What a failed image build tells its user: the Dockerfile step that failed, what went wrong in
 * words, what to install or make reachable, then the step's last output. Recognised from the
 * step's command and its output (pip's and apt's own messages), so the same step gets different
 * advice for "PyPI unreachable" and "no such version".
 */

/** apt colours its messages (`ESC[1;31mE: ESC[0mUnable to locate package xESC[0m`): matched and shown without. */
export function withoutAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** What to do, from the failing step's command and what it printed. */
export function buildHint(step: string, printed = ''): string {
  const output = withoutAnsi(printed);
  const missingPython = /No matching distribution found for ([^\s]+)|Could not find a version that satisfies the requirement ([^\s]+)/.exec(output);
  if (/CERTIFICATE_VERIFY_FAILED|SSLError|certificate verify failed/i.test(output)) {
    return 'TLS verification failed inside the build: behind a TLS-inspecting proxy set STEDI_CA_BUNDLE to its CA bundle (PEM), which the build installs and pip uses (PIP_CERT)';
  }
  if (missingPython) {
    const requirement = missingPython[1] ?? missingPython[2];
    return `pip found no installable ${requirement}: PyPI must be reachable from the build (--network host; set https_proxy for a proxy), and behind a TLS-inspecting proxy pip sees "no versions" unless STEDI_CA_BUNDLE names the proxy's CA bundle (PEM). If PyPI is reachable, ${requirement} has no release for the image's Python 3.11 (harness/runtime/requirements.lock)`;
  }
  const missingDebian = /Unable to locate package ([^\s]+)|Package '?([^\s']+)'? has no installation candidate/.exec(output);
  if (missingDebian) {
    return `Debian has no package ${missingDebian[1] ?? missingDebian[2]} in the base's sources: the base must be Debian bookworm (STEDI_DOCKER_BASE forces one; the default is debian:bookworm-slim or a debootstrap-made bookworm)`;
  }
  if (/Temporary failure resolving|Could not resolve|Failed to fetch|Network is unreachable|Connection timed out/i.test(output) && /apt-get/.test(step)) {
    return "the build could not reach Debian's package mirror (deb.debian.org): it must be reachable from the build, which runs with --network host (set http_proxy / https_proxy for a proxy)";
  }
  if (/No space left on device/i.test(output)) return 'the Docker engine ran out of disk: free space under its data root (`docker system df`, `docker image prune`)';
  if (/apt-get/.test(step)) return "the build could not install Debian packages: Debian's package mirror (deb.debian.org) must be reachable from the build, which runs with --network host (set http_proxy / https_proxy for a proxy)";
  if (/pip install/.test(step)) return 'the build could not install the Python lock from PyPI: PyPI must be reachable from the build (--network host); behind a TLS-inspecting proxy set STEDI_CA_BUNDLE to its CA bundle (PEM)';
  if (/sha1sum/.test(step)) return 'a cached jar does not match its pinned SHA-1: delete ~/.cache/stedi-harness/jars and run `stedi provision`';
  if (/java -version|pyspark/.test(step)) return 'the image does not have Java 17 and Python 3.11 with PySpark: is the base Debian bookworm (STEDI_DOCKER_BASE)?';
  return 'see the build output below';
}

export interface BuildFailure {
  tag: string;
  dockerfile: string;
  base: string;
  /** The `Step n/m : ...` line of the failing step. */
  step: string;
  /** The engine's error ("The command '/bin/sh -c ...' returned a non-zero code: 1"). */
  error: string;
  /** The last lines of build output. */
  tail: string[];
}

export function buildFailureMessage(failure: BuildFailure): string {
  const output = withoutAnsi(failure.tail.join('\n'));
  return [
    `building ${failure.tag} (${failure.dockerfile}, BASE=${failure.base}) failed at ${failure.step}: ${failure.error}`,
    `What to do: ${buildHint(failure.step, output)}`,
    '--- last build output ---',
    output,
  ].join('\n');
}
