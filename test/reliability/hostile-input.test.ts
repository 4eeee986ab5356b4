/**
 * The long form of the hostile-input property: 2,000 generated requests in the whole suite, 10,000 with
 * `npm run test:reliability` (MGH_FUZZ_RUNS sets any other count): targets, bodies, unicode edge cases, deep
 * nesting, wrong types, boundary lengths. Every answer is 200 or a well-formed 4xx, the server stays up,
 * and no rejected request changes anything stored (the whole table is compared around each one).
 */
import fc from 'fast-check';
import { signedRequest, startTestEndpoint, type TestEndpoint } from '../integration/support/endpoint';
import { hostileBody, hostileTarget, isWellFormedAnswer } from '../integration/support/hostile-requests';

const RUNS = Number(process.env.MGH_FUZZ_RUNS ?? 2_000);
let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  for (const [target, body] of [
    ['CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' }],
    ['ImportMigrationTask', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }],
  ] as const) {
    await signedRequest(endpoint.url, { target: `AWSMigrationHub.${target}`, body: JSON.stringify(body) });
  }
});

afterAll(async () => {
  await endpoint.close();
});

test(`${RUNS} hostile requests: well-formed answers, the server up, rejections write nothing`, async () => {
  let accepted = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(hostileTarget, hostileBody, async (target, body) => {
      const before = await endpoint.tableSnapshot();
      const response = await signedRequest(endpoint.url, { target, body });
      expect({
        status: response.status,
        body: response.json,
        wellFormed: isWellFormedAnswer(response),
      }).toMatchObject({
        wellFormed: true,
      });
      if (response.status === 200) {
        accepted += 1;
      } else {
        rejected += 1;
        expect(await endpoint.tableSnapshot()).toBe(before);
      }
    }),
    { numRuns: RUNS },
  );
  process.stdout.write(
    `hostile input: ${RUNS} requests, ${accepted} accepted, ${rejected} rejected with nothing written\n`,
  );
  expect(accepted + rejected).toBe(RUNS);
  const after = await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.DescribeMigrationTask',
    body: JSON.stringify({ ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }),
  });
  expect(after.status).toBe(200);
}, 600_000);
