/**
 * A client that pauses between calls finds its keep-alive connection still open: the local endpoint keeps idle
 * connections longer than Node's 5 s default (at which a pausing JS SDK client met ECONNRESET).
 */
import { Agent, request } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../local/server';
import { PRINCIPALS, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

/** One signed ListProgressUpdateStreams on `agent`: its status, whether it reused a socket, its Keep-Alive. */
async function listStreams(agent: Agent) {
  const { hostname, port } = new URL(endpoint.url);
  const body = '{}';
  const signed = await new SignatureV4({
    credentials: PRINCIPALS.tool,
    region: 'us-east-1',
    service: 'mgh',
    sha256: Hash.bind(null, 'sha256'),
  }).sign(
    new HttpRequest({
      method: 'POST',
      hostname,
      path: '/',
      headers: {
        host: `${hostname}:${port}`,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSMigrationHub.ListProgressUpdateStreams',
      },
      body,
    }),
  );
  return new Promise<{ status?: number; reused: boolean; keepAlive: string }>((resolve, reject) => {
    const call = request(
      { agent, hostname, port, method: 'POST', path: '/', headers: signed.headers },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode,
            reused: call.reusedSocket,
            keepAlive: String(response.headers['keep-alive']),
          }),
        );
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

test('an idle connection outlives a pause longer than Node’s 5 s default and is reused', async () => {
  // As the SDK's agent keeps them: one socket, and no idle limit of its own.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await listStreams(agent);
    expect(first).toEqual({
      status: 200,
      reused: false,
      keepAlive: `timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`,
    });
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await listStreams(agent)).toMatchObject({ status: 200, reused: true });
  } finally {
    agent.destroy();
  }
});
