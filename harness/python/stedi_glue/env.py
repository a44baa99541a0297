"""Environment contract shared with the TypeScript harness (see job_server's docstring).

Everything binds to loopback: a non-loopback AWS endpoint is refused unless the user chose the
real-AWS backend explicitly (STEDI_BACKEND=aws), so a mis-set variable can never send fake
credentials or test data to a remote host.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlparse

DEFAULT_REGION = "us-east-1"


class EnvironmentProblem(RuntimeError):
    """The process environment cannot run jobs (missing Java, bad endpoint, ...)."""


def backend() -> str:
    return os.environ.get("STEDI_BACKEND", "local").strip().lower() or "local"


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_container_emulator(host: str) -> bool:
    """On the docker backend the emulator is a container on the harness's own user network,
    reached by its network alias (STEDI_EMULATOR_ALIAS); that one name, and only there, is
    accepted besides loopback."""
    alias = os.environ.get("STEDI_EMULATOR_ALIAS", "")
    return backend() == "docker" and bool(alias) and host.lower() == alias.lower()


def aws_endpoint() -> str | None:
    """The emulator endpoint (None only on the aws backend, where the SDK defaults apply)."""
    endpoint = os.environ.get("STEDI_AWS_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        if backend() == "aws":
            return None
        raise EnvironmentProblem(
            "STEDI_AWS_ENDPOINT is not set: the local backend needs the emulator endpoint, "
            "e.g. http://127.0.0.1:5000 (set STEDI_BACKEND=aws to use real AWS)"
        )
    check_endpoint(endpoint)
    return endpoint


def check_endpoint(endpoint: str) -> None:
    parsed = urlparse(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise EnvironmentProblem(
            f"STEDI_AWS_ENDPOINT={endpoint!r} is not an http(s) URL with a host"
        )
    if not is_loopback_host(parsed.hostname) and backend() != "aws" and not is_container_emulator(parsed.hostname):
        raise EnvironmentProblem(
            f"STEDI_AWS_ENDPOINT={endpoint!r} is not a loopback address; the local harness only "
            "talks to 127.0.0.1 (set STEDI_BACKEND=aws to target real AWS on purpose)"
        )


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


def access_key() -> str:
    return os.environ.get("AWS_ACCESS_KEY_ID", "testing")


def secret_key() -> str:
    return os.environ.get("AWS_SECRET_ACCESS_KEY", "testing")
