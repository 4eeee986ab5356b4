/**
 * Property: no signed request, whatever its target and body, gets a 5xx or an answer outside the API's error
 * shapes, and the server keeps serving. (`npm run test:reliability` runs the long form of this.)
 */
import fc from 'fast-check';
import { signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';
import { hostileBody, hostileTarget, isWellFormedAnswer } from './support/hostile-requests';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.CreateProgressUpdateStream',
    body: '{"ProgressUpdateStreamName":"Tool"}',
  });
  // A task for the generated calls that name one (`vm-1`) to reach the store.
  await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.ImportMigrationTask',
    body: '{"ProgressUpdateStream":"Tool","MigrationTaskName":"vm-1"}',
  });
});

afterAll(async () => {
  await endpoint.close();
});

test('every answer to a signed request is 200 or a well-formed 4xx API error', async () => {
  let requests = 0;
  await fc.assert(
    fc.asyncProperty(hostileTarget, hostileBody, async (xAmzTarget, text) => {
      requests += 1;
      const response = await signedRequest(endpoint.url, { target: xAmzTarget, body: text });
      expect({
        status: response.status,
        body: response.json,
        wellFormed: isWellFormedAnswer(response),
      }).toMatchObject({
        wellFormed: true,
      });
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
