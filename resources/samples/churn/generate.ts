// Deterministic customer-churn data for the sample project, demos, tests and benchmarks. Churn is
// drawn from the features (recency, activity, segment), so models have something real to learn,
// and the `drift` knob moves the distributions so monitoring has something real to detect.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const customerSegments = ['new', 'regular', 'loyal', 'high_value_customers'] as const;
export type CustomerSegment = (typeof customerSegments)[number];
export const regions = ['north', 'south', 'east', 'west', 'central'] as const;
export type Region = (typeof regions)[number];

export interface ChurnRow {
  customer_id: string;
  /** ISO 8601 UTC, second precision: when the features were observed. */
  event_timestamp: string;
  total_spend: number;
  transaction_count: number;
  /** total_spend / transaction_count, rounded to cents. */
  avg_transaction_amount: number;
  days_since_last_purchase: number;
  /** ISO date (UTC), always before event_timestamp. */
  registration_date: string;
  customer_segment: CustomerSegment;
  region: Region;
  /** 1 when the customer churned. */
  target: 0 | 1;
}

export interface ChurnOptions {
  rows: number;
  seed?: number;
  /** 0 = the reference population; 1 = strongly shifted (less spend, staler, more churn). */
  drift?: number;
}

export const churnColumns = [
  'customer_id',
  'event_timestamp',
  'total_spend',
  'transaction_count',
  'avg_transaction_amount',
  'days_since_last_purchase',
  'registration_date',
  'customer_segment',
  'region',
  'target',
] as const satisfies readonly (keyof ChurnRow)[];

interface SegmentProfile {
  /** Share of customers at drift 0 and at drift 1; shares in between are interpolated. */
  share: [number, number];
  tenureDays: [number, number];
  transactions: number;
  medianAmount: number;
  recencyDays: number;
  /** Added to the churn log-odds: new customers leave more easily than loyal ones. */
  churnEffect: number;
}

const segmentProfiles: Record<CustomerSegment, SegmentProfile> = {
  new: { share: [0.25, 0.45], tenureDays: [7, 90], transactions: 4, medianAmount: 38, recencyDays: 24, churnEffect: 0.6 },
  regular: { share: [0.4, 0.36], tenureDays: [90, 900], transactions: 14, medianAmount: 46, recencyDays: 19, churnEffect: 0 },
  loyal: { share: [0.2, 0.12], tenureDays: [365, 2_500], transactions: 34, medianAmount: 52, recencyDays: 9, churnEffect: -0.8 },
  high_value_customers: { share: [0.15, 0.07], tenureDays: [180, 2_000], transactions: 26, medianAmount: 170, recencyDays: 11, churnEffect: -0.5 },
};

// Regions do not drift: a column that stays put shows what "no drift" looks like in a report.
const regionShares: Record<Region, number> = { north: 0.22, south: 0.2, east: 0.2, west: 0.23, central: 0.15 };

// A fixed clock keeps the data reproducible; observations fall in the 90 days before it.
const observationEnd = Date.UTC(2024, 5, 30);
const observationDays = 90;
const dayMs = 86_400_000;

// Churn log-odds: staleness raises it, activity lowers it; tuned for ~20 % churn at drift 0.
const churnBase = -1.95;
const churnPerRecencyDay = 0.045;
const churnPerTransaction = -0.03;
const churnPerDrift = 0.4;

