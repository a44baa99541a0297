/**
 * Metric names as Glue DQ and Deequ's DQDL evaluator report them: `<entity>.<instance>.<name>`
 * with entity Dataset, Column or Multicolumn (instance `*` for the whole dataset, column
 * names comma-joined for Multicolumn). Keeping the names identical lets the Deequ parity test
 * compare metric by metric.
 */
export function datasetMetric(name: string, instance = '*'): string {
  return `Dataset.${instance}.${name}`;
}

export function columnMetric(columns: string[], name: string): string {
  return columns.length === 1 ? `Column.${columns[0]}.${name}` : `Multicolumn.${columns.join(',')}.${name}`;
}

export function whereSuffix(where: string | undefined): string {
  return where === undefined ? '' : ` where ${where}`;
}

/** Short sample text for messages: at most `max` values, each at most 40 characters. */
export function sampleText(values: unknown[], max = 3): string {
  return values
    .slice(0, max)
    .map((v) => {
      const text = v === null ? 'NULL' : typeof v === 'string' ? JSON.stringify(v) : String(v);
      return text.length > 40 ? `${text.slice(0, 37)}...` : text;
    })
    .join(', ');
}
