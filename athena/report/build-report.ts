/**
 * `stedi report`: the evidence a reviewer asks for ("query these tables using Athena and take
 * screenshots") — per zone and table the validation query, its count against the expected count,
 * a sample of rows and the quality outcomes, as one HTML page, plus a PNG per table when a
 * headless Chromium is installed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, describeError } from '../../common/errors';
import { RunRecord, TableRecord, readRunRecord, runRecordPath } from '../../common/run-dir';
import { containedPath } from '../../common/contained-path';
import { tableToDdlFiles } from '../ddl-files';
import { readLedger, renderCreateTable, summariseLedger, tableFormat } from '../../table';
import { AthenaSession } from '../engine/athena-session';
import { findChromium, screenshot } from './chromium';
import { GateOption, loadGivenGate, loadSavedGate } from './load-gate';
import { MissingTable, ProblemJob, ReportModel, ReportZone, TableEvidence, countStatus } from './report-model';
import { renderReportHtml, renderTablePage } from './render-html';
import { missingTablesOf, pipelineNameOf, problemJobsOf } from './run-problems';
import { ReportVerdict, combineVerdict, gateVerdict, runVerdict } from './verdict';

export interface BuildReportOptions {
  runDir: string;
  /** The HTML file to write; default `<runDir>/report/index.html`. PNGs go beside it. */
  outFile?: string;
  /**
   * Quality outcomes to show: an array of outcomes, a gate result with `outcomes`, or the path of
   * a JSON file holding either (what `stedi check --json` prints).
   */
  gate?: GateOption;
  /** The Chromium binary; default STEDI_CHROMIUM or /usr/bin/chromium. `false` skips PNGs. */
  chromium?: string | false;
}

export interface BuildReportResult {
  /** What the report leads with: run status, gate result, counts, and the exit code they make. */
  verdict: ReportVerdict;
  htmlPath: string;
  /** The report's first screen (the verdict and what failed) as a PNG, when Chromium is installed. */
  overviewPng?: string;
  pngPaths: string[];
  /** What the report could not do (no Chromium, a failed screenshot, unreadable tables). */
  notes: string[];
  /** Count vs expected per table; tables the run lists but the catalog lacks have status `missing`. */
  tables: { table: string; count: number | null; expected: number | null; status: string }[];
}

const SAMPLE_ROWS = 10;
/** A laptop's first screen: what a reviewer sees before scrolling. */
const OVERVIEW_WIDTH = 1400;
const OVERVIEW_HEIGHT = 900;

