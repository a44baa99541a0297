"""DynamicFrame over a Spark DataFrame (see stedi_glue.columns for the hidden PRESENT column).

Error records (from Filter/Map exceptions or malformed input) are kept as separate DataFrames
per stage, so errorsCount() / stageErrorsCount() count them while the data never carries them.
"""

from __future__ import annotations

import json

from awsglue._support import as_list, unsupported
from stedi_glue import columns as C


class DynamicFrame:
    def __init__(self, jdf, glue_ctx, name="", *, prior_errors=(), stage_errors=None):
        # Glue passes a JVM frame here; ours is a pyspark DataFrame with the PRESENT column.
        self._df = C.with_presence(jdf)
        self.glue_ctx = glue_ctx
        self.name = name
        self._prior_errors = tuple(prior_errors)
        self._stage_errors = stage_errors

    # ---- construction & conversion --------------------------------------------------------

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name=""):
        if C.PRESENT in dataframe.columns:
            dataframe = dataframe.drop(C.PRESENT)
        return cls(C.dedupe_columns(dataframe, caller="DynamicFrame.fromDF"), glue_ctx, name)

    def toDF(self, options=None):
        if options:
            raise unsupported("DynamicFrame.toDF", "ResolveOption options")
        return self._df.drop(C.PRESENT)

    def _derive(self, df, *, stage_errors=None, others=(), name=None):
        prior = self._all_errors() + tuple(e for o in others for e in o._all_errors())
        return DynamicFrame(df, self.glue_ctx, self.name if name is None else name,
                            prior_errors=prior, stage_errors=stage_errors)

    def _all_errors(self):
        return self._prior_errors + ((self._stage_errors,) if self._stage_errors is not None else ())

    # ---- inspection -----------------------------------------------------------------------

    def count(self):
        return self._df.count()

    def schema(self):
        """The Spark StructType of the frame (Glue returns its own gluetypes.StructType)."""
        return self.toDF().schema

    def printSchema(self):
        lines = ["root"]
        _schema_lines(self.toDF().schema, "", lines)
        print("\n".join(lines))

    def show(self, num_rows=20):
        data = C.data_columns(self._df)
        for row in self._df.limit(num_rows).collect():
            values = row.asDict(recursive=True)
            present = values.pop(C.PRESENT)
            record = {k: values[k] for k in data if present is None or k in present}
            print(json.dumps(record, default=str))

    def getNumPartitions(self):
        return self._df.rdd.getNumPartitions()

    def errorsCount(self):
        return sum(e.count() for e in self._all_errors())

    def stageErrorsCount(self):
        return 0 if self._stage_errors is None else self._stage_errors.count()

    def errorsAsDynamicFrame(self):
        errors = self._all_errors()
        if not errors:
            spark = self._df.sparkSession
            return DynamicFrame(spark.createDataFrame([], C.ERROR_SCHEMA), self.glue_ctx, self.name)
        merged = errors[0]
        for extra in errors[1:]:
            merged = merged.unionByName(extra)
        return DynamicFrame(merged, self.glue_ctx, self.name)

    def assertErrorThreshold(self):
        return None

    def _check_thresholds(self, call, stage_threshold, total_threshold, result):
        if stage_threshold and result.stageErrorsCount() > int(stage_threshold):
            raise RuntimeError(f"{call}: {result.stageErrorsCount()} error records exceed stageThreshold {stage_threshold}")
        if total_threshold and result.errorsCount() > int(total_threshold):
            raise RuntimeError(f"{call}: {result.errorsCount()} error records exceed totalThreshold {total_threshold}")
        return result

    # ---- record functions -----------------------------------------------------------------

    def filter(self, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from stedi_glue.records import filter_frame

        kept, errors = filter_frame(self._df, f)
        return self._check_thresholds("Filter", stageThreshold, totalThreshold, self._derive(kept, stage_errors=errors))

    def map(self, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from stedi_glue.records import map_frame

        mapped, errors = map_frame(self._df.sparkSession, self._df, f)
        return self._check_thresholds("Map", stageThreshold, totalThreshold, self._derive(mapped, stage_errors=errors))

    # ---- field transforms -----------------------------------------------------------------

    def drop_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from pyspark.sql import functions as F

        df = self._df
        top_level = []
        for path in as_list(paths):
            resolved = C.resolve_path(df.drop(C.PRESENT).schema, path)
            if resolved is None:
                continue
            names, _ = resolved
            if len(names) == 1:
                top_level.append(names[0])
            else:
                df = df.withColumn(names[0], _drop_nested(names))
        df = df.drop(*top_level)
        if top_level:
            df = df.withColumn(C.PRESENT, F.filter(F.col(C.PRESENT), lambda x: ~x.isin(top_level)))
        return self._derive(df)

    def select_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from pyspark.sql import functions as F

        keep = []
        for path in as_list(paths):
            resolved = C.resolve_path(self.toDF().schema, path)
            if resolved is None:
                continue
            names, _ = resolved
            if len(names) > 1:
                raise unsupported("DynamicFrame.select_fields", f"nested path {path!r}")
            if names[0] not in keep:
                keep.append(names[0])
        df = self._df.select(*[F.col(C.quote(n)) for n in keep], C.PRESENT)
        df = df.withColumn(C.PRESENT, F.filter(F.col(C.PRESENT), lambda x: x.isin(keep)))
        return self._derive(df)

    def rename_field(self, oldName, newName, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from pyspark.sql import functions as F

        resolved = C.resolve_path(self.toDF().schema, oldName)
        if resolved is None:
            return self._derive(self._df)
        names, _ = resolved
        new_parts = C.split_path(newName)
        if len(names) > 1 or len(new_parts) > 1:
            raise unsupported("DynamicFrame.rename_field", f"nested path {oldName!r} -> {newName!r}")
        old, new = names[0], new_parts[0]
        df = self._df.withColumnRenamed(old, new)
        df = df.withColumn(C.PRESENT, C.rename_in_presence(F.col(C.PRESENT), {old: new}))
        return self._derive(df)

    def apply_mapping(self, mappings, case_sensitive=False, transformation_ctx="", info="", stageThreshold=0,
                      totalThreshold=0):
        from awsglue._mapping import apply_mapping

        return self._derive(apply_mapping(self._df, mappings, case_sensitive))

    def applyMapping(self, *args, **kwargs):
        if args and isinstance(args[0], DynamicFrame):
            args = args[1:]
        return self.apply_mapping(*args, **kwargs)

    def resolveChoice(self, specs=None, choice="", database=None, table_name=None, transformation_ctx="", info="",
                      stageThreshold=0, totalThreshold=0):
        from awsglue._mapping import resolve_choice

        return self._derive(resolve_choice(self._df, specs, choice))

    # ---- multi-frame ----------------------------------------------------------------------

    def join(self, paths1, paths2, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from awsglue._mapping import join_frames

        joined = join_frames(self._df, as_list(paths1), frame2._df, as_list(paths2))
        return self._derive(joined, others=(frame2,), name=self.name + frame2.name)

    def union(self, other_frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from awsglue._mapping import union_frames

        return self._derive(union_frames(self._df, other_frame._df), others=(other_frame,))

    def coalesce(self, num_partitions, shuffle=False, transformation_ctx="", info="", stageThreshold=0,
                 totalThreshold=0):
        df = self._df.repartition(int(num_partitions)) if shuffle else self._df.coalesce(int(num_partitions))
        return self._derive(df)

    def repartition(self, num_partitions, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(self._df.repartition(int(num_partitions)))

    def write(self, connection_type, connection_options={}, format=None, format_options={}, accumulator_size=0):
        return self.glue_ctx.write_dynamic_frame_from_options(self, connection_type, connection_options, format,
                                                              format_options)


_UNSUPPORTED_METHODS = ["unbox", "unnest", "relationalize", "split_fields", "split_rows", "spigot",
                        "mergeDynamicFrame", "unnest_ddb_json", "simplify_ddb_json", "with_frame_schema",
                        "mapPartitions", "mapPartitionsWithIndex", "gs_flatten", "drop_duplicates"]


def _make_unsupported(method):
    def call(self, *args, **kwargs):
        raise unsupported(f"DynamicFrame.{method}")

    call.__name__ = method
    return call


for _method in _UNSUPPORTED_METHODS:
    setattr(DynamicFrame, _method, _make_unsupported(_method))


def _drop_nested(names):
    column = C.column_for(names[:-1]).dropFields(names[-1])
    for depth in range(len(names) - 2, 0, -1):
        column = C.column_for(names[:depth]).withField(names[depth], column)
    return column


_GLUE_TYPE_NAMES = {"bigint": "long", "smallint": "short", "tinyint": "byte", "integer": "int"}


def _schema_lines(data_type, indent: str, lines: list[str]) -> None:
    from pyspark.sql import types as T

    if isinstance(data_type, T.StructType):
        for field in data_type.fields:
            inner = field.dataType
            label = _type_label(inner)
            lines.append(f"{indent}|-- {field.name}: {label}")
            if isinstance(inner, T.StructType):
                _schema_lines(inner, indent + "|    ", lines)
            elif isinstance(inner, T.ArrayType) and isinstance(inner.elementType, T.StructType):
                lines.append(f"{indent}|    |-- element: struct")
                _schema_lines(inner.elementType, indent + "|    |    ", lines)


def _type_label(data_type) -> str:
    from pyspark.sql import types as T

    if isinstance(data_type, T.StructType):
        return "struct"
    if isinstance(data_type, T.ArrayType):
        return "array"
    if isinstance(data_type, T.MapType):
        return "map"
    name = data_type.simpleString()
    return _GLUE_TYPE_NAMES.get(name, name)


class DynamicFrameCollection:
    def __init__(self, dynamic_frames, glue_ctx):
        self._glue_ctx = glue_ctx
        if isinstance(dynamic_frames, list):
            self._df_dict = {df.name: df for df in dynamic_frames}
        elif isinstance(dynamic_frames, dict):
            self._df_dict = dict(dynamic_frames)
        else:
            raise TypeError("dynamic_frames must be list or dict.")

    def __getitem__(self, key):
        return self._df_dict[key]

    def __len__(self):
        return len(self._df_dict)

    def keys(self):
        return self._df_dict.keys()

    def values(self):
        return self._df_dict.values()

    def select(self, key, transformation_ctx=""):
        """The frame under `key`; an empty frame when absent, as in Glue."""
        if key in self._df_dict:
            return self._df_dict[key]
        from stedi_glue.readers import empty_frame

        spark = self._glue_ctx.spark_session
        return DynamicFrame(empty_frame(spark), self._glue_ctx, key)

    def map(self, callable, transformation_ctx=""):
        out = {}
        for key, frame in self._df_dict.items():
            result = callable(frame, f"{transformation_ctx}:{key}")
            if not isinstance(result, DynamicFrame):
                raise TypeError(f"callable must return a DynamicFrame. Got {type(result)}")
            out[key] = result
        return DynamicFrameCollection(out, self._glue_ctx)

    def flatmap(self, f, transformation_ctx=""):
        out = {}
        for frame in self._df_dict.values():
            result = f(frame, f"{transformation_ctx}:{frame.name}")
            if isinstance(result, DynamicFrame):
                out[result.name] = result
            elif isinstance(result, DynamicFrameCollection):
                out.update(result._df_dict)
            else:
                raise TypeError(f"Function argument to flatmap must return DynamicFrame or DynamicFrameCollection. "
                                f"Got {type(result)}")
        return DynamicFrameCollection(out, self._glue_ctx)


class DynamicFrameReader:
    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(self, connection_type, connection_options={}, format=None, format_options={},
                     transformation_ctx="", push_down_predicate="", **kwargs):
        return self._glue_context.create_dynamic_frame_from_options(
            connection_type, connection_options, format, format_options, transformation_ctx, push_down_predicate,
            **kwargs)

    def from_catalog(self, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                     push_down_predicate="", additional_options={}, catalog_id=None, **kwargs):
        database = _database_arg(database, kwargs)
        return self._glue_context.create_dynamic_frame_from_catalog(
            database, table_name, redshift_tmp_dir, transformation_ctx, push_down_predicate, additional_options,
            catalog_id, **kwargs)

    def from_rdd(self, data, name, schema=None, sampleRatio=None):
        return self._glue_context.create_dynamic_frame_from_rdd(data, name, schema, sampleRatio)


class DataFrameReader:
    """glueContext.create_data_frame: the same sources, returned as Spark DataFrames."""

    def __init__(self, glue_context):
        self._reader = DynamicFrameReader(glue_context)

    def from_options(self, *args, **kwargs):
        return self._reader.from_options(*args, **kwargs).toDF()

    def from_catalog(self, *args, **kwargs):
        return self._reader.from_catalog(*args, **kwargs).toDF()


class DynamicFrameWriter:
    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(self, frame, connection_type, connection_options={}, format=None, format_options={},
                     transformation_ctx=""):
        return self._glue_context.write_dynamic_frame_from_options(
            frame, connection_type, connection_options, format, format_options, transformation_ctx)

    def from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                     additional_options={}, catalog_id=None, **kwargs):
        database = _database_arg(database, kwargs)
        return self._glue_context.write_dynamic_frame_from_catalog(
            frame, database, table_name, redshift_tmp_dir, transformation_ctx, additional_options, catalog_id)

    def from_jdbc_conf(self, *args, **kwargs):
        raise unsupported("GlueContext.write_dynamic_frame.from_jdbc_conf")


def _database_arg(database, kwargs):
    if database is not None and "name_space" in kwargs:
        raise Exception("Parameter name_space and database are both specified, choose one.")
    if database is None and "name_space" not in kwargs:
        raise Exception("Parameter name_space or database is missing.")
    return kwargs.pop("name_space") if "name_space" in kwargs else database
