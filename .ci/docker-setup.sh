#!/usr/bin/env bash
# Makes a Docker engine answer for the docker backend's suite, when it can:
#   - an engine already answers (docker info): nothing to do;
#   - else, as root on Debian/Ubuntu: apt-get install docker.io debootstrap, start dockerd in the
#     background (log: ${STEDI_DOCKERD_LOG:-/tmp/dockerd.log}) and wait for it (60 s at most).
# Always exits 0: where Docker cannot run, it says why and the docker suite skips itself
# (test/docker-backend.int.test.ts) with the same reason.
set -u
say() { echo "[docker-setup] $*"; }
started=$(date +%s)
if docker info >/dev/null 2>&1; then
  say "a Docker engine answers ($(docker info --format '{{.ServerVersion}}' 2>/dev/null)); nothing to do"
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  say "no Docker engine answers and this is not root: cannot install or start one; the docker suite will be skipped"
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no Docker engine and no apt-get to install one; the docker suite will be skipped"
    exit 0
  fi
  say "installing docker.io and debootstrap with apt-get..."
  if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null); then
    say "apt-get could not install docker.io/debootstrap; the docker suite will be skipped"
    exit 0
  fi
fi
log="${STEDI_DOCKERD_LOG:-/tmp/dockerd.log}"
say "starting dockerd (log: $log)..."
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    say "dockerd answers after $(( $(date +%s) - started )) s"
    exit 0
  fi
  sleep 1
done
say "dockerd did not answer within 60 s (a container without the privileges to run it?); last log lines:"
tail -n 15 "$log" | sed 's/^/[docker-setup]   /'
say "the docker suite will be skipped"
exit 0
