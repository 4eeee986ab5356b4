/**
 * The arithmetic of the benchmark: percentiles, ratios, verdicts against budgets, and the prices of the deployed
 * stack (a million notifications, a million stale-task transitions, a month of an idle stack). Pure functions,
 * unit-tested (test/unit/bench-stats.test.ts).
 */

/** The value at quantile `q` (0..1) by nearest rank: always one of the samples, never an interpolation. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('no samples');
  if (q < 0 || q > 1) throw new Error(`quantile ${q} is outside 0..1`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** A budget: the figure must be at most (`max`) or at least (`min`) the limit. */
export interface Budget {
  readonly limit: number;
  readonly kind: 'max' | 'min';
}

export type Verdict = 'PASS' | 'FAIL' | 'TODO';

export function verdict(value: number, budget: Budget): Verdict {
  return (budget.kind === 'max' ? value <= budget.limit : value >= budget.limit) ? 'PASS' : 'FAIL';
}

/** Public us-east-1 list prices (first tier, no free tier), in dollars; sources in PRICE_SOURCE. */
export interface Prices {
  readonly apiGatewayRestPerMillionRequests: number;
  readonly lambdaArmPerGbSecond: number;
  readonly lambdaPerMillionRequests: number;
  readonly dynamoDbPerMillionWriteUnits: number;
  readonly dynamoDbPerMillionReadUnits: number;
  /** Table storage, on-demand, Standard table class. */
  readonly dynamoDbStoragePerGbMonth: number;
  /** Continuous backups (point-in-time recovery), on the table's size. */
  readonly dynamoDbPitrPerGbMonth: number;
  /** CloudWatch Logs, Standard log class: collection (ingestion). */
  readonly logsIngestionPerGb: number;
  /** CloudWatch Logs storage (archival). AWS bills it on compressed bytes; the bench counts raw bytes. */
  readonly logsStoragePerGbMonth: number;
  readonly xrayPerMillionTracesRecorded: number;
  readonly xrayPerMillionTracesRetrieved: number;
  /** EventBridge custom events (PutEvents), per 64 KB chunk. */
  readonly eventBridgePerMillionCustomEvents: number;
  /** A standard-resolution metric alarm. */
  readonly cloudWatchAlarmPerMonth: number;
  /** A custom metric (EMF, or API Gateway's detailed metrics), prorated by the hours it is reported. */
  readonly cloudWatchMetricPerMonth: number;
}

export const US_EAST_1_PRICES: Prices = {
  apiGatewayRestPerMillionRequests: 3.5,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoDbPerMillionWriteUnits: 0.625,
  dynamoDbPerMillionReadUnits: 0.125,
  dynamoDbStoragePerGbMonth: 0.25,
  dynamoDbPitrPerGbMonth: 0.2,
  logsIngestionPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  xrayPerMillionTracesRecorded: 5,
  xrayPerMillionTracesRetrieved: 0.5,
  eventBridgePerMillionCustomEvents: 1,
  cloudWatchAlarmPerMonth: 0.1,
  cloudWatchMetricPerMonth: 0.3,
};

/** A GB as AWS bills storage, log data and Lambda memory: 1024³ bytes. */
export const GB = 1024 ** 3;
/** The month the prices are stated for: 30 days (43,200 minutes). */
export const MONTH_DAYS = 30;

/** Dollars for `bytesEach` bytes, a million times over, at `perGb`. */
function perMillionBytes(bytesEach: number, perGb: number): number {
  return ((bytesEach * 1e6) / GB) * perGb;
}

/**
 * The share of requests X-Ray's default sampling rule records at a steady `requestsPerSecond`: the first request
 * each second (the reservoir), then 5% of the rest. 1 at one request a second or fewer; towards 0.05 above.
 */
export function xrayTracedFraction(requestsPerSecond: number): number {
  if (requestsPerSecond <= 0) throw new Error('a request rate must be positive');
  if (requestsPerSecond <= 1) return 1;
  return (1 + 0.05 * (requestsPerSecond - 1)) / requestsPerSecond;
}

export interface NotificationCost {
  /** Write and read units one notification consumes. */
  readonly writeUnits: number;
  readonly readUnits: number;
  /** The Lambda's billed duration of one notification (billing rounds each invocation up to a millisecond). */
  readonly lambdaMs: number;
  readonly lambdaMemoryMb: number;
  /**
   * DynamoDB bytes a notification leaves for as long as the table keeps them (its history entry, with the 100
   * bytes DynamoDB adds to every item), charged for storage and point-in-time recovery.
   */
  readonly keptBytes: number;
  /** How many months of that storage the total counts. */
  readonly keptMonths: number;
  /** Bytes kept for a while only (the staleness lease, until TTL deletes it), and for how many days. */
  readonly transientBytes: number;
  readonly transientDays: number;
  /** CloudWatch Logs bytes ingested per notification, every log group together. */
  readonly logBytes: number;
  /** How long the log groups keep them. */
  readonly logRetentionDays: number;
  /** The share of notifications X-Ray records: 0 with tracing off (the default). */
  readonly tracedFraction: number;
}

