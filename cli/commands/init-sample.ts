/**
 * The landing sample `stedi init` writes: shop orders as JSON lines, seeded (the same bytes every
 * time), counted as they are written. The counts are the ground truth of the scaffold's test:
 * they come from the rule the sample was built with, not from running the Glue job.
 */
export interface OrdersSample {
  /** JSON lines, one order a line. */
  text: string;
  landingRows: number;
  /** Orders the scaffold's Glue job keeps: status PAID and a positive amount. */
  trustedRows: number;
}

const STATUSES = ['PAID', 'PAID', 'PAID', 'PAID', 'PAID', 'PAID', 'PAID', 'PENDING', 'PENDING', 'CANCELLED'] as const;
const JANUARY_2024_MS = Date.UTC(2024, 0, 1);

/** mulberry32: a small seeded PRNG, enough for sample data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function ordersSample(rows = 240, seed = 7): OrdersSample {
  const random = seeded(seed);
  const lines: string[] = [];
  let trustedRows = 0;
  for (let i = 1; i <= rows; i += 1) {
    const status = STATUSES[Math.floor(random() * STATUSES.length)];
    // Every 25th order is a refund: PAID with a negative amount, which the job must drop.
    const cents = i % 25 === 3 ? -(100 + Math.round(random() * 5000)) : 500 + Math.round(random() * 48000);
    const amount = cents / 100;
    const order: Record<string, unknown> = { orderId: `o-${String(i).padStart(6, '0')}`, amount, status, orderTime: JANUARY_2024_MS + i * 97_000 };
    // One order in 40 arrives without an email (the field is absent, not null): a warning-level rule watches it.
    if (i % 40 !== 7) order.customerEmail = `customer${1 + Math.floor(random() * 60)}@example.com`;
    if (status === 'PAID' && amount > 0) trustedRows += 1;
    lines.push(JSON.stringify(order));
  }
  return { text: `${lines.join('\n')}\n`, landingRows: rows, trustedRows };
}
