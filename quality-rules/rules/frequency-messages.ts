/** Message text about repeated values, shared by IsUnique, Uniqueness and IsPrimaryKey. */
import type { FrequencyDetails } from '../engine/analyzers/frequencies';
import { sampleText } from '../engine/metrics';

export function duplicatesText(columns: string[], details: FrequencyDetails): string {
  const repeated = details.rows - details.singletons;
  const examples = details.duplicates.map((d) => `${sampleText([d.value])} ×${d.count}`).join(', ');
  return `${repeated} of ${details.rows} non-NULL rows share a value of ${columns.join(', ')} with another row${examples ? `, e.g. ${examples}` : ''}`;
}
