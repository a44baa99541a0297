/**
 * Each rule of the STEDI ruleset (quality-rules/stedi/*.dqdl) on the small hand-built
 * dataset of test-support/stedi-fixture.ts: all pass on the consistent dataset, and each one
 * fails, with the expected message, on a copy where exactly its defect was introduced.
 */
import './jest-matchers';
import { printRule } from './dqdl/printer';
import { evaluateRules } from './engine/suite';
import { rulesOfDocument } from './engine/evaluate';
import { tablesFrom } from './engine/tables';
import type { RuleOutcome } from './engine/types';
import { STEDI_RULES_DIR } from './ruleset/stedi-rules';
import { loadRuleset } from './ruleset/load-ruleset';
import { ALICE, BOB, CAROL, stediFixture, type StediRows } from './test-support/stedi-fixture';

const { rulesets, syntaxErrors } = loadRuleset(STEDI_RULES_DIR);
const ALL_RULES = rulesets.flatMap((r) => rulesOfDocument(r.document, r.table));

async function evaluateStedi(mutate?: (f: StediRows) => void): Promise<RuleOutcome[]> {
  return evaluateRules(ALL_RULES, tablesFrom(stediFixture(mutate)));
}

function find(outcomes: RuleOutcome[], table: string, rule: string): RuleOutcome {
  const found = outcomes.filter((o) => o.table === table && o.rule.startsWith(rule));
  if (found.length !== 1) throw new Error(`expected one ${table} rule starting with ${rule}, found ${found.length}`);
  return found[0]!;
}

const first = <T>(rows: T[] | undefined): T => rows![0]!;

interface Case {
  table: string;
  rule: string;
  level: 'error' | 'warning';
  defect: string;
  mutate: (f: StediRows) => void;
  reason: string | RegExp;
}

