"""Make the emulated Glue Data Catalog visible to Spark SQL, as a Glue job's metastore.

For every catalog table, a hidden raw table over its S3 location (database `__stedi_raw`) and a
view `<database>.<table>` that gives the catalog's columns and types. JSON views parse each line
into a map with lower-cased keys, so camelCase keys in the files fill the lower-cased catalog
columns the way Hive's JSON SerDes do; a malformed line fails the query unless the SerDe has
`ignore.malformed.json=true`, where it reads as a row of nulls.

Partitioned tables read their REGISTERED partitions (each at its catalog location, with its
catalog values), as Glue and Athena do: files under LOCATION that no partition names are not read.

Glue accepts database and table names Spark's catalog cannot hold (`stedi-human-balance`, a
space): such tables are left out of the mirror and the job's log says so. A job that never names
them in Spark SQL runs as in Glue; one that does gets Spark's own error, as it would in Glue.

Spark caches file listings per table, so writers call `refresh_location` after each write, and
the job server re-syncs at the start of every job run (tables change between jobs). A re-sync
re-creates only tables whose definition changed; the others just forget their resolved relation
(and with it the file listing, as the session keeps no shared listing cache: see spark.py), so
the next query lists their files again. Spark's own REFRESH TABLE and DROP TABLE would list
each table's files on S3 first — a round trip per table and job for nothing.

New and changed tables are not built at once but left pending (without any mirror) until Spark
SQL may need them: see stedi_glue.sql_mirror_lazy. A job that never names a catalog table in
Spark SQL never pays for the listing that creating one costs.
"""

from __future__ import annotations

import dataclasses
import sys

from stedi_glue import catalog, sql_mirror_lazy
from stedi_glue.columns import quote, sql_string
from stedi_glue.catalog_reader import catalog_column_exprs, csv_options, schema_ddl
from stedi_glue.readers import LOWER_KEY_MAP

RAW_DB = "__stedi_raw"

_tables: dict[tuple[str, str], catalog.TableInfo] = {}
# Catalog tables whose mirror is to be built on the first Spark SQL use that may need it.
_pending: dict[tuple[str, str], catalog.TableInfo] = {}
_databases: set[str] = set()
# Table parameters a job sink rewrites on every run; the Spark SQL mirror does not depend on them.
_BOOKKEEPING = ("CreatedByJob", "CreatedByJobRun", "UpdatedByJob", "UpdatedByJobRun")


def _mirror_shape(table: catalog.TableInfo) -> catalog.TableInfo:
    """What the raw table and the view are built from: the table without its job bookkeeping."""
    kept = {k: v for k, v in table.parameters.items() if k not in _BOOKKEEPING}
    return dataclasses.replace(table, parameters=kept)


def _identifier(spark, database: str, name: str):
    jvm = spark._jvm
    return jvm.org.apache.spark.sql.catalyst.TableIdentifier(name, jvm.scala.Option.apply(database))


def _session_catalog(spark):
    # Spark's SessionCatalog (an unstable API, pinned with PySpark 3.5): drops and invalidations
    # without DropTableCommand's and REFRESH TABLE's listing of the table's files.
    return spark._jsparkSession.sessionState().catalog()


def _raw_name(table: catalog.TableInfo) -> str:
    return f"{quote(RAW_DB)}.{quote(table.database + '__' + table.name)}"


def _view_name(table: catalog.TableInfo) -> str:
    return f"{quote(table.database)}.{quote(table.name)}"


def _ensure_database(spark, name: str) -> None:
    if not spark.catalog.databaseExists(name):
        spark.sql(f"CREATE DATABASE {quote(name)}")
        _databases.add(name)


def _raw_table_ddl(table: catalog.TableInfo) -> str:
    location = sql_string(table.location)
    pcols = [(n.lower(), t) for n, t in table.partition_keys]
    if table.fmt == "json":
        columns = [("value", "string")] + pcols
        using = "text"
        options: dict[str, str] = {}
    elif table.fmt == "parquet":
        columns = table.columns + pcols
        using = "parquet"
        options = {}
    else:
        columns = table.columns + pcols
        using = "csv"
        options = csv_options(table)
    if pcols:
        # Partition discovery and recursive lookup exclude each other in Spark.
        partitioned = f" PARTITIONED BY ({', '.join(quote(n) for n, _ in pcols)})"
        located = f" LOCATION {location}"
    else:
        partitioned = ""
        located = ""
        options = {**options, "path": table.location, "recursiveFileLookup": "true"}
    opts = ""
    if options:
        opts = " OPTIONS (" + ", ".join(f"{sql_string(k)} {_option_literal(v)}" for k, v in options.items()) + ")"
    return f"CREATE TABLE {_raw_name(table)} ({schema_ddl(columns)}) USING {using}{opts}{partitioned}{located}"


