/**
 * The STEDI tables' catalog schemas as the Glue catalog holds them (lower-cased names), and
 * the expected row counts of the 2023 starter data from DESIGN.md §2. Used to build run
 * directories for tests; the pipeline's own DDL is the pipeline team's and may differ in
 * details the rules do not depend on.
 */
import { STEDI_2023_COUNTS } from '../../spec/stedi-2023';
import type { ColumnKind } from '../load/schema';
import type { Zone } from '../../common/run-dir';

export const CUSTOMER_COLUMNS: Record<string, ColumnKind> = {
  customername: 'string',
  email: 'string',
  phone: 'string',
  birthday: 'string',
  serialnumber: 'string',
  registrationdate: 'bigint',
  lastupdatedate: 'bigint',
  sharewithresearchasofdate: 'bigint',
  sharewithpublicasofdate: 'bigint',
  sharewithfriendsasofdate: 'bigint',
};

export const ACCELEROMETER_COLUMNS: Record<string, ColumnKind> = {
  user: 'string',
  timestamp: 'bigint',
  x: 'double',
  y: 'double',
  z: 'double',
};

export const STEP_TRAINER_COLUMNS: Record<string, ColumnKind> = {
  sensorreadingtime: 'bigint',
  serialnumber: 'string',
  distancefromobject: 'int',
};

/** As glue-scripts/machine_learning_curated.py selects it: no `user` (an email address). */
export const MACHINE_LEARNING_COLUMNS: Record<string, ColumnKind> = {
  ...STEP_TRAINER_COLUMNS,
  timestamp: 'bigint',
  x: 'double',
  y: 'double',
  z: 'double',
};

export interface StediTableDef {
  zone: Zone;
  columns: Record<string, ColumnKind>;
}

export const STEDI_TABLES: Record<string, StediTableDef> = {
  customer_landing: { zone: 'landing', columns: CUSTOMER_COLUMNS },
  accelerometer_landing: { zone: 'landing', columns: ACCELEROMETER_COLUMNS },
  step_trainer_landing: { zone: 'landing', columns: STEP_TRAINER_COLUMNS },
  customer_trusted: { zone: 'trusted', columns: CUSTOMER_COLUMNS },
  accelerometer_trusted: { zone: 'trusted', columns: ACCELEROMETER_COLUMNS },
  customers_curated: { zone: 'curated', columns: CUSTOMER_COLUMNS },
  step_trainer_trusted: { zone: 'trusted', columns: STEP_TRAINER_COLUMNS },
  machine_learning_curated: { zone: 'curated', columns: MACHINE_LEARNING_COLUMNS },
};

/** DESIGN.md §2, verified on the real 2023 starter data. */
export const STEDI_2023_EXPECTED_ROWS: Record<string, number> = { ...STEDI_2023_COUNTS };

/** DESIGN.md §2: pairs of machine_learning_curated mixing two customers, and pre-consent readings. */
export { STEDI_2023_CROSS_CUSTOMER_PAIRS, STEDI_2023_PRE_CONSENT_READINGS } from '../../spec/stedi-2023';
