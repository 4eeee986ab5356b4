/**
 * The local endpoint authenticates as API Gateway's IAM authorization does: every request must carry a valid
 * SigV4 signature from a known principal, and failures come back in the shape AWS JSON services use.
 */
import { CreateProgressUpdateStreamCommand, MigrationHubClient } from '@aws-sdk/client-migration-hub';
import { PRINCIPALS, signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

function clientWith(overrides: Partial<ConstructorParameters<typeof MigrationHubClient>[0]>) {
  return new MigrationHubClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: PRINCIPALS.tool,
    maxAttempts: 1,
    ...overrides,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const { name, $metadata } = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name, status: $metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}

const create = (client: MigrationHubClient, name = 'Signed') =>
  client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: name }));

test('an unknown access key is UnrecognizedClientException', async () => {
  const client = clientWith({ credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' } });
  expect(await errorOf(create(client))).toEqual({ name: 'UnrecognizedClientException', status: 403 });
});

test('a wrong secret is InvalidSignatureException, and nothing is written', async () => {
  const client = clientWith({ credentials: { ...PRINCIPALS.tool, secretAccessKey: 'not-the-secret' } });
  expect(await errorOf(create(client, 'Forged'))).toEqual({ name: 'InvalidSignatureException', status: 403 });
  expect(await endpoint.streamItem('Forged')).toBeUndefined();
});

test('a signature older than 15 minutes is InvalidSignatureException', async () => {
  const client = clientWith({ systemClockOffset: -16 * 60 * 1000 });
  expect(await errorOf(create(client))).toEqual({ name: 'InvalidSignatureException', status: 403 });
  const withinSkew = clientWith({ systemClockOffset: -14 * 60 * 1000 });
  await expect(create(withinSkew)).resolves.toHaveProperty('$metadata.httpStatusCode', 200);
});

test('a signature scoped to another service is InvalidSignatureException', async () => {
  const response = await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.CreateProgressUpdateStream',
    body: '{"ProgressUpdateStreamName":"S3"}',
    service: 's3',
  });
  expect(response.status).toBe(403);
  expect(response.json.__type).toBe('InvalidSignatureException');
  expect(response.json.Message).toContain('Credential should be scoped to correct service');
});

test('a body changed after signing is InvalidSignatureException', async () => {
  const response = await signedRequest(endpoint.url, {
    target: 'AWSMigrationHub.CreateProgressUpdateStream',
    body: '{"ProgressUpdateStreamName":"Original"}',
    headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  });
  expect(response.status).toBe(403);
  expect(response.json.__type).toBe('InvalidSignatureException');
  expect(await endpoint.streamItem('Original')).toBeUndefined();
});

describe('unsigned and half-signed requests', () => {
  const post = (headers: Record<string, string>) =>
    fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSMigrationHub.CreateProgressUpdateStream',
        ...headers,
      },
      body: '{"ProgressUpdateStreamName":"Unsigned"}',
    });

  test('no Authorization header is MissingAuthenticationTokenException', async () => {
    const response = await post({});
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      Message: 'Missing Authentication Token',
    });
  });

  test.each([
    [
      'no Signature',
      `AWS4-HMAC-SHA256 Credential=${PRINCIPALS.tool.accessKeyId}/20261128/us-east-1/mgh/aws4_request, SignedHeaders=host`,
    ],
    ['a malformed Credential', 'AWS4-HMAC-SHA256 Credential=abc, SignedHeaders=host, Signature=00'],
    ['another algorithm', 'Basic dXNlcjpwYXNz'],
  ])('%s is IncompleteSignatureException', async (_name, authorization) => {
    const response = await post({ authorization, 'x-amz-date': '20261128T000000Z' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'IncompleteSignatureException' });
    expect(await endpoint.streamItem('Unsigned')).toBeUndefined();
  });
});
