"""Loud failures for the parts of the AWS Glue API the local harness does not implement."""

from __future__ import annotations


def unsupported(call: str, detail: str = "") -> NotImplementedError:
    suffix = f": {detail}" if detail else ""
    return NotImplementedError(f"{call}{suffix} is not supported by the local harness")


def truthy(value) -> bool:
    """Glue options come as bools or as the strings "true"/"false"."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def check_keys(call: str, options: dict, allowed: set[str]) -> None:
    unknown = sorted(k for k in (options or {}) if k not in allowed)
    if unknown:
        raise unsupported(call, f"option(s) {unknown}")