def _option_literal(value: str) -> str:
    """A SQL string literal; control characters (a \\0 quote, a \\001 delimiter) as \\uXXXX escapes."""
    text = sql_string(value)
    return "".join(f"\\u{ord(c):04x}" if ord(c) < 32 else c for c in text)


def _view_ddl(table: catalog.TableInfo) -> str:
    pnames = [quote(n.lower()) for n, _ in table.partition_keys]
    if table.fmt != "json":
        names = [quote(n.lower()) for n, _ in table.columns] + pnames
        body = f"SELECT {', '.join(names) or '*'} FROM {_raw_name(table)}"
    else:
        ignore_bad = table.serde_parameters.get("ignore.malformed.json", "false").lower() == "true"
        message = sql_string(f"malformed JSON in table {table.qualified} (SerDe ignore.malformed.json is not true)")
        guard = "" if ignore_bad else f" AND (__m IS NOT NULL OR raise_error({message}) IS NULL)"
        exprs = catalog_column_exprs(table.columns) + pnames
        inner = f"SELECT {LOWER_KEY_MAP} AS __m{''.join(', ' + p for p in pnames)} FROM {_raw_name(table)} WHERE trim(value) <> ''"
        body = f"SELECT {', '.join(exprs)} FROM ({inner}) WHERE TRUE{guard}"
    return f"CREATE OR REPLACE VIEW {_view_name(table)} AS {body}"


def _drop_table(spark, table: catalog.TableInfo) -> None:
    """Drops the view and the raw table. The job server clears cached data after every run, so
    nothing cached can still refer to them (DROP TABLE would resolve the table to uncache it)."""
    session_catalog = _session_catalog(spark)
    for database, name in ((table.database, table.name), (RAW_DB, f"{table.database}__{table.name}")):
        if spark.catalog.databaseExists(database):
            ident = _identifier(spark, database, name)
            session_catalog.dropTable(ident, True, False)
            session_catalog.refreshTable(ident)  # the resolved relation is cached by name


def _add_registered_partitions(spark, table: catalog.TableInfo) -> None:
    parts = catalog.get_partitions(table)
    names = [n.lower() for n, _ in table.partition_keys]
    specs = []
    for part in parts:
        if len(part["values"]) != len(names):
            _warn(f"partition {part['values']} of {table.qualified} has {len(part['values'])} values for "
                  f"{len(names)} partition keys; left out of Spark SQL")
            continue
        values = ", ".join(
            f"{quote(n)} = " + ("NULL" if v == "__HIVE_DEFAULT_PARTITION__" else sql_string(v))
            for n, v in zip(names, part["values"]))
        specs.append(f"PARTITION ({values}) LOCATION {sql_string(part['location'])}")
    for start in range(0, len(specs), 100):
        spark.sql(f"ALTER TABLE {_raw_name(table)} ADD IF NOT EXISTS {' '.join(specs[start:start + 100])}")


def _warn(message: str) -> None:
    # Printed while the job server captures the job's output: it lands in the job's log.
    print(f"[stedi] WARN Spark SQL mirror of the Glue Data Catalog: {message}", file=sys.stderr)


def mirrorable(table: catalog.TableInfo) -> bool:
    return catalog.spark_can_name(table.database) and catalog.spark_can_name(table.name)


def sync_table(spark, table: catalog.TableInfo) -> None:
    """(Re)create the raw table and the view of one catalog table."""
    if not mirrorable(table):
        _warn(f"table {table.database!r}.{table.name!r} is not visible to spark.sql: Spark SQL names allow "
              "only letters, digits and _ (glueContext.create_dynamic_frame.from_catalog reads it)")
        return
    with sql_mirror_lazy.suspended():
        _ensure_database(spark, RAW_DB)
        _ensure_database(spark, table.database)
        _drop_table(spark, table)
        spark.sql(_raw_table_ddl(table))
        if table.partition_keys:
            _add_registered_partitions(spark, table)
        spark.sql(_view_ddl(table))
    _pending.pop((table.database, table.name), None)
    _tables[(table.database, table.name)] = table


