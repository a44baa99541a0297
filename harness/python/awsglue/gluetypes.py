"""DynamicRecord: what Filter and Map functions receive.

A dict holding only the fields the record carries, so `rec["absent"]` raises KeyError while a
field present with null returns None. Nested structs are DynamicRecords too; attribute access
(`rec.email`) works as in Glue.
"""

from __future__ import annotations


class DynamicRecord(dict):
    def __getattr__(self, attr):
        try:
            return self[attr]
        except KeyError as exc:
            raise AttributeError(attr) from exc

    def __setattr__(self, attr, value):
        self[attr] = value


def _convert(value):
    from pyspark.sql import Row

    if isinstance(value, Row):
        return DynamicRecord({k: _convert(v) for k, v in value.asDict(recursive=False).items()})
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


def record_from_row(row, present=None) -> DynamicRecord:
    """Top-level fields of `row` that are in `present` (all of them when present is None)."""
    fields = row.asDict(recursive=False)
    keep = None if present is None else set(present)
    return DynamicRecord({k: _convert(v) for k, v in fields.items() if keep is None or k in keep})


def revert_to_dict(value):
    if isinstance(value, dict):
        return {k: revert_to_dict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [revert_to_dict(v) for v in value]
    return value