const CASES: Case[] = [
  {
    table: 'customer_trusted',
    rule: 'IsComplete "sharewithresearchasofdate"',
    level: 'error',
    defect: 'a customer without consent date in the trusted zone (the wrong `!= 0` filter)',
    mutate: (f) => f.rows.customer_trusted!.push(f.rows.customer_landing!.find((c) => c.email === CAROL)!),
    reason: 'Value: 0.666667 does not meet the constraint requirement: 1 of 3 rows (33.33%) have NULL in sharewithresearchasofdate',
  },
  {
    table: 'customer_trusted',
    rule: 'ColumnValues "sharewithresearchasofdate" > 0',
    level: 'error',
    defect: 'a consent date of 0',
    mutate: (f) => (first(f.rows.customer_trusted).sharewithresearchasofdate = 0),
    reason: 'Value: 0.5 does not meet the constraint requirement: 1 of 2 rows (50.00%) have a sharewithresearchasofdate that fails "> 0", e.g. 0',
  },
  {
    table: 'customer_trusted',
    rule: 'IsComplete "email"',
    level: 'error',
    defect: 'a trusted customer without email',
    mutate: (f) => (first(f.rows.customer_trusted).email = null),
    reason: /1 of 2 rows \(50.00%\) have NULL in email/,
  },
  {
    table: 'accelerometer_trusted',
    rule: 'ReferentialIntegrity "user" "customer_trusted.email"',
    level: 'error',
    defect: 'a reading of a customer who did not consent',
    mutate: (f) => f.rows.accelerometer_trusted!.push({ user: CAROL, timestamp: 1300, x: 0, y: 0, z: 0 }),
    reason: `Value: 0.75 does not meet the constraint requirement (= 1.0): 1 of 4 rows of accelerometer_trusted have a user not found in customer_trusted.email, e.g. "${CAROL}"`,
  },
  {
    table: 'accelerometer_trusted',
    rule: 'IsComplete "timestamp"',
    level: 'error',
    defect: 'a reading without timestamp',
    mutate: (f) => (first(f.rows.accelerometer_trusted).timestamp = null),
    reason: /1 of 3 rows \(33.33%\) have NULL in timestamp/,
  },
  {
    table: 'accelerometer_trusted',
    rule: 'IsPrimaryKey "user" "timestamp" "x" "y" "z"',
    level: 'error',
    defect: 'a reading delivered twice',
    mutate: (f) => f.rows.accelerometer_trusted!.push({ ...first(f.rows.accelerometer_trusted) }),
    reason: `(user, timestamp, x, y, z) is not a primary key: 2 of 4 non-NULL rows share a value of user, timestamp, x, y, z with another row, e.g. "${ALICE}, 1100, 1, 0, -1" ×2`,
  },
  {
    table: 'accelerometer_landing',
    rule: 'IsComplete "user"',
    level: 'warning',
    defect: 'a reading without user',
    mutate: (f) => (first(f.rows.accelerometer_landing).user = null),
    reason: /1 of 4 rows \(25.00%\) have NULL in user/,
  },
  {
    table: 'accelerometer_landing',
    rule: 'IsComplete "timestamp"',
    level: 'warning',
    defect: 'schema drift: the timestamp field renamed',
    mutate: (f) => {
      const reading = first(f.rows.accelerometer_landing);
      reading.timeStamp_ms = reading.timestamp;
      delete reading.timestamp;
    },
    reason: /1 of 4 rows \(25.00%\) have NULL in timestamp/,
  },
  {
    table: 'customer_landing',
    rule: 'IsComplete "email"',
    level: 'warning',
    defect: 'a customer record without email',
    mutate: (f) => (first(f.rows.customer_landing).email = null),
    reason: /1 of 3 rows \(33.33%\) have NULL in email/,
  },
  {
    table: 'customer_landing',
    rule: 'IsUnique "email"',
    level: 'warning',
    defect: 'a customer registered twice',
    mutate: (f) => f.rows.customer_landing!.push({ ...first(f.rows.customer_landing) }),
    reason: new RegExp(`2 of 4 non-NULL rows share a value of email with another row, e.g. "${ALICE}" ×2`),
  },
  {
    table: 'step_trainer_landing',
    rule: 'IsPrimaryKey "serialnumber" "sensorreadingtime"',
    level: 'warning',
    defect: 'a batch of readings delivered twice',
    mutate: (f) => f.rows.step_trainer_landing!.push(...f.rows.step_trainer_landing!.map((r) => ({ ...r }))),
    reason: /8 of 8 non-NULL rows share a value of serialnumber, sensorreadingtime with another row/,
  },
  {
    table: 'accelerometer_trusted',
    rule: 'CustomSql "select count(*) from primary a where exists',
    level: 'warning',
    defect: 'a reading taken before the consent date',
    mutate: (f) => f.rows.accelerometer_trusted!.push({ user: ALICE, timestamp: 900, x: 0, y: 0, z: 0 }),
    reason: 'Value: 1 does not meet the constraint requirement (= 0)',
  },
  {
    table: 'customers_curated',
    rule: 'IsUnique "email"',
    level: 'error',
    defect: 'the email-join fan-out: one row per reading instead of per customer',
    mutate: (f) => f.rows.customers_curated!.push({ ...first(f.rows.customers_curated) }),
    reason: `Value: 0.333333 does not meet the constraint requirement: 2 of 3 non-NULL rows share a value of email with another row, e.g. "${ALICE}" ×2`,
  },
  {
    table: 'customers_curated',
    rule: 'IsComplete "email"',
    level: 'error',
    defect: 'a curated customer without email',
    mutate: (f) => (first(f.rows.customers_curated).email = null),
    reason: /1 of 2 rows \(50.00%\) have NULL in email/,
  },
  {
    table: 'customers_curated',
    rule: 'IsComplete "sharewithresearchasofdate"',
    level: 'error',
    defect: 'a curated customer without consent date',
    mutate: (f) => (first(f.rows.customers_curated).sharewithresearchasofdate = null),
    reason: /1 of 2 rows \(50.00%\) have NULL in sharewithresearchasofdate/,
  },
  {
    table: 'customers_curated',
    rule: 'ReferentialIntegrity "email" "customer_trusted.email"',
    level: 'error',
    defect: 'a curated customer who is not trusted',
    mutate: (f) => f.rows.customers_curated!.push(f.rows.customer_landing!.find((c) => c.email === CAROL)!),
    reason: new RegExp(`1 of 3 rows of customers_curated have a email not found in customer_trusted.email, e.g. "${CAROL}"`),
  },
  {
    table: 'customers_curated',
    rule: 'ReferentialIntegrity "email" "accelerometer_trusted.user"',
    level: 'error',
    defect: 'a curated customer without accelerometer data',
    mutate: (f) => (f.rows.accelerometer_trusted = f.rows.accelerometer_trusted!.filter((a) => a.user !== BOB)),
    reason: new RegExp(`1 of 2 rows of customers_curated have a email not found in accelerometer_trusted.user, e.g. "${BOB}"`),
  },
  {
    table: 'customers_curated',
    rule: 'IsUnique "serialnumber"',
    level: 'error',
    defect: 'the serial-number defect: two customers with one serial number',
    mutate: (f) => (f.rows.customers_curated!.find((c) => c.email === BOB)!.serialnumber = 'S-A'),
    reason: 'Value: 0 does not meet the constraint requirement: 2 of 2 non-NULL rows share a value of serialnumber with another row, e.g. "S-A" ×2',
  },
  {
    table: 'customers_curated',
    rule: 'CustomSql "select count(distinct c.serialnumber) from primary c join customer_landing l',
    level: 'error',
    defect: "the serial-number defect: a curated customer's serial number also handed to a customer who did not consent",
    mutate: (f) => (f.rows.customer_landing!.find((c) => c.email === CAROL)!.serialnumber = 'S-A'),
    reason: 'Value: 1 does not meet the constraint requirement (= 0)',
  },
  {
    table: 'step_trainer_trusted',
    rule: 'ReferentialIntegrity "serialnumber" "customers_curated.serialnumber"',
    level: 'error',
    defect: 'a reading of a device of a customer who did not consent',
    mutate: (f) => f.rows.step_trainer_trusted!.push(f.rows.step_trainer_landing!.find((s) => s.serialnumber === 'S-C')!),
    reason: /1 of 4 rows of step_trainer_trusted have a serialnumber not found in customers_curated.serialnumber, e.g. "S-C"/,
  },
  {
    table: 'step_trainer_trusted',
    rule: 'IsPrimaryKey "serialnumber" "sensorreadingtime"',
    level: 'error',
    defect: 'a duplicated reading',
    mutate: (f) => f.rows.step_trainer_trusted!.push({ ...first(f.rows.step_trainer_trusted) }),
    reason: '(serialnumber, sensorreadingtime) is not a primary key: 2 of 4 non-NULL rows share a value of serialnumber, sensorreadingtime with another row, e.g. "S-A, 1100" ×2',
  },
  {
    table: 'machine_learning_curated',
    rule: 'CustomSql "select (select count(*) from primary) - (select count(*) from step_trainer_trusted',
    level: 'error',
    defect: 'a row lost by the timestamp join (e.g. de-duplicated)',
    mutate: (f) => f.rows.machine_learning_curated!.pop(),
    reason: 'Value: -1 does not meet the constraint requirement (= 0)',
  },
  {
    table: 'machine_learning_curated',
    rule: 'ReferentialIntegrity "serialnumber" "customers_curated.serialnumber"',
    level: 'error',
    defect: 'a row of a device of a customer who did not consent',
    mutate: (f) => (first(f.rows.machine_learning_curated).serialnumber = 'S-C'),
    reason: /1 of 3 rows of machine_learning_curated have a serialnumber not found in customers_curated.serialnumber, e.g. "S-C"/,
  },
  {
    table: 'machine_learning_curated',
    rule: 'ColumnNamesMatchPattern "^(?!(email|customername|phone|birthday)$).*$"',
    level: 'error',
    defect: 'PII columns in the ML table',
    mutate: (f) => {
      f.schemas.machine_learning_curated = { ...f.schemas.machine_learning_curated!, email: 'string', birthday: 'string' };
    },
    reason: 'Columns that do not match the pattern: email, birthday',
  },
  {
    table: 'machine_learning_curated',
    rule: 'CustomSql "select count(*) from step_trainer_trusted s join accelerometer_trusted a',
    level: 'warning',
    defect: "a step reading at the same millisecond as another customer's phone reading",
    mutate: (f) => f.rows.step_trainer_trusted!.push({ sensorreadingtime: 1200, serialnumber: 'S-B', distancefromobject: 250 }),
    reason: 'Value: 1 does not meet the constraint requirement (= 0)',
  },
  {
    table: 'machine_learning_curated',
    rule: 'ColumnNamesMatchPattern "^(?!user$).*$"',
    level: 'warning',
    defect: 'the user column (an email address) kept in the ML table',
    mutate: (f) => {
      f.schemas.machine_learning_curated = { ...f.schemas.machine_learning_curated!, user: 'string' };
    },
    reason: 'Columns that do not match the pattern: user',
  },
];

