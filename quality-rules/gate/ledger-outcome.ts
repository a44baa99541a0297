/**
 * The table layer's ledger of a table as a harness rule outcome: `LedgerIssues = 0`. Like
 * SchemaDrift it is generated, not DQDL (AWS has no rule for it): the loader reads every line as
 * Athena would, so no DQDL rule sees a repaired line (trailing content, BOM, duplicate key,
 * invalid bytes, a value read as NULL) or a rejected one. Warning level while every record is in
 * the table; error level when a record is lost: a line the table layer rejected (it is in no count,
 * and Athena refuses the table over it) or a record a job lost (run.json, when known).
 */
import type { Ledger } from '../../table';
import type { RuleOutcome } from '../engine/types';

export const LEDGER_ISSUES_RULE = 'LedgerIssues = 0';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3 trailing-content, 1 malformed-json` — non-skip reasons, most frequent first. */
function reasonsText(ledger: Ledger): string {
  const skips = new Set(['blank-line', 'header-line']);
  return Object.entries(ledger.reasons as Record<string, number>)
    .filter(([reason]) => !skips.has(reason))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
}

/** The first located line of each object with issues (at most `max` objects). */
function locatedText(ledger: Ledger, max = 3): string {
  const located = ledger.objectsWithIssues
    .map((o) => o.examples.find((e) => e.outcome !== 'skipped'))
    .filter((e) => e !== undefined)
    .map((e) => `${e.key}:${e.line} ${e.reason}`);
  const more = located.length > max ? ` and ${plural(located.length - max, 'more object')}` : '';
  return located.length === 0 ? '' : `; first at ${located.slice(0, max).join(', ')}${more}`;
}

/** Records of a table lost by the jobs' readers, as run.json's `tables[].lost` carries them. */
export interface LostByJobs {
  count: number;
  /** `file:line lost by <job>: <reason>`, file relative to the table location. */
  located?: string[];
}

/** `; lost at a.json:4 lost by job: reason, ...` — the first `max` located lost records. */
function lostText(lost: LostByJobs, max = 3): string {
  const located = lost.located ?? [];
  if (located.length === 0) return '';
  const more = lost.count > max ? ` and ${plural(lost.count - Math.min(max, located.length), 'more record')}` : '';
  return `; lost: ${located.slice(0, max).join(', ')}${more}`;
}

/**
 * `lost`: records of this table a job's reader dropped or turned into error records although the
 * ledger accepted them (run.json `tables[].lost`, pipeline/reconcile-inputs.ts).
 */
export function ledgerIssuesOutcome(table: string, ledger: Ledger, lost: LostByJobs = { count: 0 }): RuleOutcome {
  const lostByJobs = lost.count;
  const issues = ledger.acceptedWithIssues + ledger.rejected;
  const lostRecords = ledger.rejected + lostByJobs;
  const outcome: RuleOutcome = {
    rule: LEDGER_ISSUES_RULE,
    outcome: issues + lostRecords === 0 ? 'Passed' : 'Failed',
    evaluatedMetrics: {
      'Dataset.*.LedgerIssues': issues,
      'Dataset.*.RecordsWithIssues': ledger.acceptedWithIssues,
      'Dataset.*.RejectedRecords': ledger.rejected,
      'Dataset.*.LostRecords': lostRecords,
    },
    level: lostRecords > 0 ? 'error' : 'warning',
    table,
    source: 'ledger',
  };
  if (outcome.outcome === 'Failed') {
    const parts: string[] = [];
    if (ledger.acceptedWithIssues > 0) parts.push(`${plural(ledger.acceptedWithIssues, 'line')} read with issues`);
    if (ledger.rejected > 0) parts.push(`${plural(ledger.rejected, 'line')} rejected (in no count)`);
    if (lostByJobs > 0) parts.push(`${plural(lostByJobs, 'record')} lost by a job's reader`);
    const refusal = ledger.athenaRefuses ? `; Athena refuses the table: ${ledger.athenaRefuses.code} at ${ledger.athenaRefuses.key}:${ledger.athenaRefuses.line}` : '';
    const reasons = reasonsText(ledger);
    outcome.failureReason = `${table}: ${parts.join(', ')}${reasons ? ` (${reasons})` : ''}${refusal}${locatedText(ledger)}${lostText(lost)}`;
  }
  return outcome;
}