def sync_all(spark) -> int:
    """Mirror the whole catalog: new or changed tables become pending (built on first use),
    unchanged ones only forget their cached file listings, tables gone from the catalog are
    dropped."""
    with sql_mirror_lazy.suspended():
        return _sync_all(spark)


def _sync_all(spark) -> int:
    all_dbs = set(catalog.list_database_names())
    wanted_dbs = {d for d in all_dbs if catalog.spark_can_name(d)}
    for name in sorted(all_dbs - wanted_dbs):
        _warn(f"database {name!r} and its tables are not visible to spark.sql: Spark SQL names allow only "
              "letters, digits and _ (glueContext.create_dynamic_frame.from_catalog reads them)")
    listed = [t for t in catalog.list_tables() if t.database in wanted_dbs]
    for t in listed:
        if not mirrorable(t):
            _warn(f"table {t.database!r}.{t.name!r} is not visible to spark.sql: Spark SQL names allow only "
                  "letters, digits and _ (glueContext.create_dynamic_frame.from_catalog reads it)")
    tables = {(t.database, t.name): t for t in listed if mirrorable(t)}
    for key in [k for k in _tables if k not in tables]:
        _drop_table(spark, _tables.pop(key))
    for key in [k for k in _pending if k not in tables]:
        del _pending[key]
    for name in sorted(_databases - wanted_dbs - {RAW_DB}):
        spark.sql(f"DROP DATABASE IF EXISTS {quote(name)} CASCADE")
        _databases.discard(name)
    for name in sorted(wanted_dbs):
        _ensure_database(spark, name)
    for key, table in tables.items():
        if _is_synced(spark, table):
            _refresh(spark, table)
            _tables[key] = table
        else:
            _defer(spark, table)
    return len(tables)


def _defer(spark, table: catalog.TableInfo) -> None:
    """Leave `table` to be built on first use, dropping an outdated mirror now."""
    key = (table.database, table.name)
    if key in _tables:
        _drop_table(spark, _tables.pop(key))
    _pending[key] = table
    sql_mirror_lazy.install(build_pending, lambda: list(_pending))


def build_pending(spark) -> None:
    """Build every pending mirror (Spark SQL is about to need the catalog)."""
    with sql_mirror_lazy.suspended():
        while _pending:
            _, table = _pending.popitem()
            sync_table(spark, table)


def _is_synced(spark, table: catalog.TableInfo) -> bool:
    """The mirror of `table` exists and was built from the same definition (partitions aside)."""
    synced = _tables.get((table.database, table.name))
    return (synced is not None and not table.partition_keys and _mirror_shape(synced) == _mirror_shape(table)
            and spark.catalog.tableExists(table.name, table.database))


def sync_one(spark, database: str, name: str) -> None:
    """After a sink's catalog update: re-create the mirror if the definition changed (the write
    itself already refreshed the table's files)."""
    raw = catalog.get_raw_table(database, name)
    if raw is None:
        return
    table = catalog.table_info(raw)
    with sql_mirror_lazy.suspended():
        if _is_synced(spark, table):
            _tables[(table.database, table.name)] = table
        elif mirrorable(table):
            _ensure_database(spark, table.database)
            _defer(spark, table)
        else:
            sync_table(spark, table)  # warns that spark.sql cannot see it


def _overlaps(a: str, b: str) -> bool:
    def norm(p: str) -> str:
        p = p.replace("s3a://", "s3://", 1).replace("s3n://", "s3://", 1)
        return p if p.endswith("/") else p + "/"

    a, b = norm(a), norm(b)
    return a.startswith(b) or b.startswith(a)


def refresh_location(spark, path: str) -> None:
    """Forget cached file listings of synced tables stored at or under/over `path`."""
    with sql_mirror_lazy.suspended():
        for table in list(_tables.values()):
            if _overlaps(table.location, path):
                _refresh(spark, table)


def _refresh(spark, table: catalog.TableInfo) -> None:
    if table.partition_keys:
        # Partitions may have been registered since: read the catalog's list again (on first use).
        _defer(spark, table)
        return
    _session_catalog(spark).refreshTable(_identifier(spark, RAW_DB, f"{table.database}__{table.name}"))


def drop_all(spark) -> None:
    _pending.clear()
    with sql_mirror_lazy.suspended():
        for table in list(_tables.values()):
            _drop_table(spark, table)
            _tables.clear()
        for name in sorted(_databases):
            spark.sql(f"DROP DATABASE IF EXISTS {quote(name)} CASCADE")
    _databases.clear()