describe('the STEDI ruleset', () => {
  it('parses', () => {
    expect(syntaxErrors).toEqual([]);
    expect(rulesets.map((r) => r.table)).toEqual([
      'accelerometer_landing',
      'accelerometer_trusted',
      'customer_landing',
      'customer_trusted',
      'customers_curated',
      'machine_learning_curated',
      'step_trainer_landing',
      'step_trainer_trusted',
    ]);
  });

  it('has a case below for every rule it contains', () => {
    const covered = ALL_RULES.map((r) => CASES.filter((c) => c.table === r.table && printRule(r.rule).startsWith(c.rule)).length);
    expect(covered.every((n) => n === 1)).toBe(true);
  });

  it('passes every rule, warnings included, on the consistent hand-built dataset', async () => {
    expect(await evaluateStedi()).toPassDataQuality({ includeWarnings: true });
  });

  describe.each(CASES.map((c) => [`${c.table}: ${c.rule}`, c] as const))('%s', (_name, c) => {
    it(`passes without the defect and fails on ${c.defect}`, async () => {
      const clean = find(await evaluateStedi(), c.table, c.rule);
      expect(clean.outcome).toBe('Passed');
      expect(clean.level).toBe(c.level);
      const broken = find(await evaluateStedi(c.mutate), c.table, c.rule);
      expect(broken.outcome).toBe('Failed');
      if (typeof c.reason === 'string') expect(broken.failureReason).toBe(c.reason);
      else expect(broken.failureReason).toMatch(c.reason);
    });
  });
});
