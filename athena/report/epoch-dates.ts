/**
 * Epoch-millisecond columns (bigint values like 1655564444103, as STEDI's `timestamp`,
 * `sensorReadingTime` and consent dates are) shown also as dates, so a reviewer can read them.
 * Detection looks at the values, never at column names: pipelines name their columns freely.
 */
import type { QueryResult, QueryValue } from '../engine/result';

// 2000-01-01 and 2100-01-01 UTC in ms: a bigint in this range is almost surely epoch ms; epoch
// seconds (≈1.6e9) and small counters fall far below it.
const LOWEST_MS = 946_684_800_000;
const HIGHEST_MS = 4_102_444_800_000;

function asMillis(value: QueryValue): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{12,13}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= LOWEST_MS && n < HIGHEST_MS ? n : null;
}

/** Indexes of the integer columns whose every non-null sampled value looks like epoch ms (at least one value). */
export function epochMillisColumns(result: QueryResult): Set<number> {
  const found = new Set<number>();
  result.columns.forEach((column, index) => {
    if (column.type !== 'bigint') return;
    const values = result.rows.map((row) => row[index]).filter((v) => v !== null && v !== undefined);
    if (values.length > 0 && values.every((v) => asMillis(v as QueryValue) !== null)) found.add(index);
  });
  return found;
}

/** As Athena prints `from_unixtime(ms / 1000e0)`: `2022-06-18 14:20:44.103 UTC`. */
export function formatEpochMillis(value: QueryValue): string | null {
  const ms = asMillis(value);
  if (ms === null) return null;
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}
