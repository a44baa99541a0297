/**
 * Writes one `.sql` file per catalog table of a run, so the tables a Glue job created (trusted,
 * curated) are documented in the same DDL form as the hand-written landing tables.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { containedPath } from '../common/contained-path';
import { readRunCatalog } from './run-catalog';
import { renderCreateTable } from '../table/ddl/render-create-table';

export interface DdlFile {
  database: string;
  table: string;
  file: string;
}

/**
 * Renders every catalog table of `runDir` into `outDir/<table>.sql`; a table name that exists in
 * two databases is written as `<database>.<table>.sql` for both so neither overwrites the other.
 */
export function tableToDdlFiles(runDir: string, outDir: string): DdlFile[] {
  const entries = readRunCatalog(runDir);
  const nameCounts = new Map<string, number>();
  for (const entry of entries) nameCounts.set(entry.name, (nameCounts.get(entry.name) ?? 0) + 1);
  fs.mkdirSync(outDir, { recursive: true });
  return entries.map((entry) => {
    const fileName = (nameCounts.get(entry.name) ?? 0) > 1 ? `${entry.database}.${entry.name}.sql` : `${entry.name}.sql`;
    const file = containedPath(outDir, [fileName], `DDL file of ${entry.database}.${entry.name}`);
    fs.writeFileSync(file, renderCreateTable(entry.table, entry.database));
    return { database: entry.database, table: entry.name, file };
  });
}
