"""Column helpers shared by the DynamicFrame implementation.

A DynamicFrame is a Spark DataFrame plus one hidden column, PRESENT: the names of the top-level
fields that each record really carries. Spark cannot tell a JSON key that is absent from one that
is null; Glue's DynamicRecord can (`row["k"]` raises KeyError only when "k" is absent), and a
Filter written against that difference keeps different records. PRESENT is NULL when every
column is present (frames built from a DataFrame, Parquet, CSV). It never leaves the frame:
toDF() and every writer drop it.
"""

from __future__ import annotations

PRESENT = "__stedi_present"
ERROR_SCHEMA = "errorMessage string, record string"


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def sql_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def split_path(path: str) -> list[str]:
    """Split a Glue field path on dots outside back-ticks: "a.b" → [a, b]; "`.x`" → [".x"]."""
    parts: list[str] = []
    current: list[str] = []
    in_ticks = False
    for ch in path:
        if ch == "`":
            in_ticks = not in_ticks
        elif ch == "." and not in_ticks:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    if in_ticks or any(p == "" for p in parts):
        raise ValueError(f"invalid field path {path!r}")
    return parts


def data_columns(df) -> list[str]:
    return [c for c in df.columns if c != PRESENT]


def with_presence(df):
    """Add an all-present PRESENT column unless the DataFrame already has one."""
    from pyspark.sql import functions as F

    if PRESENT in df.columns:
        return df
    return df.withColumn(PRESENT, F.lit(None).cast("array<string>"))


def explicit_presence(df, names: list[str] | None = None):
    """PRESENT as a Column, with NULL ("all present") expanded to the given column names."""
    from pyspark.sql import functions as F

    names = data_columns(df) if names is None else names
    everything = F.array(*[F.lit(n) for n in names]).cast("array<string>")
    return F.coalesce(F.col(PRESENT), everything)


def rename_in_presence(presence_col, renames: dict[str, str]):
    from pyspark.sql import functions as F

    if not renames:
        return presence_col
    pairs = []
    for old, new in renames.items():
        pairs.extend([F.lit(old), F.lit(new)])
    mapping = F.create_map(*pairs)
    return F.transform(presence_col, lambda x: F.coalesce(F.element_at(mapping, x), x))


def find_field(schema, name: str, *, case_sensitive: bool = True):
    """The StructField called `name` (case-insensitively if asked), or None."""
    for f in schema.fields:
        if f.name == name:
            return f
    if not case_sensitive:
        lowered = name.lower()
        for f in schema.fields:
            if f.name.lower() == lowered:
                return f
    return None


def resolve_path(schema, path: str, *, case_sensitive: bool = True):
    """Resolve a dotted path to (actual names, StructField) or None when any step is missing."""
    from pyspark.sql import types as T

    names: list[str] = []
    current = schema
    found = None
    for part in split_path(path):
        if not isinstance(current, T.StructType):
            return None
        found = find_field(current, part, case_sensitive=case_sensitive)
        if found is None:
            return None
        names.append(found.name)
        current = found.dataType
    return names, found


def column_for(names: list[str]):
    from pyspark.sql import functions as F

    column = F.col(quote(names[0]))
    for name in names[1:]:
        column = column.getField(name)
    return column


def dedupe_columns(df, *, caller: str, case_insensitive: bool = False):
    """One column per name, as a DynamicRecord holds one field per name.

    `SELECT *` over a join of two tables sharing a column yields two columns of that name; Glue's
    record keeps one field: the last value written under the name, at the place of the first
    (see harness/python/tests/test_duplicate_columns.py for the sources). Each dropped column is
    named in the job's log.
    """
    import sys

    names = [c for c in df.columns]
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        groups.setdefault(name.lower() if case_insensitive else name, []).append(i)
    if all(len(g) == 1 for g in groups.values()):
        return df
    from pyspark.sql import functions as F

    positional = df.toDF(*[f"__stedi_c{i}" for i in range(len(names))])
    kept = []
    for indexes in groups.values():
        last = indexes[-1]
        kept.append(F.col(f"__stedi_c{last}").alias(names[last]))
        if len(indexes) > 1:
            dropped = ", ".join(f"#{i + 1} {names[i]!r}" for i in indexes[:-1])
            print(f"[stedi] WARN {caller}: {len(indexes)} columns named {names[last]!r}"
                  f"{' (ignoring case)' if case_insensitive else ''}; AWS Glue keeps one field per name: "
                  f"kept the last (#{last + 1} {names[last]!r}), dropped {dropped}", file=sys.stderr)
    return positional.select(*kept)