/** mulberry32: a small, fast 32-bit generator; good enough for synthetic data, fully seeded. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateChurnRows({ rows, seed = 42, drift = 0 }: ChurnOptions): ChurnRow[] {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a whole number ≥ 0, got ${rows}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(drift >= 0 && drift <= 1)) throw new RangeError(`drift must be between 0 and 1, got ${drift}`);

  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const segmentWeights = customerSegments.map((segment) => {
    const [reference, drifted] = segmentProfiles[segment].share;
    return reference + (drifted - reference) * drift;
  });
  const regionWeights = regions.map((region) => regionShares[region]);
  const idWidth = Math.max(6, String(rows).length);

  const result: ChurnRow[] = new Array(rows);
  for (let index = 0; index < rows; index++) {
    const segment = customerSegments[pick(segmentWeights, random())];
    const profile = segmentProfiles[segment];
    const region = regions[pick(regionWeights, random())];

    const observedAt = observationEnd - Math.floor(random() * observationDays * dayMs / 1000) * 1000;
    const [minTenure, maxTenure] = profile.tenureDays;
    const tenureDays = minTenure + Math.floor(random() * (maxTenure - minTenure + 1));

    // Log-normal counts and amounts: right-skewed like real spending, never negative.
    const meanTransactions = profile.transactions * (1 - 0.35 * drift);
    const transactionCount = Math.max(1, Math.round(meanTransactions * Math.exp(0.5 * normal() - 0.125)));
    const amount = profile.medianAmount * (1 - 0.25 * drift) * Math.exp(0.45 * normal());
    const totalSpend = roundCents(transactionCount * amount);
    const recencyMean = profile.recencyDays * (1 + 1.2 * drift);
    // A customer cannot have been away longer than they have been registered.
    const daysSinceLastPurchase = Math.min(tenureDays, Math.floor(-recencyMean * Math.log(1 - random())));

    const logOdds =
      churnBase +
      churnPerRecencyDay * daysSinceLastPurchase +
      churnPerTransaction * transactionCount +
      profile.churnEffect +
      churnPerDrift * drift;
    const churned = random() < 1 / (1 + Math.exp(-logOdds));

    result[index] = {
      customer_id: `C${String(index + 1).padStart(idWidth, '0')}`,
      event_timestamp: new Date(observedAt).toISOString().replace('.000Z', 'Z'),
      total_spend: totalSpend,
      transaction_count: transactionCount,
      avg_transaction_amount: roundCents(totalSpend / transactionCount),
      days_since_last_purchase: daysSinceLastPurchase,
      registration_date: new Date(observedAt - tenureDays * dayMs).toISOString().slice(0, 10),
      customer_segment: segment,
      region,
      target: churned ? 1 : 0,
    };
  }
  return result;
}

/** Index drawn from weights that sum to about 1; the last entry absorbs rounding. */
function pick(weights: readonly number[], draw: number): number {
  let cumulative = 0;
  for (let index = 0; index < weights.length - 1; index++) {
    cumulative += weights[index];
    if (draw < cumulative) return index;
  }
  return weights.length - 1;
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** CSV with a header row. No field can hold a comma, quote or newline, so none is quoted. */
export function churnRowsToCsv(rows: readonly ChurnRow[]): string {
  const lines = [churnColumns.join(',')];
  for (const row of rows) lines.push(churnColumns.map((column) => String(row[column])).join(','));
  return `${lines.join('\n')}\n`;
}

function parseCliOptions(argv: readonly string[]): ChurnOptions & { out?: string } {
  const options: ChurnOptions & { out?: string } = { rows: 10_000 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    if (value === undefined) throw new RangeError(`${flag} needs a value`);
    if (flag === '--rows') options.rows = numberFlag(flag, value);
    else if (flag === '--seed') options.seed = numberFlag(flag, value);
    else if (flag === '--drift') options.drift = numberFlag(flag, value);
    else if (flag === '--out') options.out = value;
    else throw new RangeError(`unknown option ${flag} (expected --rows, --seed, --drift, --out)`);
  }
  return options;
}

function numberFlag(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new RangeError(`${flag} expects a number, got "${value}"`);
  return number;
}

function runCli(argv: readonly string[]): void {
  let options: ReturnType<typeof parseCliOptions>;
  let csv: string;
  try {
    options = parseCliOptions(argv);
    csv = churnRowsToCsv(generateChurnRows(options));
  } catch (error) {
    console.error(`generate: ${(error as Error).message}`);
    console.error('usage: node --import tsx resources/samples/churn/generate.ts [--rows N] [--seed S] [--drift D] [--out file.csv]');
    process.exitCode = 2;
    return;
  }
  if (options.out) writeFileSync(options.out, csv);
  else process.stdout.write(csv);
}

// Run as a script only when this source file is the entry point: bundled into another program
// (the core), import.meta.url names that program's file instead and the check stays false.
const entryPoint = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (import.meta.url.endsWith('/churn/generate.ts') && entryPoint === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2));
}
