/**
 * Hand-written valid artifacts, one per kind, shaped as the writers make them (values from the
 * STEDI 2023 specification). Tests take copies and break one key at a time.
 */
export function sampleRunRecord(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    runId: '2026-01-02T03-04-05-678Z-abcd',
    startedAt: '2026-01-02T03:04:05.678Z',
    finishedAt: '2026-01-02T03:05:00.000Z',
    pipeline: 'glue-scripts/stedi.pipeline.yaml',
    landing: 'profile:stedi-2023:42',
    databases: ['stedi'],
    tables: {
      customer_landing: { database: 'stedi', zone: 'landing', location: 's3://stedi-lakehouse/landing/customer/', format: 'json', rows: 956, expected: 956, rejectedRecords: 0 },
      customer_trusted: { database: 'stedi', zone: 'trusted', location: 's3://stedi-lakehouse/trusted/customer/', format: 'json', rows: null, expected: 482, rejectedRecords: 0, error: 'NoSuchKey' },
    },
    jobs: [
      { name: 'customer_trusted', jobRunId: 'jr_1', state: 'SUCCEEDED', seconds: 12.5, startedOn: '2026-01-02T03:04:06.000Z', completedOn: '2026-01-02T03:04:18.500Z',
        dataQuality: [{ ruleset: 'consent', outcomes: [{ Rule: 'RowCount > 0', Outcome: 'Passed', FailureReason: null, EvaluatedMetrics: { 'Dataset.*.RowCount': 482 } }] }] },
      { name: 'customers_curated', jobRunId: null, state: 'SKIPPED', seconds: 0, skippedBecause: ['customer_trusted'] },
      { name: 'broken', jobRunId: 'jr_3', state: 'FAILED', seconds: 3, error: { type: 'AnalysisException', message: 'no column x', traceback: 'Traceback…' } },
    ],
    status: 'FAILED',
  };
}

export function sampleQualityResult(): Record<string, unknown> {
  const outcome = { rule: 'RowCount = 956', outcome: 'Passed', evaluatedMetrics: { 'Dataset.*.RowCount': 956 }, level: 'error', table: 'customer_landing', source: 'run.json' };
  const drift = { rule: 'SchemaDrift = 0', outcome: 'Failed', failureReason: '2 record(s) drift', evaluatedMetrics: { 'Dataset.*.SchemaDrift': 2 }, level: 'warning', table: 'customer_landing', source: 'loader' };
  return {
    schemaVersion: 1,
    runDir: '/tmp/run',
    rulesPath: '/tmp/rules',
    exitCode: 0,
    errors: [],
    tables: [{ table: 'customer_landing', rows: 956, rejectedRecords: 0, invalidValues: 1, problems: ['part-0.json:7: birthDay: not a date'], outcomes: [outcome, drift] }],
    outcomes: [outcome, drift],
    summary: { rules: 2, passed: 1, failed: 1, errors: 0, warningsFailed: 1 },
  };
}

export function sampleCatalogTable(): Record<string, unknown> {
  return {
    Name: 'customer_landing',
    DatabaseName: 'stedi',
    CreateTime: '2026-01-02T03:04:05.000Z',
    TableType: 'EXTERNAL_TABLE',
    Parameters: { classification: 'json' },
    PartitionKeys: [],
    StorageDescriptor: {
      Columns: [{ Name: 'email', Type: 'string' }, { Name: 'sharewithresearchasofdate', Type: 'bigint', Comment: 'epoch ms' }],
      Location: 's3://stedi-lakehouse/landing/customer/',
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      Compressed: false,
      SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { 'mapping.sharewithresearchasofdate': 'shareWithResearchAsOfDate' } },
    },
  };
}

export function sampleTableLedger(): Record<string, unknown> {
  const key = 'accelerometer-1691348231445.json';
  return {
    schemaVersion: 1,
    table: 'stedi.accelerometer_landing',
    format: 'json',
    serde: 'org.openx.data.jsonserde.JsonSerDe',
    rows: 81273,
    records: 81273,
    objects: 2,
    lines: 81275,
    accepted: 81270,
    acceptedWithIssues: 3,
    rejected: 0,
    skipped: 2,
    reasons: { 'trailing-content': 3, 'blank-line': 2 },
    objectsWithIssues: [
      {
        key,
        format: 'json',
        compression: 'none',
        lines: 40002,
        rows: 40000,
        accepted: 39997,
        acceptedWithIssues: 3,
        rejected: 0,
        skipped: 2,
        reasons: { 'trailing-content': 3, 'blank-line': 2 },
        examples: [
          { key, line: 10, outcome: 'accepted-with-issues', reason: 'trailing-content', detail: 'content after the object ignored: ","' },
          { key, line: 11, outcome: 'accepted-with-issues', reason: 'trailing-content', detail: 'content after the object ignored: ","' },
          { key, line: 12, outcome: 'accepted-with-issues', reason: 'trailing-content', detail: 'content after the object ignored: ","', column: 'user' },
          { key, line: 40001, outcome: 'skipped', reason: 'blank-line', detail: 'blank line' },
        ],
      },
    ],
    skippedObjects: [{ key: '_SUCCESS', reason: 'hidden-underscore' }],
    examplesPerReason: 20,
  };
}
