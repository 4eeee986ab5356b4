import {
  formatTable,
  GB,
  idleMonthlyCost,
  judged,
  median,
  metricsMonthlyCost,
  type NotificationCost,
  percentile,
  pricePerMillion,
  pricePerMillionTransitions,
  US_EAST_1_PRICES,
  verdict,
  xrayTracedFraction,
} from '../../bench/stats';
import { accessLogContext, renderAccessLog } from '../../bench/template';

describe('percentiles by nearest rank', () => {
  const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

  test('the median is a sample, the lower middle one of an even count', () => {
    expect(median(samples)).toBe(5);
    expect(median([3])).toBe(3);
  });

  test('p99 of 100 samples is the 99th, p100 the largest, p0 the smallest', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 1)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
  });

  test('the input is left unsorted', () => {
    const input = [3, 1, 2];
    percentile(input, 0.5);
    expect(input).toEqual([3, 1, 2]);
  });

  test('no samples or a quantile outside 0..1 is an error, not a number', () => {
    expect(() => median([])).toThrow('no samples');
    expect(() => percentile([1], 1.5)).toThrow('outside');
  });
});

describe('verdicts', () => {
  test('a maximum passes at the limit and fails above it; a minimum the other way round', () => {
    expect(verdict(2.5, { kind: 'max', limit: 2.5 })).toBe('PASS');
    expect(verdict(2.51, { kind: 'max', limit: 2.5 })).toBe('FAIL');
    expect(verdict(0.4, { kind: 'min', limit: 0.4 })).toBe('PASS');
    expect(verdict(0.39, { kind: 'min', limit: 0.4 })).toBe('FAIL');
  });

  test('a budget on the ratio judges value ÷ baseline, not the value', () => {
    const figure = judged({
      section: 's',
      name: 'n',
      value: 30,
      unit: 'ms',
      baseline: { name: 'b', value: 10, unit: 'ms' },
      budget: { on: 'ratio', kind: 'max', limit: 2.5 },
    });
    expect(figure.ratio).toBe(3);
    expect(figure.verdict).toBe('FAIL');
  });

  test('a budget on the ratio without a baseline is a mistake in the bench', () => {
    expect(() =>
      judged({
        section: 's',
        name: 'n',
        value: 1,
        unit: 'x',
        budget: { on: 'ratio', kind: 'max', limit: 1 },
      }),
    ).toThrow('needs a baseline');
  });
});

describe('price per million notifications', () => {
  // Byte counts chosen so that a million notifications make whole GB (1024³ bytes).
  const gbPerMillion = GB / 1e6;
  const cost: NotificationCost = {
    writeUnits: 3,
    readUnits: 1,
    lambdaMs: 3.2,
    lambdaMemoryMb: 512,
    keptBytes: gbPerMillion,
    keptMonths: 2,
    transientBytes: 2 * gbPerMillion,
    transientDays: 15,
    logBytes: 4 * gbPerMillion,
    logRetentionDays: 90,
    tracedFraction: 0.5,
  };

  test('counts every line item at us-east-1 prices', () => {
    const price = pricePerMillion(cost);
    expect(price.apiGateway).toBe(3.5);
    // 4 ms billed (rounded up) × 0.5 GB = 0.002 GB-s per call.
    expect(price.lambda).toBeCloseTo(0.2 + 0.002 * 0.0000133334 * 1e6, 9);
    expect(price.dynamoDbRequests).toBeCloseTo(3 * 0.625 + 0.125, 9);
    // 1 GB kept: $0.25 storage + $0.20 point-in-time recovery a month.
    expect(price.dynamoDbStoragePerMonth).toBeCloseTo(0.45, 9);
    // Two months of it, and 2 GB for half a month.
    expect(price.dynamoDbStorage).toBeCloseTo(2 * 0.45 + 2 * 0.45 * 0.5, 9);
    expect(price.logsIngestion).toBeCloseTo(4 * 0.5, 9);
    // 4 GB kept 90 days: three months at $0.03.
    expect(price.logsStorage).toBeCloseTo(4 * 0.03 * 3, 9);
    expect(price.xray).toBeCloseTo(2.5, 9);
    expect(price.total).toBeCloseTo(3.5 + 0.2266668 + 2 + 1.35 + 2 + 0.36 + 2.5, 6);
  });

  test('nothing logged, stored or traced costs only the requests', () => {
    const price = pricePerMillion({
      ...cost,
      keptBytes: 0,
      transientBytes: 0,
      logBytes: 0,
      tracedFraction: 0,
    });
    expect(price.dynamoDbStorage + price.logsIngestion + price.logsStorage + price.xray).toBe(0);
    expect(price.total).toBeCloseTo(3.5 + 0.2266668 + 2, 6);
  });

  test('takes other prices when given', () => {
    const free = {
      ...US_EAST_1_PRICES,
      apiGatewayRestPerMillionRequests: 0,
      lambdaPerMillionRequests: 0,
      lambdaArmPerGbSecond: 0,
      dynamoDbStoragePerGbMonth: 0,
      dynamoDbPitrPerGbMonth: 0,
      logsIngestionPerGb: 0,
      logsStoragePerGbMonth: 0,
      xrayPerMillionTracesRecorded: 0,
    };
    expect(pricePerMillion({ ...cost, writeUnits: 2, readUnits: 0 }, free).total).toBe(1.25);
  });
});

