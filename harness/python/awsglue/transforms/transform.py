"""GlueTransform: `X.apply(frame=..., ...)` builds the transform and calls it, as in Glue."""

from __future__ import annotations


class GlueTransform:
    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)

    @classmethod
    def name(cls):
        return cls.__name__

    def __repr__(self):
        return f"<Transform: {self.name()}>"
