/**
 * A tiny, consistent, hand-built STEDI dataset (three customers, one without research
 * consent) whose trusted and curated tables follow DESIGN.md §2, so every STEDI rule passes.
 * Tests mutate one table to make one rule fail: `stediFixture((t) => t.customers_curated.push(...))`.
 */
import type * as arrow from 'apache-arrow';
import { tableFromRows } from '../load/rows';
import type { ColumnKind } from '../load/schema';
import { ACCELEROMETER_COLUMNS, CUSTOMER_COLUMNS, MACHINE_LEARNING_COLUMNS, STEP_TRAINER_COLUMNS } from './stedi-schemas';

export type Row = Record<string, unknown>;

export interface StediRows {
  rows: Record<string, Row[]>;
  schemas: Record<string, Record<string, ColumnKind>>;
}

function customer(name: string, serial: string, consent: number | null): Row {
  const email = `${name.toLowerCase()}@example.test`;
  return {
    customername: name,
    email,
    phone: '8015550100',
    birthday: '1990-01-01',
    serialnumber: serial,
    registrationdate: 500,
    lastupdatedate: 500,
    sharewithresearchasofdate: consent,
    sharewithpublicasofdate: null,
    sharewithfriendsasofdate: null,
  };
}

export const ALICE = 'alice@example.test';
export const BOB = 'bob@example.test';
export const CAROL = 'carol@example.test';

/** The landing feeds: Carol never consented; readings start after each consent date. */
export function stediLanding(): Record<string, Row[]> {
  return {
    customer_landing: [customer('Alice', 'S-A', 1000), customer('Bob', 'S-B', 2000), customer('Carol', 'S-C', null)],
    accelerometer_landing: [
      { user: ALICE, timestamp: 1100, x: 1, y: 0, z: -1 },
      { user: ALICE, timestamp: 1200, x: 0, y: 1, z: -1 },
      { user: BOB, timestamp: 2100, x: 1, y: 1, z: 0 },
      { user: CAROL, timestamp: 1300, x: 0, y: 0, z: 0 },
    ],
    step_trainer_landing: [
      { sensorreadingtime: 1100, serialnumber: 'S-A', distancefromobject: 200 },
      { sensorreadingtime: 1200, serialnumber: 'S-A', distancefromobject: 210 },
      { sensorreadingtime: 2100, serialnumber: 'S-B', distancefromobject: 220 },
      { sensorreadingtime: 1300, serialnumber: 'S-C', distancefromobject: 230 },
    ],
  };
}

/** Derives the trusted and curated tables from landing rows as DESIGN.md §2 defines them. */
export function deriveStedi(landing: Record<string, Row[]>): Record<string, Row[]> {
  const customerTrusted = landing.customer_landing!.filter((c) => c.sharewithresearchasofdate != null);
  const trustedEmails = new Set(customerTrusted.map((c) => c.email));
  const accelerometerTrusted = landing.accelerometer_landing!.filter((a) => trustedEmails.has(a.user));
  const users = new Set(accelerometerTrusted.map((a) => a.user));
  const customersCurated = customerTrusted.filter((c) => users.has(c.email));
  const serials = new Set(customersCurated.map((c) => c.serialnumber));
  const stepTrusted = landing.step_trainer_landing!.filter((s) => serials.has(s.serialnumber));
  const machineLearning = stepTrusted.flatMap((s) =>
    accelerometerTrusted
      .filter((a) => a.timestamp === s.sensorreadingtime)
      .map((a) => ({ ...s, timestamp: a.timestamp, x: a.x, y: a.y, z: a.z })),
  );
  return {
    ...landing,
    customer_trusted: customerTrusted,
    accelerometer_trusted: accelerometerTrusted,
    customers_curated: customersCurated,
    step_trainer_trusted: stepTrusted,
    machine_learning_curated: machineLearning,
  };
}


export function stediSchemas(): Record<string, Record<string, ColumnKind>> {
  return {
    customer_landing: { ...CUSTOMER_COLUMNS },
    accelerometer_landing: { ...ACCELEROMETER_COLUMNS },
    step_trainer_landing: { ...STEP_TRAINER_COLUMNS },
    customer_trusted: { ...CUSTOMER_COLUMNS },
    accelerometer_trusted: { ...ACCELEROMETER_COLUMNS },
    customers_curated: { ...CUSTOMER_COLUMNS },
    step_trainer_trusted: { ...STEP_TRAINER_COLUMNS },
    machine_learning_curated: { ...MACHINE_LEARNING_COLUMNS },
  };
}

/** The fixture as Arrow tables, after an optional mutation of its rows or schemas. */
export function stediFixture(mutate?: (fixture: StediRows) => void): Record<string, arrow.Table> {
  const fixture: StediRows = { rows: deriveStedi(stediLanding()), schemas: stediSchemas() };
  mutate?.(fixture);
  return Object.fromEntries(Object.entries(fixture.rows).map(([name, rows]) => [name, tableFromRows(rows, fixture.schemas[name]!)]));
}
