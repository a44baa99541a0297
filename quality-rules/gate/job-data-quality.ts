/**
 * In-job data quality: the outcomes of the rulesets a Glue script evaluated itself
 * (EvaluateDataQuality, kept in run.json `jobs[].dataQuality` as Glue reports them: Rule,
 * Outcome, FailureReason, EvaluatedMetrics, one per top-level rule in ruleset order) become gate
 * outcomes, marked with the job, at the level the ruleset gives its rule (`# level: warning` on
 * the line before it, as in our DQDL files; error otherwise — a Glue ruleset has no levels, every
 * rule counts).
 */
import type { RunRecord } from '../../common/run-dir';
import { tryParseDqdl } from '../dqdl/parser';
import { printRule } from '../dqdl/printer';
import type { Level } from '../dqdl/ast';
import type { RuleOutcome } from '../engine/types';

/** The gate's table label of a job's own rulesets, e.g. `job clean_orders`. */
export function jobTableLabel(job: string): string {
  return `job ${job}`;
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Levels of the ruleset's rules, by position and by rule text. */
function levelsOf(ruleset: string): { byIndex: Level[]; byText: Map<string, Level> } {
  const { document, errors } = tryParseDqdl(ruleset);
  if (errors.length > 0) return { byIndex: [], byText: new Map() };
  const entries = document.rules ?? [];
  return { byIndex: entries.map((e) => e.level), byText: new Map(entries.map((e) => [squash(printRule(e.rule)), e.level])) };
}

function outcomeOf(glue: string): RuleOutcome['outcome'] {
  return glue === 'Passed' || glue === 'Failed' ? glue : 'Error';
}

export function jobDataQualityOutcomes(record: Pick<RunRecord, 'jobs'>): RuleOutcome[] {
  const outcomes: RuleOutcome[] = [];
  record.jobs.forEach((job, j) => {
    (job.dataQuality ?? []).forEach((evaluation, k) => {
      const levels = levelsOf(evaluation.ruleset);
      const positional = levels.byIndex.length === evaluation.outcomes.length;
      evaluation.outcomes.forEach((glue, i) => {
        const level = levels.byText.get(squash(glue.Rule)) ?? (positional ? levels.byIndex[i] : undefined) ?? 'error';
        const metrics = Object.fromEntries(Object.entries(glue.EvaluatedMetrics ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
        const outcome: RuleOutcome = {
          rule: glue.Rule,
          outcome: outcomeOf(glue.Outcome),
          evaluatedMetrics: metrics,
          level,
          table: jobTableLabel(job.name),
          source: `run.json jobs[${j}].dataQuality[${k}] (EvaluateDataQuality in job ${job.name})`,
        };
        const reason = glue.FailureReason ?? (outcome.outcome === 'Error' && glue.Outcome !== 'Error' ? `Glue outcome ${JSON.stringify(glue.Outcome)}` : undefined);
        if (reason) outcome.failureReason = reason;
        outcomes.push(outcome);
      });
    });
  });
  return outcomes;
}