/** The zone the pipeline definition gave the table; never guessed from its name (zones are labels). */
function zoneOf(_name: string, record: TableRecord | undefined): ReportZone {
  return record?.zone ?? 'other';
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function firstNumber(value: unknown): number | null {
  return typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}

/** A PNG viewport tall enough for the section (Chromium screenshots the window only). */
function estimateHeight(table: TableEvidence): number {
  const sampleRows = table.sample?.rowCount ?? 0;
  // Generous per-row heights: cells wrap (uuids, dates) at this width; spare white space is harmless.
  const outcomes = table.outcomes.length > 0 ? 80 + table.outcomes.length * 44 : 0;
  const height = 320 + sampleRows * 42 + outcomes + table.warnings.length * 24 + (table.error ? 100 : 0);
  return Math.min(Math.max(height, 400), 6000);
}

/** The table's ledger summary: the saved ledger file, else what run.json carries. */
function ledgerOf(runDir: string, database: string, name: string, record: TableRecord | undefined): { ledger?: TableEvidence['ledger'] } {
  try {
    const saved = readLedger(runDir, database, name);
    if (saved) return { ledger: summariseLedger(saved) };
  } catch {
    // An unreadable ledger file is reported by `stedi check`; the report falls back to run.json.
  }
  return record?.ledger ? { ledger: record.ledger } : {};
}

export async function buildReport(options: BuildReportOptions): Promise<BuildReportResult> {
  const runDir = path.resolve(options.runDir);
  if (!fs.existsSync(runRecordPath(runDir))) {
    throw new InputError('RUN_INCOMPLETE', `${runDir} has no run.json: it is not a stedi run directory`);
  }
  const record: RunRecord = readRunRecord(runDir);
  // `stedi run` saves its gate as quality.json in the run: the report shows it unless told otherwise.
  const gate = options.gate !== undefined ? loadGivenGate(options.gate) : loadSavedGate(runDir);
  const outcomes = gate?.outcomes ?? [];
  const htmlPath = path.resolve(options.outFile ?? path.join(runDir, 'report', 'index.html'));
  const outDir = path.dirname(htmlPath);
  fs.mkdirSync(outDir, { recursive: true });
  const notes: string[] = [];

  const session = await AthenaSession.open({ runDir });
  const tables: TableEvidence[] = [];
  try {
    const recordOrder = Object.keys(record.tables ?? {});
    const entries = [...session.catalog].sort((a, b) => {
      const ia = recordOrder.indexOf(a.name);
      const ib = recordOrder.indexOf(b.name);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.name.localeCompare(b.name);
    });
    for (const entry of entries) {
      const tableRecord = record.tables?.[entry.name] ?? record.tables?.[`${entry.database}.${entry.name}`];
      const qualifiedSql = `${quoteIdentifier(entry.database)}.${quoteIdentifier(entry.name)}`;
      const evidence: TableEvidence = {
        database: entry.database,
        name: entry.name,
        zone: zoneOf(entry.name, tableRecord),
        format: tableFormat(entry.table.StorageDescriptor),
        location: entry.table.StorageDescriptor?.Location ?? '',
        countSql: `SELECT COUNT(*) FROM ${qualifiedSql}`,
        count: null,
        expected: tableRecord?.expected ?? null,
        runCount: tableRecord?.rows ?? null,
        staged: tableRecord?.staged?.records ?? null,
        stagedRejectedFiles: tableRecord?.staged?.rejectedFiles ?? [],
        ...ledgerOf(runDir, entry.database, entry.name, tableRecord),
        ...(tableRecord?.lost ? { lost: tableRecord.lost } : {}),
        sampleSql: `SELECT * FROM ${qualifiedSql} LIMIT ${SAMPLE_ROWS}`,
        sample: null,
        warnings: [],
        ddl: renderCreateTable(entry.table, entry.database),
        outcomes: outcomes.filter((o) => o.table === entry.name || o.table === `${entry.database}.${entry.name}`),
      };
      try {
        const count = await session.query(evidence.countSql);
        evidence.count = firstNumber(count.rows[0]?.[0]);
        evidence.warnings = count.warnings;
        evidence.sample = await session.query(evidence.sampleSql);
      } catch (error) {
        evidence.error = describeError(error);
        notes.push(`${entry.database}.${entry.name}: ${evidence.error}`);
      }
      tables.push(evidence);
    }
  } finally {
    session.close();
  }

  const known = new Set(tables.flatMap((t) => [t.name, `${t.database}.${t.name}`]));
  const missingTables = missingTablesOf(record, known);
  const missingNames = new Set(missingTables.flatMap((t) => [t.name, `${t.database}.${t.name}`]));
  const run = runVerdict(record.status, record.jobs ?? [], record.tables ?? {}, missingNames, record.error);
  const verdict = combineVerdict(run, gate ? gateVerdict(gate) : null, {
    counted: tables.filter((t) => t.count !== null).length,
    compared: tables.filter((t) => t.expected !== null && t.count !== null).length,
    mismatched: tables.filter((t) => countStatus(t) === 'mismatch').map((t) => `${t.database}.${t.name}`),
    unreadable: tables.filter((t) => countStatus(t) === 'error').map((t) => `${t.database}.${t.name}`),
    missing: missingTables.map((t) => `${t.database}.${t.name}`),
  });
  const model: ReportModel = {
    pipelineName: pipelineNameOf(record),
    verdict,
    outcomes,
    missingTables,
    problemJobs: problemJobsOf(runDir, record),
    runId: record.runId,
    runDir,
    status: record.status,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    landing: record.landing,
    pipeline: record.pipeline,
    jobs: record.jobs ?? [],
    tables,
    unmatchedOutcomes: outcomes.filter((o) => !known.has(o.table) && !missingTables.some((m) => m.name === o.table || `${m.database}.${m.name}` === o.table)),
    generatedAt: new Date().toISOString(),
  };
  fs.writeFileSync(htmlPath, renderReportHtml(model));
  tableToDdlFiles(runDir, path.join(outDir, 'ddl'));

  const pngPaths: string[] = [];
  let overview: string | undefined;
  const chromium = options.chromium === false ? undefined : findChromium(options.chromium);
  if (options.chromium === false) {
    notes.push('PNG screenshots skipped (disabled)');
  } else if (!chromium) {
    notes.push(`PNG screenshots skipped: no Chromium found (${options.chromium ?? process.env.STEDI_CHROMIUM ?? '/usr/bin/chromium'}); install the Debian package chromium or set STEDI_CHROMIUM`);
  } else {
    // The first screen a reviewer sees: it must state the verdict (kept beside index.html).
    const overviewPng = path.join(outDir, 'overview.png');
    try {
      await screenshot({ chromium, htmlFile: htmlPath, pngFile: overviewPng, width: OVERVIEW_WIDTH, height: OVERVIEW_HEIGHT });
      overview = overviewPng;
    } catch (error) {
      notes.push(`overview: screenshot failed: ${describeError(error).split('\n')[0]}`);
    }
    const pagesDir = path.join(outDir, 'pages');
    fs.mkdirSync(pagesDir, { recursive: true });
    for (const table of tables) {
      const base = `${table.database}.${table.name}`;
      // Catalog names are remote names: the report's files stay inside its folders.
      const pageFile = containedPath(pagesDir, [`${base}.html`], `report page of ${base}`);
      const pngFile = containedPath(outDir, [`${base}.png`], `screenshot of ${base}`);
      fs.writeFileSync(pageFile, renderTablePage(model, table));
      try {
        await screenshot({ chromium, htmlFile: pageFile, pngFile, width: 1400, height: estimateHeight(table) });
        pngPaths.push(pngFile);
      } catch (error) {
        notes.push(`${base}: screenshot failed: ${describeError(error).split('\n')[0]}`);
      }
    }
  }

  return {
    verdict,
    htmlPath,
    ...(overview ? { overviewPng: overview } : {}),
    pngPaths,
    notes,
    tables: [
      ...tables.map((t) => ({ table: `${t.database}.${t.name}`, count: t.count, expected: t.expected, status: countStatus(t) })),
      ...missingTables.map((t) => ({ table: `${t.database}.${t.name}`, count: null, expected: t.expected, status: 'missing' })),
    ],
  };
}
