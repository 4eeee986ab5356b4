/**
 * The dashboard reader's application states against a stand-in API: every page followed, and an API that
 * does not implement ListApplicationStates (a stack deployed before it) read as having none, while any other
 * refusal still fails the refresh.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MigrationHubApiError, MigrationHubReader } from '../../local/dashboard/migration-hub-reader';

let server: Server;
let answer: (
  target: string,
  body: Record<string, unknown>,
) => { status: number; type?: string; json: object };
const targets: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      targets.push(target);
      const { status, type, json } = answer(target, JSON.parse(text || '{}'));
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(type && { 'x-amzn-errortype': type }),
      });
      response.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  targets.length = 0;
});

function reader(): MigrationHubReader {
  const { port } = server.address() as AddressInfo;
  return new MigrationHubReader({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    signingName: 'mgh',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
  });
}

test('every page of ListApplicationStates, following NextToken', async () => {
  answer = (_target, body) => ({
    status: 200,
    json:
      body.NextToken === 'page2'
        ? {
            ApplicationStateList: [
              { ApplicationId: 'b', ApplicationStatus: 'COMPLETED', LastUpdatedTime: 2 },
            ],
          }
        : {
            ApplicationStateList: [
              { ApplicationId: 'a', ApplicationStatus: 'IN_PROGRESS', LastUpdatedTime: 1.5 },
            ],
            NextToken: 'page2',
          },
  });
  expect(await reader().listApplications()).toEqual([
    { ApplicationId: 'a', ApplicationStatus: 'IN_PROGRESS', LastUpdatedTime: 1.5 },
    { ApplicationId: 'b', ApplicationStatus: 'COMPLETED', LastUpdatedTime: 2 },
  ]);
  expect(targets).toEqual(['AWSMigrationHub.ListApplicationStates', 'AWSMigrationHub.ListApplicationStates']);
});

test('an API without the operation has no application states; any other refusal fails', async () => {
  answer = () => ({
    status: 400,
    type: 'UnknownOperationException',
    json: { __type: 'UnknownOperationException', Message: 'no such operation' },
  });
  expect(await reader().listApplications()).toEqual([]);
  answer = () => ({
    status: 400,
    type: 'AccessDeniedException',
    json: { __type: 'AccessDeniedException', Message: 'not you' },
  });
  const refused = reader().listApplications();
  await expect(refused).rejects.toBeInstanceOf(MigrationHubApiError);
  await expect(refused).rejects.toThrow('ListApplicationStates: AccessDeniedException: not you');
});
