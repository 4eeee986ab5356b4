import {
  formatTable,
  judged,
  median,
  percentile,
  pricePerMillion,
  US_EAST_1_PRICES,
  verdict,
} from '../../bench/stats';

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
  test('adds API Gateway, Lambda requests and GB-seconds, and DynamoDB units at us-east-1 prices', () => {
    const price = pricePerMillion({ writeUnits: 3, readUnits: 1, lambdaMs: 3.2, lambdaMemoryMb: 512 });
    expect(price.apiGateway).toBe(3.5);
    // 4 ms billed (rounded up) × 0.5 GB = 0.002 GB-s per call.
    expect(price.lambda).toBeCloseTo(0.2 + 0.002 * 0.0000133334 * 1e6, 9);
    expect(price.dynamoDb).toBeCloseTo(3 * 0.625 + 0.125, 9);
    expect(price.total).toBeCloseTo(price.apiGateway + price.lambda + price.dynamoDb, 9);
  });

  test('takes other prices when given', () => {
    const free = {
      ...US_EAST_1_PRICES,
      apiGatewayRestPerMillionRequests: 0,
      lambdaPerMillionRequests: 0,
      lambdaArmPerGbSecond: 0,
    };
    expect(
      pricePerMillion({ writeUnits: 2, readUnits: 0, lambdaMs: 10, lambdaMemoryMb: 128 }, free).total,
    ).toBe(1.25);
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
