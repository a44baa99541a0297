/**
 * The Hive class names behind `STORED AS <format>` and the SerDe libraries Athena knows, and how
 * a catalog table's physical format is recognised (by SerDe / InputFormat, as Athena does: the
 * `classification` table property is only a hint written by Glue).
 */
import type { StorageDescriptor } from '@aws-sdk/client-glue';

export const TEXT_INPUT_FORMAT = 'org.apache.hadoop.mapred.TextInputFormat';
export const HIVE_TEXT_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
export const PARQUET_INPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat';
export const PARQUET_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat';
export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';
export const LAZY_SIMPLE_SERDE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
export const OPENX_JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';
export const HIVE_JSON_SERDE = 'org.apache.hive.hcatalog.data.JsonSerDe';
export const HIVE2_JSON_SERDE = 'org.apache.hadoop.hive.serde2.JsonSerDe';
export const OPEN_CSV_SERDE = 'org.apache.hadoop.hive.serde2.OpenCSVSerde';

export interface StoredAsFormat {
  inputFormat: string;
  outputFormat: string;
  /** The SerDe Hive uses when the DDL gives no ROW FORMAT. */
  serde: string;
}

export const STORED_AS_FORMATS: Record<string, StoredAsFormat> = {
  PARQUET: { inputFormat: PARQUET_INPUT_FORMAT, outputFormat: PARQUET_OUTPUT_FORMAT, serde: PARQUET_SERDE },
  TEXTFILE: { inputFormat: TEXT_INPUT_FORMAT, outputFormat: HIVE_TEXT_OUTPUT_FORMAT, serde: LAZY_SIMPLE_SERDE },
  // Hive 4 spells it JSONFILE; both are text files read by a JSON SerDe.
  JSON: { inputFormat: TEXT_INPUT_FORMAT, outputFormat: HIVE_TEXT_OUTPUT_FORMAT, serde: HIVE_JSON_SERDE },
  JSONFILE: { inputFormat: TEXT_INPUT_FORMAT, outputFormat: HIVE_TEXT_OUTPUT_FORMAT, serde: HIVE_JSON_SERDE },
  ORC: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  },
  AVRO: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
    serde: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
  },
};

export type TableFormat = 'json' | 'parquet' | 'csv' | 'text' | 'orc' | 'avro' | 'unknown';

const JSON_SERDES = new Set([OPENX_JSON_SERDE, HIVE_JSON_SERDE, HIVE2_JSON_SERDE]);

/** The physical format of a table, from its SerDe and InputFormat (what Athena reads by). */
export function tableFormat(storage: StorageDescriptor | undefined): TableFormat {
  const serde = storage?.SerdeInfo?.SerializationLibrary ?? '';
  const input = storage?.InputFormat ?? '';
  if (JSON_SERDES.has(serde)) return 'json';
  if (serde === PARQUET_SERDE || input === PARQUET_INPUT_FORMAT) return 'parquet';
  if (serde === OPEN_CSV_SERDE) return 'csv';
  if (/orc/i.test(serde) || /orc/i.test(input)) return 'orc';
  if (/avro/i.test(serde) || /avro/i.test(input)) return 'avro';
  if (serde === LAZY_SIMPLE_SERDE) return 'text';
  return 'unknown';
}

export function isJsonSerde(serde: string | undefined): boolean {
  return serde !== undefined && JSON_SERDES.has(serde);
}