/** Dollars per million notifications, by line item. */
export interface PriceBreakdown {
  readonly apiGateway: number;
  /** Requests and GB-seconds. */
  readonly lambda: number;
  readonly dynamoDbRequests: number;
  /** Table storage and point-in-time recovery: `keptMonths` of the kept bytes, the whole life of the transient. */
  readonly dynamoDbStorage: number;
  /** What each further month of keeping the history adds. */
  readonly dynamoDbStoragePerMonth: number;
  readonly logsIngestion: number;
  /** Over the whole retention period. */
  readonly logsStorage: number;
  readonly xray: number;
  readonly total: number;
}

/** Dollars per million notifications, every line item of the template. */
export function pricePerMillion(cost: NotificationCost, prices: Prices = US_EAST_1_PRICES): PriceBreakdown {
  const gbSeconds = (cost.lambdaMemoryMb / 1024) * (Math.ceil(cost.lambdaMs) / 1000);
  const apiGateway = prices.apiGatewayRestPerMillionRequests;
  const lambda = prices.lambdaPerMillionRequests + gbSeconds * prices.lambdaArmPerGbSecond * 1e6;
  const dynamoDbRequests =
    cost.writeUnits * prices.dynamoDbPerMillionWriteUnits +
    cost.readUnits * prices.dynamoDbPerMillionReadUnits;
  const storagePerGbMonth = prices.dynamoDbStoragePerGbMonth + prices.dynamoDbPitrPerGbMonth;
  const dynamoDbStoragePerMonth = perMillionBytes(cost.keptBytes, storagePerGbMonth);
  const dynamoDbStorage =
    dynamoDbStoragePerMonth * cost.keptMonths +
    perMillionBytes(cost.transientBytes, storagePerGbMonth) * (cost.transientDays / MONTH_DAYS);
  const logsIngestion = perMillionBytes(cost.logBytes, prices.logsIngestionPerGb);
  const logsStorage =
    perMillionBytes(cost.logBytes, prices.logsStoragePerGbMonth) * (cost.logRetentionDays / MONTH_DAYS);
  const xray = cost.tracedFraction * prices.xrayPerMillionTracesRecorded;
  return {
    apiGateway,
    lambda,
    dynamoDbRequests,
    dynamoDbStorage,
    dynamoDbStoragePerMonth,
    logsIngestion,
    logsStorage,
    xray,
    total: apiGateway + lambda + dynamoDbRequests + dynamoDbStorage + logsIngestion + logsStorage + xray,
  };
}

/** What one stale-task transition (a Stale or Recovered event) adds to the sweep that finds it. */
export interface TransitionCost {
  readonly readUnits: number;
  readonly writeUnits: number;
  /** EventBridge bills a custom event per 64 KB chunk of each entry. */
  readonly eventChunks: number;
}

export interface TransitionBreakdown {
  readonly eventBridge: number;
  readonly dynamoDb: number;
  readonly total: number;
}

/** Dollars per million transitions, on top of the sweeps that run anyway. */
export function pricePerMillionTransitions(
  cost: TransitionCost,
  prices: Prices = US_EAST_1_PRICES,
): TransitionBreakdown {
  const eventBridge = cost.eventChunks * prices.eventBridgePerMillionCustomEvents;
  const dynamoDb =
    cost.writeUnits * prices.dynamoDbPerMillionWriteUnits +
    cost.readUnits * prices.dynamoDbPerMillionReadUnits;
  return { eventBridge, dynamoDb, total: eventBridge + dynamoDb };
}

/** A Lambda an EventBridge rule runs on a schedule, as an idle stack runs it. */
export interface ScheduledRun {
  readonly runsPerMonth: number;
  /** Billed duration of a run (rounded up to a millisecond). */
  readonly ms: number;
  readonly memoryMb: number;
  /** DynamoDB units a run with nothing to do consumes. */
  readonly readUnits: number;
  readonly writeUnits: number;
  /** CloudWatch Logs bytes a run writes. */
  readonly logBytes: number;
}

