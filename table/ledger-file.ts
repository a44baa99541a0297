/** The full ledger of a table in a run directory: ledger/<database>/<table>.json. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { containedPath } from '../common/contained-path';
import { InputError } from '../common/errors';
import type { Ledger } from './ledger';

export function ledgerFilePath(runDir: string, database: string, table: string): string {
  return containedPath(path.join(runDir, 'ledger'), [database, `${table}.json`], `ledger of ${database}.${table}`);
}

export function writeLedger(runDir: string, database: string, table: string, ledger: Ledger): string {
  const file = ledgerFilePath(runDir, database, table);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(ledger, null, 2)}\n`);
  return file;
}

/** The saved ledger of a table, or undefined when the run saved none (older runs). */
export function readLedger(runDir: string, database: string, table: string): Ledger | undefined {
  const file = ledgerFilePath(runDir, database, table);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Ledger;
  } catch (error) {
    throw new InputError('LEDGER_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, error);
  }
}
