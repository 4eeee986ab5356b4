/**
 * Property: no signed request, whatever its target and body, gets a 5xx or an answer outside the API's error
 * shapes, and the server keeps serving. (The reliability suite of issue 8 runs the long form of this.)
 */
import fc from 'fast-check';
import { signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.CreateProgressUpdateStream',
    body: '{"ProgressUpdateStreamName":"Tool"}',
  });
});

afterAll(async () => {
  await endpoint.close();
});

const OPERATIONS = [
  'CreateProgressUpdateStream',
  'ImportMigrationTask',
  'NotifyMigrationTaskState',
  'DescribeMigrationTask',
  'PutResourceAttributes',
  'ListProgressUpdateStreams',
  'ListMigrationTasks',
  'ListMigrationTaskUpdates',
];
const CLIENT_ERRORS = new Set([
  'InvalidInputException',
  'UnknownOperationException',
  'ResourceNotFoundException',
  'DryRunOperation',
]);

const target = fc.oneof(
  fc.constantFrom(...OPERATIONS.map((name) => `AWSMigrationHub.${name}`)),
  fc.string().map((name) => `AWSMigrationHub.${name}`),
  fc.string({ unit: 'binary' }).filter((value) => /^[\x20-\x7e]*$/.test(value) && value.trim() !== ''),
);

/** Bodies near the real shapes (the members with wrong, edge or random values) and plain random JSON. */
const member = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const shaped = fc.record(
  {
    ProgressUpdateStream: fc.oneof(fc.constant('Tool'), member),
    ProgressUpdateStreamName: member,
    MigrationTaskName: fc.oneof(fc.constant('vm-1'), member),
    Task: fc.oneof(
      fc.record(
        {
          Status: fc.oneof(fc.constantFrom('IN_PROGRESS', 'COMPLETED'), member),
          StatusDetail: member,
          ProgressPercent: member,
        },
        { requiredKeys: [] },
      ),
      member,
    ),
    UpdateDateTime: member,
    NextUpdateSeconds: member,
    DryRun: member,
    ResourceAttributeList: fc.oneof(
      fc.array(fc.record({ Type: member, Value: member }), { maxLength: 3 }),
      member,
    ),
    NextToken: fc.oneof(fc.base64String({ maxLength: 40 }), member),
    MaxResults: member,
    ResourceName: member,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  shaped.map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 500 }),
);

test('every answer to a signed request is 200 or a well-formed 4xx API error', async () => {
  let requests = 0;
  await fc.assert(
    fc.asyncProperty(target, body, async (xAmzTarget, text) => {
      requests += 1;
      const response = await signedRequest(endpoint.url, { target: xAmzTarget, body: text });
      if (response.status === 200) {
        expect(typeof response.json).toBe('object');
        return;
      }
      expect(response.status).toBe(400);
      expect(CLIENT_ERRORS).toContain(response.json.__type);
      expect(response.headers.get('x-amzn-errortype')).toBe(response.json.__type);
      expect(typeof response.json.Message).toBe('string');
    }),
    { numRuns: 400 },
  );
  expect(requests).toBeGreaterThanOrEqual(400);
  // Still serving.
  const after = await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.DescribeMigrationTask',
    body: '{"ProgressUpdateStream":"Tool","MigrationTaskName":"never"}',
  });
  expect(after.json.__type).toBe('ResourceNotFoundException');
});
