/** The full ledger of a table in a run directory: ledger/<database>/<table>.json (contract: common/run-dir/ledger.ts). */
import { readTableLedger, writeTableLedger } from '../common/run-dir/ledger';
import type { Ledger } from './ledger';

export function writeLedger(runDir: string, database: string, table: string, ledger: Ledger): string {
  return writeTableLedger(runDir, database, table, ledger);
}

/** The saved ledger of a table, or undefined when the run saved none (older runs). */
export function readLedger(runDir: string, database: string, table: string): Ledger | undefined {
  return readTableLedger(runDir, database, table) as Ledger | undefined;
}
