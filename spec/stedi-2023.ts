/**
 * The specification of the real 2023 starter data (DESIGN.md §2), in one place for every test
 * that checks the pipeline, the generator or the rules against it. These numbers are written
 * down from the spec, never computed by the code under test. spec/ imports nothing, so the tests
 * of every folder can use it without an import cycle through test/.
 */
export const STEDI_2023_COUNTS = {
  customer_landing: 956,
  accelerometer_landing: 81_273,
  step_trainer_landing: 28_680,
  customer_trusted: 482,
  accelerometer_trusted: 40_981,
  customers_curated: 482,
  step_trainer_trusted: 14_460,
  machine_learning_curated: 43_681,
} as const;

/** machine_learning_curated rows whose step reading and phone reading belong to different customers. */
export const STEDI_2023_CROSS_CUSTOMER_PAIRS = 2_700;
/** accelerometer_trusted readings taken before their customer's research consent. */
export const STEDI_2023_PRE_CONSENT_READINGS = 8_956;
/** customer_landing records without a research consent date (956 - 482). */
export const STEDI_2023_CUSTOMERS_WITHOUT_CONSENT = 474;
