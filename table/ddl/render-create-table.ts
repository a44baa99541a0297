/**
 * A Glue catalog table → Athena DDL, laid out the way Athena's SHOW CREATE TABLE prints it, so a
 * table created by a Glue job gets a `.sql` file as reviewable as the hand-written landing DDL.
 * The output parses back (parseCreateTable) to the same TableInput.
 */
import type { Column, Table, TableInput } from '@aws-sdk/client-glue';
import { InputError } from '../../common/errors';

/** Table parameters that Athena/Glue manage themselves and SHOW CREATE TABLE leaves out. */
const MANAGED_PARAMETERS = new Set(['EXTERNAL', 'transient_lastDdlTime', 'comment']);

export function quoteDdlIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A Hive string literal that the DDL tokenizer reads back to exactly `value`. */
export function quoteDdlString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

function renderColumns(columns: Column[]): string {
  return columns
    .map((column) => {
      const comment = column.Comment !== undefined ? ` COMMENT ${quoteDdlString(column.Comment)}` : '';
      return `  ${quoteDdlIdentifier(column.Name ?? '')} ${column.Type ?? 'string'}${comment}`;
    })
    .join(',\n');
}

function renderProperties(properties: [string, string][]): string {
  return properties.map(([key, value]) => `  ${quoteDdlString(key)}=${quoteDdlString(value)}`).join(',\n');
}

/** Renders `CREATE EXTERNAL TABLE \`database\`.\`name\`(...)` for a catalog table. */
export function renderCreateTable(table: Table | TableInput, database: string): string {
  const name = table.Name;
  if (!name) throw new InputError('DDL_RENDER', `cannot render DDL for a table without a Name in database ${database}`);
  const storage = table.StorageDescriptor;
  const columns = storage?.Columns ?? [];
  if (columns.length === 0) {
    throw new InputError('DDL_RENDER', `cannot render DDL for ${database}.${name}: the catalog table has no columns`);
  }
  const parameters = table.Parameters ?? {};
  const lines: string[] = [];
  lines.push(`CREATE EXTERNAL TABLE ${quoteDdlIdentifier(database)}.${quoteDdlIdentifier(name)}(`);
  lines.push(`${renderColumns(columns)})`);
  const comment = parameters.comment ?? table.Description;
  if (comment !== undefined) lines.push(`COMMENT ${quoteDdlString(comment)}`);
  if (table.PartitionKeys && table.PartitionKeys.length > 0) {
    lines.push('PARTITIONED BY (');
    lines.push(`${renderColumns(table.PartitionKeys)})`);
  }
  const serde = storage?.SerdeInfo;
  if (serde?.SerializationLibrary) {
    lines.push('ROW FORMAT SERDE');
    lines.push(`  ${quoteDdlString(serde.SerializationLibrary)}`);
    const serdeProperties = Object.entries(serde.Parameters ?? {});
    if (serdeProperties.length > 0) {
      lines.push('WITH SERDEPROPERTIES (');
      lines.push(`${renderProperties(serdeProperties)})`);
    }
  }
  if (storage?.InputFormat && storage.OutputFormat) {
    lines.push('STORED AS INPUTFORMAT');
    lines.push(`  ${quoteDdlString(storage.InputFormat)}`);
    lines.push('OUTPUTFORMAT');
    lines.push(`  ${quoteDdlString(storage.OutputFormat)}`);
  }
  if (storage?.Location) {
    lines.push('LOCATION');
    lines.push(`  ${quoteDdlString(storage.Location)}`);
  }
  const tableProperties = Object.entries(parameters).filter(([key]) => !MANAGED_PARAMETERS.has(key));
  if (tableProperties.length > 0) {
    lines.push('TBLPROPERTIES (');
    lines.push(`${renderProperties(tableProperties)})`);
  }
  return `${lines.join('\n')}\n`;
}
