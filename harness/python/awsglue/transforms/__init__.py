"""The awsglue.transforms that Glue Studio emits, with Glue's call signatures.

Glue Studio writes `from awsglue.transforms import *`, so __all__ lists every name a script may
use, including the unsupported ones (which raise NotImplementedError naming themselves).
"""

from __future__ import annotations

from awsglue._support import unsupported
from awsglue.transforms.transform import GlueTransform


class ApplyMapping(GlueTransform):
    def __call__(self, frame, mappings, case_sensitive=False, transformation_ctx="", info="", stageThreshold=0,
                 totalThreshold=0):
        return frame.apply_mapping(mappings, case_sensitive, transformation_ctx, info, stageThreshold, totalThreshold)


class Filter(GlueTransform):
    def __call__(self, frame, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.filter(f, transformation_ctx, info, stageThreshold, totalThreshold)


class Map(GlueTransform):
    def __call__(self, frame, f, preservesPartitioning=False, transformation_ctx="", info="", stageThreshold=0,
                 totalThreshold=0):
        return frame.map(f, transformation_ctx, info, stageThreshold, totalThreshold)


class Join(GlueTransform):
    def __call__(self, frame1, frame2, keys1, keys2, transformation_ctx=""):
        return frame1.join(keys1, keys2, frame2, transformation_ctx)


class DropFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.drop_fields(paths, transformation_ctx, info, stageThreshold, totalThreshold)


class SelectFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.select_fields(paths, transformation_ctx, info, stageThreshold, totalThreshold)


class RenameField(GlueTransform):
    def __call__(self, frame, old_name, new_name, transformation_ctx="", info="", stageThreshold=0,
                 totalThreshold=0):
        return frame.rename_field(old_name, new_name, transformation_ctx, info, stageThreshold, totalThreshold)


class DropNullFields(GlueTransform):
    """Drop the top-level fields that are null (or absent) in every record."""

    def __call__(self, frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from pyspark.sql import functions as F

        df = frame.toDF()
        if not df.columns:
            return frame
        counts = df.select(*[F.count(F.col(f"`{c}`")).alias(str(i)) for i, c in enumerate(df.columns)]).first()
        empty = [c for i, c in enumerate(df.columns) if counts[str(i)] == 0]
        return frame.drop_fields([f"`{c}`" for c in empty], transformation_ctx)


class SelectFromCollection(GlueTransform):
    def __call__(self, dfc, key, transformation_ctx=""):
        return dfc.select(key, transformation_ctx)


class MapToCollection(GlueTransform):
    def __call__(self, dfc, callable, transformation_ctx=""):
        return dfc.map(callable, transformation_ctx)


class Union(GlueTransform):
    def __call__(self, frame1, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame1.union(frame2, transformation_ctx, info, stageThreshold, totalThreshold)


class ResolveChoice(GlueTransform):
    def __call__(self, frame, specs=None, choice="", database=None, table_name=None, transformation_ctx="", info="",
                 stageThreshold=0, totalThreshold=0):
        return frame.resolveChoice(specs, choice, database, table_name, transformation_ctx, info, stageThreshold,
                                   totalThreshold)


class ErrorsAsDynamicFrame(GlueTransform):
    def __call__(self, frame):
        return frame.errorsAsDynamicFrame()


def _unsupported_transform(transform_name):
    def call(self, *args, **kwargs):
        raise unsupported(f"awsglue.transforms.{transform_name}")

    return type(transform_name, (GlueTransform,), {"__call__": call})


Unbox = _unsupported_transform("Unbox")
UnnestFrame = _unsupported_transform("UnnestFrame")
Relationalize = _unsupported_transform("Relationalize")
SplitFields = _unsupported_transform("SplitFields")
SplitRows = _unsupported_transform("SplitRows")
Spigot = _unsupported_transform("Spigot")
FlatMap = _unsupported_transform("FlatMap")

__all__ = [
    "GlueTransform", "ApplyMapping", "Filter", "Map", "Join", "DropFields", "SelectFields", "RenameField",
    "DropNullFields", "SelectFromCollection", "MapToCollection", "Union", "ResolveChoice", "ErrorsAsDynamicFrame",
    "Unbox", "UnnestFrame", "Relationalize", "SplitFields", "SplitRows", "Spigot", "FlatMap",
]
