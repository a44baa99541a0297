"""The Glue Data Catalog through boto3: table lookup, format detection, Spark ↔ Hive types.

Table shapes follow what AWS Glue itself writes: lower-cased column names, Hive type strings,
EXTERNAL_TABLE, and the SerDe / input / output formats of each classification.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from stedi_glue import env

FORMATS = {
    "json": {
        "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "SerdeInfo": {"SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe", "Parameters": {}},
    },
    "parquet": {
        "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "SerdeInfo": {
            "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            "Parameters": {"serialization.format": "1"},
        },
    },
    "csv": {
        "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
        "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "SerdeInfo": {
            "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            "Parameters": {"field.delim": ","},
        },
    },
}


class CatalogError(RuntimeError):
    """A catalog object is missing or cannot be used; the message names it."""


@functools.lru_cache(maxsize=None)
def _client_for(endpoint: str | None, region: str):
    import boto3

    kwargs = {"region_name": region}
    if endpoint:
        kwargs.update(endpoint_url=endpoint, aws_access_key_id=env.access_key(), aws_secret_access_key=env.secret_key())
    return boto3.client("glue", **kwargs)


def client():
    return _client_for(env.aws_endpoint(), env.region())


def _is_not_found(exc: Exception) -> bool:
    return getattr(exc, "response", {}).get("Error", {}).get("Code") == "EntityNotFoundException"


@dataclass
class TableInfo:
    database: str
    name: str
    location: str
    fmt: str  # json | parquet | csv
    columns: list[tuple[str, str]]  # (name, hive type)
    partition_keys: list[tuple[str, str]]
    serde_parameters: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    serde_library: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.database}.{self.name}"


def _get_database(name: str) -> dict | None:
    try:
        return client().get_database(Name=name)["Database"]
    except Exception as exc:  # noqa: BLE001 - only "not found" is an answer, the rest re-raises
        if _is_not_found(exc):
            return None
        raise


def resolve_database(name: str) -> str | None:
    """The stored name of database `name`, matched as Glue matches names: case-insensitively.

    AWS Glue lower-cases database and table names when it stores them, so `Stedi-Human-Balance`
    and `stedi-human-balance` are one database; an emulator may keep the case it was given.
    """
    for candidate in dict.fromkeys([name, name.lower()]):
        found = _get_database(candidate)
        if found is not None:
            return found["Name"]
    lowered = name.lower()
    return next((n for n in list_database_names() if n.lower() == lowered), None)


def database_exists(name: str) -> bool:
    return resolve_database(name) is not None


def _get_table(database: str, name: str) -> dict | None:
    try:
        return client().get_table(DatabaseName=database, Name=name)["Table"]
    except Exception as exc:  # noqa: BLE001
        if _is_not_found(exc):
            return None
        raise


def get_raw_table(database: str, name: str) -> dict | None:
    """The catalog entry of `database`.`name`, names matched case-insensitively (see resolve_database)."""
    db = resolve_database(database)
    if db is None:
        return None
    for candidate in dict.fromkeys([name, name.lower()]):
        found = _get_table(db, candidate)
        if found is not None:
            return found
    lowered = name.lower()
    for page in client().get_paginator("get_tables").paginate(DatabaseName=db):
        for raw in page.get("TableList", []):
            if raw["Name"].lower() == lowered:
                return raw
    return None


def get_partitions(table: "TableInfo") -> list[dict]:
    """The registered partitions of a table (GetPartitions), each {"values": [...], "location": ...}.

    A partition without its own StorageDescriptor.Location is read where Hive would put it:
    `<table location>/<key>=<value>/...`.
    """
    out = []
    base = table.location if table.location.endswith("/") else table.location + "/"
    pages = client().get_paginator("get_partitions").paginate(DatabaseName=table.database, TableName=table.name)
    for page in pages:
        for part in page.get("Partitions", []):
            values = list(part.get("Values") or [])
            location = (part.get("StorageDescriptor") or {}).get("Location")
            if not location:
                location = base + "/".join(f"{k}={v}" for (k, _), v in zip(table.partition_keys, values)) + "/"
            out.append({"values": values, "location": location})
    return out


# Spark's session catalog accepts only these names for databases and tables
# (SessionCatalog.validateName); Glue accepts any single-line string.
_SPARK_NAME = re.compile(r"[A-Za-z0-9_]+")


def spark_can_name(name: str) -> bool:
    return bool(_SPARK_NAME.fullmatch(name))


def detect_format(table: dict) -> str:
    sd = table.get("StorageDescriptor", {})
    serde = (sd.get("SerdeInfo") or {}).get("SerializationLibrary", "") or ""
    input_format = sd.get("InputFormat", "") or ""
    classification = (table.get("Parameters") or {}).get("classification", "").lower()
    if "JsonSerDe" in serde or classification == "json":
        return "json"
    if "Parquet" in serde or "Parquet" in input_format or classification in ("parquet", "glueparquet"):
        return "parquet"
    if serde.endswith(("LazySimpleSerDe", "OpenCSVSerde")) or classification == "csv":
        return "csv"
    raise NotImplementedError(
        f"table {table.get('DatabaseName')}.{table.get('Name')}: SerDe {serde or '(none)'} / "
        f"classification {classification or '(none)'} is not supported by the local harness "
        "(json, parquet and csv are)"
    )


def get_table(database: str, name: str, *, caller: str) -> TableInfo:
    raw = get_raw_table(database, name)
    if raw is None:
        raise CatalogError(f"{caller}: table {database}.{name} not found in the Glue Data Catalog")
    return table_info(raw)


def table_info(raw: dict) -> TableInfo:
    sd = raw.get("StorageDescriptor", {})
    location = sd.get("Location")
    name = f"{raw.get('DatabaseName')}.{raw.get('Name')}"
    if not location:
        raise CatalogError(f"table {name} has no StorageDescriptor.Location")
    return TableInfo(
        database=raw["DatabaseName"],
        name=raw["Name"],
        location=location,
        fmt=detect_format(raw),
        columns=[(c["Name"], c.get("Type", "string")) for c in sd.get("Columns", [])],
        partition_keys=[(c["Name"], c.get("Type", "string")) for c in raw.get("PartitionKeys", []) or []],
        serde_parameters=dict((sd.get("SerdeInfo") or {}).get("Parameters") or {}),
        parameters=dict(raw.get("Parameters") or {}),
        serde_library=(sd.get("SerdeInfo") or {}).get("SerializationLibrary") or "",
    )


def list_tables() -> list[TableInfo]:
    """Every table of every database whose format the harness can read (others are skipped)."""
    glue = client()
    tables: list[TableInfo] = []
    for page in glue.get_paginator("get_databases").paginate():
        for db in page.get("DatabaseList", []):
            for tpage in glue.get_paginator("get_tables").paginate(DatabaseName=db["Name"]):
                for raw in tpage.get("TableList", []):
                    try:
                        tables.append(table_info(raw))
                    except (NotImplementedError, CatalogError):
                        continue
    return tables


def list_database_names() -> list[str]:
    names: list[str] = []
    for page in client().get_paginator("get_databases").paginate():
        names.extend(db["Name"] for db in page.get("DatabaseList", []))
    return names


# ---- types -------------------------------------------------------------------------------


def hive_type(data_type) -> str:
    """Hive/Glue type string of a Spark DataType (what Glue writes into Columns[].Type)."""
    from pyspark.sql import types as T

    if isinstance(data_type, T.StructType):
        inner = ",".join(f"{f.name}:{hive_type(f.dataType)}" for f in data_type.fields)
        return f"struct<{inner}>"
    if isinstance(data_type, T.ArrayType):
        return f"array<{hive_type(data_type.elementType)}>"
    if isinstance(data_type, T.MapType):
        return f"map<{hive_type(data_type.keyType)},{hive_type(data_type.valueType)}>"
    if isinstance(data_type, T.DecimalType):
        return f"decimal({data_type.precision},{data_type.scale})"
    simple = {
        T.StringType: "string", T.LongType: "bigint", T.IntegerType: "int", T.ShortType: "smallint",
        T.ByteType: "tinyint", T.DoubleType: "double", T.FloatType: "float", T.BooleanType: "boolean",
        T.TimestampType: "timestamp", T.TimestampNTZType: "timestamp", T.DateType: "date",
        T.BinaryType: "binary", T.NullType: "string",
    }
    for cls, name in simple.items():
        if isinstance(data_type, cls):
            return name
    raise NotImplementedError(f"Spark type {data_type.simpleString()} has no Glue catalog type in the local harness")


def spark_type_sql(hive: str) -> str:
    """Spark SQL type text for a Hive type string (char/varchar read as string, as Spark does)."""
    import re

    text = hive.strip()
    text = re.sub(r"\b(var)?char\s*\(\s*\d+\s*\)", "string", text, flags=re.IGNORECASE)
    text = re.sub(r"\binteger\b", "int", text, flags=re.IGNORECASE)
    return text


def is_complex(hive: str) -> bool:
    return hive.strip().lower().startswith(("struct", "array", "map"))