describe('X-Ray sampling', () => {
  test('the default rule traces every request up to one a second, then the first and 5% of the rest', () => {
    expect(xrayTracedFraction(0.5)).toBe(1);
    expect(xrayTracedFraction(1)).toBe(1);
    expect(xrayTracedFraction(21)).toBeCloseTo(2 / 21, 12);
    expect(xrayTracedFraction(100)).toBeCloseTo(0.0595, 12);
    expect(() => xrayTracedFraction(0)).toThrow('positive');
  });
});

test('a transition costs its event and the units the sweep spends on it', () => {
  const price = pricePerMillionTransitions({ readUnits: 2, writeUnits: 1, eventChunks: 1 });
  expect(price.eventBridge).toBe(1);
  expect(price.dynamoDb).toBeCloseTo(2 * 0.125 + 0.625, 12);
  expect(price.total).toBeCloseTo(1.875, 12);
});

describe('a month of an idle stack', () => {
  const run = {
    runsPerMonth: 43_200,
    ms: 99.2,
    memoryMb: 256,
    readUnits: 4,
    writeUnits: 0,
    // 1 GB of logs a month.
    logBytes: GB / 43_200,
  };

  test('prices the scheduled runs, their reads and logs, and the alarms', () => {
    const month = idleMonthlyCost({ scheduled: [run], alarms: 4, logRetentionDays: 90, tracing: false });
    // 100 ms billed × 0.25 GB × 43,200 runs, and 43,200 requests.
    expect(month.lambda).toBeCloseTo(0.0432 * 0.2 + 0.025 * 43_200 * 0.0000133334, 9);
    expect(month.dynamoDb).toBeCloseTo(0.0432 * 4 * 0.125, 9);
    expect(month.logsIngestion).toBeCloseTo(0.5, 9);
    expect(month.logsStorage).toBeCloseTo(0.03 * 3, 9);
    expect(month.alarms).toBeCloseTo(0.4, 12);
    expect(month.xray).toBe(0);
    expect(month.total).toBeCloseTo(0.00864 + 0.014400072 + 0.0216 + 0.5 + 0.09 + 0.4, 6);
  });

  test('with tracing on, every scheduled run is a trace', () => {
    const month = idleMonthlyCost({ scheduled: [run, run], alarms: 0, logRetentionDays: 30, tracing: true });
    expect(month.xray).toBeCloseTo(2 * 0.0432 * 5, 9);
    expect(month.logsStorage).toBeCloseTo(2 * 0.03, 9);
  });
});

test('custom metrics cost $0.30 a month each', () => {
  expect(metricsMonthlyCost(6)).toBeCloseTo(1.8, 12);
});

describe('the access log line', () => {
  test('renders every $context variable of the format, a dotted name whole', () => {
    const format =
      '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","len":"$context.responseLength"}';
    const line = renderAccessLog(format, accessLogContext('11111111-2222-3333-4444-555555555555', 2));
    expect(line).toBe('{"requestId":"11111111-2222-3333-4444-555555555555","ip":"203.0.113.25","len":"2"}');
    expect(JSON.parse(line)).toEqual({
      requestId: '11111111-2222-3333-4444-555555555555',
      ip: '203.0.113.25',
      len: '2',
    });
  });

  test('a variable without a realistic value is an error, not a shorter line', () => {
    expect(() => renderAccessLog('$context.authorizer.claims', {})).toThrow('$context.authorizer.claims');
  });
});

test('the table shows each figure with its baseline, ratio, budget and verdict', () => {
  const table = formatTable([
    judged({
      section: '1',
      name: 'median',
      value: 3.25,
      unit: 'ms',
      baseline: { name: 'UpdateItem', value: 1.3, unit: 'ms' },
      budget: { on: 'ratio', kind: 'max', limit: 2.5 },
    }),
  ]);
  expect(table.split('\n')[2]).toBe('|1|median|3.25 ms|UpdateItem: 1.30 ms|2.50×|≤ 2.50×|PASS|');
});
