"""When the Spark SQL mirror of the Glue Data Catalog must be complete.

Building a table's mirror costs a listing of its S3 files (Spark lists them when the table is
created) and a few catalog commands; most Glue jobs never name a catalog table in Spark SQL
(they read through create_dynamic_frame.from_catalog and query temp views of their frames). So
sql_sync leaves new or changed tables *pending* and builds them on the first Spark SQL use
that may need them:

- `spark.sql(text)`: unless the text is a query (SELECT/WITH/FROM/VALUES/parenthesis) whose
  every name that could be a pending table is an unqualified temp view of the session (the usual
  `createOrReplaceTempView` + `spark.sql` of a Glue Studio script). A query that still fails for a
  missing table or database is run again after the build: the check errs on the side of building.
- `spark.table`, `spark.read.table`, `DataFrameWriter.saveAsTable/insertInto`,
  `SQLContext.tables/tableNames` and any `spark.catalog` call (listTables, tableExists, cacheTable,
  setCurrentDatabase, ...) other than dropping temp views, clearing the cache and functions.

A pending table has no mirror at all (an outdated one is dropped when it becomes pending), so a
query can never read a stale definition.
"""

from __future__ import annotations

import contextlib
import functools
import re

_QUERY_START = re.compile(r"^\s*(\(|select\b|with\b|from\b|values\b|table\b)", re.IGNORECASE)
# Catalog calls that neither read nor depend on catalog tables.
_CATALOG_NEUTRAL = {"dropTempView", "dropGlobalTempView", "clearCache", "registerFunction", "listFunctions",
                    "functionExists", "getFunction"}
_PATCHED = "_stedi_lazy_mirror"

_suspended = 0


@contextlib.contextmanager
def suspended():
    """The harness's own Spark SQL and catalog calls (syncing, cleaning) build nothing."""
    global _suspended
    _suspended += 1
    try:
        yield
    finally:
        _suspended -= 1


def needs_mirror(spark, text: str, pending: list[tuple[str, str]]) -> bool:
    """Whether `spark.sql(text)` may name one of the `pending` (database, table) pairs."""
    if not pending:
        return False
    if not _QUERY_START.match(text):
        return True  # a command (SHOW TABLES, USE, DESCRIBE, CREATE/DROP ...): build first
    lowered = text.lower()
    session_catalog = spark._jsparkSession.sessionState().catalog()
    current = session_catalog.getCurrentDatabase().lower()
    for database, name in pending:
        db, tb = re.escape(database.lower()), re.escape(name.lower())
        if re.search(rf"`?{db}`?\s*\.\s*`?{tb}`?(?![\w`])", lowered):
            return True
        bare = re.search(rf"(?<![\w.`]){tb}(?![\w`])|`{tb}`", lowered)
        if bare and database.lower() == current and not session_catalog.getTempView(name).isDefined():
            return True
    return False


def _missing_relation(exc: BaseException) -> bool:
    error_class = getattr(exc, "getErrorClass", lambda: None)()
    return error_class in ("TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND")


def install(build_pending, pending_names) -> None:
    """Hook PySpark's SQL and catalog entry points (once per process).

    `build_pending(spark)` builds every pending mirror; `pending_names()` lists them.
    """
    from pyspark.sql import Catalog, DataFrameReader, DataFrameWriter, SparkSession, SQLContext
    from pyspark.errors import AnalysisException

    if getattr(SparkSession, _PATCHED, False):
        return

    def active() -> bool:
        return _suspended == 0 and bool(pending_names())

    original_sql = SparkSession.sql

    @functools.wraps(original_sql)
    def sql(self, sqlQuery, *args, **kwargs):
        if active() and needs_mirror(self, str(sqlQuery), pending_names()):
            build_pending(self)
        try:
            return original_sql(self, sqlQuery, *args, **kwargs)
        except AnalysisException as exc:
            if not (active() and _missing_relation(exc)):
                raise
            build_pending(self)
            return original_sql(self, sqlQuery, *args, **kwargs)

    def building_first(method, session_of):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if active():
                build_pending(session_of(self))
            return method(self, *args, **kwargs)
        return wrapper

    SparkSession.sql = sql
    SparkSession.table = building_first(SparkSession.table, lambda s: s)
    DataFrameReader.table = building_first(DataFrameReader.table, lambda r: r._spark)
    for name in ("tables", "tableNames"):  # SQLContext's own catalog listings (the JVM's, directly)
        setattr(SQLContext, name, building_first(getattr(SQLContext, name), lambda c: c.sparkSession))
    for name in ("saveAsTable", "insertInto"):
        setattr(DataFrameWriter, name, building_first(getattr(DataFrameWriter, name), lambda w: w._spark))
    for name, member in list(vars(Catalog).items()):
        if callable(member) and not name.startswith("_") and name not in _CATALOG_NEUTRAL:
            setattr(Catalog, name, building_first(member, lambda c: c._sparkSession))
    setattr(SparkSession, _PATCHED, True)
