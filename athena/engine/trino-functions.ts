/**
 * A few Trino functions analysts use in Athena that DuckDB spells differently, defined as
 * DuckDB macros so the same SQL runs locally. Trino SQL that has no DuckDB counterpart fails
 * with DuckDB's message — this is a local stand-in for Athena, not a Trino implementation.
 */
export const TRINO_FUNCTION_MACROS: readonly string[] = [
  // Athena: from_unixtime(seconds) → timestamp; keep millisecond precision of fractional input.
  'CREATE TEMP MACRO from_unixtime(x) AS make_timestamp(CAST(round(x * 1000000) AS BIGINT))',
  'CREATE TEMP MACRO to_unixtime(t) AS epoch(t)',
  'CREATE TEMP MACRO approx_distinct(x) AS approx_count_distinct(x)',
  'CREATE TEMP MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE TEMP MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
];
