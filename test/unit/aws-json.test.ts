import type { APIGatewayProxyEvent } from 'aws-lambda';
import { InvalidInputError, UnknownOperationError } from '../../lambda/errors';
import { headerValue, jsonBody, MAX_JSON_DEPTH, routeOf } from '../../lambda/protocol/aws-json';

const event = (fields: Partial<APIGatewayProxyEvent>) =>
  ({ headers: {}, body: null, ...fields }) as APIGatewayProxyEvent;

describe('routeOf', () => {
  const table = new Map([['AWSMigrationHub.NotifyMigrationTaskState', 'notify']]);

  test('reads X-Amz-Target in any case', () => {
    for (const name of ['X-Amz-Target', 'x-amz-target', 'X-AMZ-TARGET']) {
      expect(routeOf(event({ headers: { [name]: 'AWSMigrationHub.NotifyMigrationTaskState' } }), table)).toBe(
        'notify',
      );
    }
  });

  test('a missing target is InvalidInput, an unknown or foreign one UnknownOperation', () => {
    expect(() => routeOf(event({}), table)).toThrow(InvalidInputError);
    for (const target of [
      'AWSMigrationHub.Nope',
      'Other.NotifyMigrationTaskState',
      'NotifyMigrationTaskState',
    ]) {
      expect(() => routeOf(event({ headers: { 'x-amz-target': target } }), table)).toThrow(
        UnknownOperationError,
      );
    }
  });

  test('inherited property names are not operations', () => {
    expect(() =>
      routeOf(event({ headers: { 'x-amz-target': 'AWSMigrationHub.constructor' } }), table),
    ).toThrow(UnknownOperationError);
  });
});

describe('jsonBody', () => {
  test('drops null members at every level of objects, keeps other values', () => {
    expect(jsonBody(event({ body: '{"a":null,"b":{"c":null,"d":1},"e":[1,null],"f":false}' }))).toEqual({
      b: { d: 1 },
      e: [1, null],
      f: false,
    });
  });

  test('a __proto__ member is ignored and cannot change the prototype', () => {
    const body = jsonBody(event({ body: '{"__proto__":{"polluted":true},"a":1}' }));
    expect(body).toEqual({ a: 1 });
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('base64 bodies are decoded as strict UTF-8', () => {
    const encoded = Buffer.from('{"a":"é"}').toString('base64');
    expect(jsonBody(event({ body: encoded, isBase64Encoded: true }))).toEqual({ a: 'é' });
    const invalid = Buffer.from([0x7b, 0xc3, 0x28, 0x7d]).toString('base64');
    expect(() => jsonBody(event({ body: invalid, isBase64Encoded: true }))).toThrow(
      'must be UTF-8 encoded JSON',
    );
  });

  test(`nesting is accepted to ${MAX_JSON_DEPTH} levels and refused past it`, () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    expect(jsonBody(event({ body: nested(MAX_JSON_DEPTH) }))).toEqual(JSON.parse(nested(MAX_JSON_DEPTH)));
    expect(() => jsonBody(event({ body: nested(MAX_JSON_DEPTH + 1) }))).toThrow(
      'nested deeper than 32 levels',
    );
  });
});

test('headerValue is case-insensitive and tolerates absent headers', () => {
  expect(headerValue(event({ headers: { Authorization: 'x' } }), 'authorization')).toBe('x');
  expect(headerValue({ headers: null } as unknown as APIGatewayProxyEvent, 'authorization')).toBeUndefined();
});
