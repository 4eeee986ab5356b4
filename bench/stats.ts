/**
 * The arithmetic of the benchmark: percentiles, ratios, verdicts against budgets, and the price of a million
 * notifications. Pure functions, unit-tested (test/unit/bench-stats.test.ts).
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

/** Public us-east-1 list prices (first tier, no free tier), in dollars. */
export interface Prices {
  readonly apiGatewayRestPerMillionRequests: number;
  readonly lambdaArmPerGbSecond: number;
  readonly lambdaPerMillionRequests: number;
  readonly dynamoDbPerMillionWriteUnits: number;
  readonly dynamoDbPerMillionReadUnits: number;
}

export const US_EAST_1_PRICES: Prices = {
  apiGatewayRestPerMillionRequests: 3.5,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoDbPerMillionWriteUnits: 0.625,
  dynamoDbPerMillionReadUnits: 0.125,
};

export interface NotificationCost {
  /** Write and read units one notification consumes. */
  readonly writeUnits: number;
  readonly readUnits: number;
  /** The Lambda's billed duration of one notification (billing rounds each invocation up to a millisecond). */
  readonly lambdaMs: number;
  readonly lambdaMemoryMb: number;
}

export interface PriceBreakdown {
  readonly apiGateway: number;
  readonly lambda: number;
  readonly dynamoDb: number;
  readonly total: number;
}

/** Dollars per million notifications, by service. */
export function pricePerMillion(cost: NotificationCost, prices: Prices = US_EAST_1_PRICES): PriceBreakdown {
  const gbSeconds = (cost.lambdaMemoryMb / 1024) * (Math.ceil(cost.lambdaMs) / 1000);
  const apiGateway = prices.apiGatewayRestPerMillionRequests;
  const lambda = prices.lambdaPerMillionRequests + gbSeconds * prices.lambdaArmPerGbSecond * 1e6;
  const dynamoDb =
    cost.writeUnits * prices.dynamoDbPerMillionWriteUnits +
    cost.readUnits * prices.dynamoDbPerMillionReadUnits;
  return { apiGateway, lambda, dynamoDb, total: apiGateway + lambda + dynamoDb };
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
