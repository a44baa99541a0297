"""Record-at-a-time transforms (Filter, Map) with Glue's exception rules.

Filter: a KeyError, ValueError or TypeError raised by the function drops the record; any other
exception turns it into an error record (counted by errorsCount, absent from the output). Map:
any exception, or a falsy result, makes an error record. The function sees a DynamicRecord that
holds only the fields the record carries (see awsglue.gluetypes).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json

from stedi_glue.columns import PRESENT, data_columns, quote

STATUS = "__stedi_status"
KEEP, DROP, ERROR = 0, 1, 2


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _record_struct(df):
    from pyspark.sql import functions as F

    return F.struct(*[F.col(quote(c)) for c in data_columns(df)])


def filter_frame(df, f):
    """(kept DataFrame with PRESENT, error records DataFrame)."""
    from pyspark.sql import functions as F

    from awsglue.gluetypes import record_from_row

    def judge(row, present):
        record = record_from_row(row, present)
        try:
            return (KEEP if f(record) else DROP, None)
        except (KeyError, ValueError, TypeError):
            return (DROP, None)
        except Exception as exc:  # noqa: BLE001 - Glue turns these into error records
            return (ERROR, _describe(exc))

    judged = F.udf(judge, "struct<status:int,message:string>").asNondeterministic()
    scored = df.withColumn(STATUS, judged(_record_struct(df), F.col(PRESENT)))
    kept = scored.filter(F.col(STATUS + ".status") == KEEP).drop(STATUS)
    errors = scored.filter(F.col(STATUS + ".status") == ERROR).select(
        F.col(STATUS + ".message").alias("errorMessage"), F.to_json(_record_struct(df)).alias("record")
    )
    return kept, errors


def _json_default(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"value of type {type(value).__name__} cannot be stored in a DynamicRecord")


def map_frame(spark, df, f):
    """(mapped DataFrame with PRESENT, error records DataFrame); the output schema is inferred."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from awsglue.gluetypes import record_from_row, revert_to_dict
    from stedi_glue.readers import frame_from_json_texts

    def apply(row, present):
        record = record_from_row(row, present)
        try:
            result = f(record)
            if not result:
                return (ERROR, "User-specified function returned None instead of DynamicRecord", None)
            return (KEEP, None, json.dumps(revert_to_dict(result), default=_json_default))
        except Exception as exc:  # noqa: BLE001
            return (ERROR, _describe(exc), None)

    applied = F.udf(apply, "struct<status:int,message:string,json:string>").asNondeterministic()
    scored = df.withColumn(STATUS, applied(_record_struct(df), F.col(PRESENT)))
    errors = scored.filter(F.col(STATUS + ".status") == ERROR).select(
        F.col(STATUS + ".message").alias("errorMessage"), F.to_json(_record_struct(df)).alias("record")
    )
    texts = scored.filter(F.col(STATUS + ".status") == KEEP).select(F.col(STATUS + ".json").alias("value"))
    mapped, _ = frame_from_json_texts(spark, texts)
    # JSON has no timestamp/date/decimal/binary: restore the input type of unchanged fields.
    original = {f.name: f.dataType for f in df.schema.fields}
    restorable = (T.TimestampType, T.DateType, T.DecimalType)
    projected = []
    for name in data_columns(mapped):
        source_type = original.get(name)
        if isinstance(source_type, restorable) and isinstance(mapped.schema[name].dataType, T.StringType):
            projected.append(F.col(quote(name)).cast(source_type).alias(name))
        else:
            projected.append(F.col(quote(name)))
    return mapped.select(*projected, PRESENT), errors