export interface IdleStack {
  readonly scheduled: readonly ScheduledRun[];
  readonly alarms: number;
  readonly logRetentionDays: number;
  /** With tracing on, each scheduled run is a trace (one a minute stays within the sampling reservoir). */
  readonly tracing: boolean;
}

/** Dollars per month for a stack that receives no call, by line item. Scheduled rules themselves are free. */
export interface MonthlyBreakdown {
  readonly lambda: number;
  readonly dynamoDb: number;
  readonly logsIngestion: number;
  /** At steady state: a month's logs kept for the retention period. */
  readonly logsStorage: number;
  readonly alarms: number;
  readonly xray: number;
  readonly total: number;
}

export function idleMonthlyCost(stack: IdleStack, prices: Prices = US_EAST_1_PRICES): MonthlyBreakdown {
  let lambda = 0;
  let dynamoDb = 0;
  let logBytes = 0;
  let runs = 0;
  for (const run of stack.scheduled) {
    const gbSeconds = (run.memoryMb / 1024) * (Math.ceil(run.ms) / 1000) * run.runsPerMonth;
    lambda +=
      (run.runsPerMonth / 1e6) * prices.lambdaPerMillionRequests + gbSeconds * prices.lambdaArmPerGbSecond;
    dynamoDb +=
      (run.runsPerMonth / 1e6) *
      (run.readUnits * prices.dynamoDbPerMillionReadUnits +
        run.writeUnits * prices.dynamoDbPerMillionWriteUnits);
    logBytes += run.logBytes * run.runsPerMonth;
    runs += run.runsPerMonth;
  }
  const logsIngestion = (logBytes / GB) * prices.logsIngestionPerGb;
  const logsStorage = (logBytes / GB) * prices.logsStoragePerGbMonth * (stack.logRetentionDays / MONTH_DAYS);
  const alarms = stack.alarms * prices.cloudWatchAlarmPerMonth;
  const xray = stack.tracing ? (runs / 1e6) * prices.xrayPerMillionTracesRecorded : 0;
  return {
    lambda,
    dynamoDb,
    logsIngestion,
    logsStorage,
    alarms,
    xray,
    total: lambda + dynamoDb + logsIngestion + logsStorage + alarms + xray,
  };
}

/** Dollars per month for `metrics` custom metrics reported every hour of it. */
export function metricsMonthlyCost(metrics: number, prices: Prices = US_EAST_1_PRICES): number {
  return metrics * prices.cloudWatchMetricPerMonth;
}

/** One line of the results table. */
export interface Figure {
  readonly section: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared with, measured in the same run. */
  readonly baseline?: { readonly name: string; readonly value: number; readonly unit: string };
  /** value ÷ baseline, when the budget is on the ratio. */
  readonly ratio?: number;
  readonly budget?: Budget & { readonly on: 'value' | 'ratio' };
  readonly verdict?: Verdict;
  readonly note?: string;
}

/** A figure with its verdict, judged on the value or on the ratio to its baseline. */
export function judged(figure: Omit<Figure, 'ratio' | 'verdict'>): Figure {
  const ratio = figure.baseline ? figure.value / figure.baseline.value : undefined;
  if (!figure.budget) return { ...figure, ...(ratio !== undefined && { ratio }) };
  const judgedValue = figure.budget.on === 'ratio' ? ratio : figure.value;
  if (judgedValue === undefined) throw new Error(`${figure.name}: a budget on the ratio needs a baseline`);
  return { ...figure, ...(ratio !== undefined && { ratio }), verdict: verdict(judgedValue, figure.budget) };
}

/** A number with a sensible precision for a table. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatBudget(budget: NonNullable<Figure['budget']>): string {
  const limit = `${formatNumber(budget.limit)}${budget.on === 'ratio' ? '×' : ''}`;
  return `${budget.kind === 'max' ? '≤' : '≥'} ${limit}`;
}

/** The figures as a Markdown table (readable as plain text too). */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    figure.section,
    figure.name,
    `${formatNumber(figure.value)} ${figure.unit}`,
    figure.baseline
      ? `${figure.baseline.name}: ${formatNumber(figure.baseline.value)} ${figure.baseline.unit}`
      : '',
    figure.ratio === undefined ? '' : `${formatNumber(figure.ratio)}×`,
    figure.budget ? formatBudget(figure.budget) : '',
    figure.verdict ?? '',
  ]);
  const header = ['section', 'figure', 'value', 'baseline (same run)', 'ratio', 'budget', 'verdict'];
  return [header, header.map(() => '---'), ...rows].map((row) => `|${row.join('|')}|`).join('\n');
}
