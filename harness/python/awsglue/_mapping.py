"""Schema-level transforms of DynamicFrame: apply_mapping, resolveChoice, join, union."""

from __future__ import annotations

from awsglue._support import unsupported
from stedi_glue import columns as C

# Glue type names in mapping tuples → Spark SQL types; None keeps the source type.
_TYPES = {
    "string": "string", "long": "bigint", "bigint": "bigint", "int": "int", "integer": "int",
    "short": "smallint", "smallint": "smallint", "byte": "tinyint", "tinyint": "tinyint",
    "double": "double", "float": "float", "boolean": "boolean", "timestamp": "timestamp",
    "date": "date", "binary": "binary", "decimal": "decimal(10,2)",
    "array": None, "struct": None, "map": None, "choice": None, "null": None,
}


def spark_type(glue_type: str, *, call: str):
    key = str(glue_type).strip().lower()
    if key.startswith("decimal("):
        return key
    if key in _TYPES:
        return _TYPES[key]
    raise unsupported(call, f"type {glue_type!r}")


def apply_mapping(df, mappings, case_sensitive):
    """Keep only the mapped fields, renamed and cast; a target is present iff its source is."""
    from pyspark.sql import functions as F

    call = "DynamicFrame.apply_mapping"
    if isinstance(mappings, tuple):
        mappings = [mappings]
    schema = df.drop(C.PRESENT).schema
    projected, presence_terms, targets = [], [], []
    for mapping in mappings:
        if not isinstance(mapping, tuple):
            raise TypeError(f"Mapping must be specified as a tuple. Got {mapping!r}")
        if len(mapping) != 4:
            raise unsupported(call, f"mapping tuple of length {len(mapping)} (use (source, type, target, type))")
        source, _source_type, target, target_type = mapping
        target_parts = C.split_path(target)
        if len(target_parts) > 1:
            raise unsupported(call, f"nested target path {target!r}")
        resolved = C.resolve_path(schema, source, case_sensitive=bool(case_sensitive))
        if resolved is None:
            # No record has the source field, so none gets the target field.
            continue
        names, _ = resolved
        column = C.column_for(names)
        cast_to = spark_type(target_type, call=call)
        if cast_to is not None:
            column = column.cast(cast_to)
        projected.append(column.alias(target_parts[0]))
        presence_terms.append(F.when(F.array_contains(F.col(C.PRESENT), names[0]), F.lit(target_parts[0])))
        targets.append(target_parts[0])
    if len(set(targets)) != len(targets):
        raise ValueError(f"{call}: duplicate target fields in mappings: {targets}")
    presence = F.when(F.col(C.PRESENT).isNull(), F.lit(None).cast("array<string>"))
    if presence_terms:
        presence = presence.otherwise(F.array_compact(F.array(*presence_terms)))
    else:
        presence = presence.otherwise(F.array().cast("array<string>"))
    return df.select(*projected, presence.alias(C.PRESENT))


def resolve_choice(df, specs, choice):
    """Spark frames carry no choice types: cast/project specs cast, make_cols/make_struct are no-ops."""
    call = "DynamicFrame.resolveChoice"
    if specs is None and not choice:
        raise Exception("Parameter specs and option are both missing, add one.")
    if specs is not None and choice:
        raise Exception("Parameter specs and option are both specified, choose one.")
    if choice:
        if choice in ("make_cols", "make_struct"):
            return df
        raise unsupported(call, f"choice {choice!r}")
    if isinstance(specs, tuple):
        specs = [specs]
    schema = df.drop(C.PRESENT).schema
    for path, action in specs:
        kind, _, target = str(action).partition(":")
        if kind in ("make_cols", "make_struct"):
            continue
        if kind not in ("cast", "project"):
            raise unsupported(call, f"action {action!r}")
        resolved = C.resolve_path(schema, path)
        if resolved is None:
            continue
        names, _ = resolved
        if len(names) > 1:
            raise unsupported(call, f"nested path {path!r}")
        df = df.withColumn(names[0], C.column_for(names).cast(spark_type(target, call=call)))
    return df


def join_frames(left, keys1, right, keys2):
    """Inner equality join; right-side fields whose names exist on the left get a "." prefix.

    That is how Glue keeps both sides (awslabs/aws-glue-libs#76): joining on `email` = `email`
    yields `email` and `.email`. Names are matched case-sensitively, as Glue's join does.
    """
    from pyspark.sql import functions as F

    call = "DynamicFrame.join"
    if len(keys1) != len(keys2) or not keys1:
        raise ValueError(f"{call}: paths1 {keys1} and paths2 {keys2} must be non-empty and of equal length")
    left_cols, right_cols = C.data_columns(left), C.data_columns(right)
    for side, keys, cols in (("paths1", keys1, left_cols), ("paths2", keys2, right_cols)):
        for key in keys:
            if len(C.split_path(key)) > 1:
                raise unsupported(call, f"nested key {key!r}")
            if C.split_path(key)[0] not in cols:
                raise ValueError(f"{call}: {side} key {key!r} is not a field of the frame ({cols})")
    renames = {c: "." + c for c in right_cols if c in left_cols}
    l = left.select(*[F.col(C.quote(c)).alias("l" + str(i)) for i, c in enumerate(left_cols)],
                    F.col(C.PRESENT).alias("__lp"))
    r = right.select(*[F.col(C.quote(c)).alias("r" + str(i)) for i, c in enumerate(right_cols)],
                     F.col(C.PRESENT).alias("__rp"))
    condition = None
    for k1, k2 in zip(keys1, keys2):
        term = F.col("l" + str(left_cols.index(C.split_path(k1)[0]))) == F.col("r" + str(right_cols.index(C.split_path(k2)[0])))
        condition = term if condition is None else condition & term
    joined = l.join(r, condition, "inner")
    left_all = F.array(*[F.lit(c) for c in left_cols]).cast("array<string>")
    right_all = F.array(*[F.lit(c) for c in right_cols]).cast("array<string>")
    right_presence = C.rename_in_presence(F.coalesce(F.col("__rp"), right_all), renames)
    presence = F.when(F.col("__lp").isNull() & F.col("__rp").isNull(), F.lit(None).cast("array<string>")).otherwise(
        F.concat(F.coalesce(F.col("__lp"), left_all), right_presence))
    return joined.select(
        *[F.col("l" + str(i)).alias(c) for i, c in enumerate(left_cols)],
        *[F.col("r" + str(i)).alias(renames.get(c, c)) for i, c in enumerate(right_cols)],
        presence.alias(C.PRESENT),
    )


def union_frames(first, second):
    """All records of both frames; a field missing from one frame is absent in its records."""
    a = first.withColumn(C.PRESENT, C.explicit_presence(first))
    b = second.withColumn(C.PRESENT, C.explicit_presence(second))
    return a.unionByName(b, allowMissingColumns=True)
