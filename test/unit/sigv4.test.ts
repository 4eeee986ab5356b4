/**
 * The verifier against requests signed by AWS's own signer, with the clock injected so the 15-minute skew
 * window is checked to the second.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { DEFAULT_PRINCIPAL } from '../../local/credentials';
import { MAX_CLOCK_SKEW_MS, SignatureError, SigV4Verifier } from '../../local/sigv4';

const SIGNED_AT = new Date('2026-11-28T20:47:44Z');
const body = Buffer.from('{"ProgressUpdateStreamName":"Tool"}');

async function sign(options: { service?: string; signableHeaders?: string[]; secret?: string } = {}) {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: DEFAULT_PRINCIPAL.accessKeyId,
      secretAccessKey: options.secret ?? DEFAULT_PRINCIPAL.secretAccessKey,
    },
    region: 'us-west-2',
    service: options.service ?? 'mgh',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: 'localhost:6440',
      path: '/prod/',
      headers: {
        host: 'localhost:6440',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSMigrationHub.CreateProgressUpdateStream',
        'user-agent': 'botocore/1.43',
      },
      body,
    }),
    { signingDate: SIGNED_AT },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: 'POST', path: '/prod/', query: {}, headers, body };
}

const verifierAt = (offsetMs: number) =>
  new SigV4Verifier(
    new Map([[DEFAULT_PRINCIPAL.accessKeyId, DEFAULT_PRINCIPAL]]),
    () => SIGNED_AT.getTime() + offsetMs,
  );

async function failure(promise: Promise<unknown>): Promise<SignatureError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignatureError) return error;
    throw error;
  }
  throw new Error('verified');
}

test('a valid signature yields the principal, region and signing name; unsigned headers may change', async () => {
  const request = await sign();
  const verified = await verifierAt(0).verify({
    ...request,
    headers: { ...request.headers, 'user-agent': 'other' },
  });
  expect(verified).toEqual({ principal: DEFAULT_PRINCIPAL, region: 'us-west-2', service: 'mgh' });
});

test('execute-api signatures are accepted as well', async () => {
  expect((await verifierAt(0).verify(await sign({ service: 'execute-api' }))).service).toBe('execute-api');
});

test.each([
  [MAX_CLOCK_SKEW_MS, undefined],
  [-MAX_CLOCK_SKEW_MS, undefined],
  [MAX_CLOCK_SKEW_MS + 1000, 'Signature expired'],
  [-MAX_CLOCK_SKEW_MS - 1000, 'Signature not yet current'],
])('server clock %i ms from the signing time: %s', async (offset, message) => {
  const verifying = verifierAt(offset).verify(await sign());
  if (message === undefined) {
    expect((await verifying).principal).toBe(DEFAULT_PRINCIPAL);
  } else {
    const error = await failure(verifying);
    expect(error.type).toBe('InvalidSignatureException');
    expect(error.message).toContain(message);
  }
});

test.each([
  [
    'the body',
    (r: Awaited<ReturnType<typeof sign>>) => ({
      ...r,
      body: Buffer.from('{"ProgressUpdateStreamName":"Evil"}'),
    }),
  ],
  [
    'a signed header',
    (r: Awaited<ReturnType<typeof sign>>) => ({
      ...r,
      headers: { ...r.headers, 'x-amz-target': 'AWSMigrationHub.Other' },
    }),
  ],
  ['the path', (r: Awaited<ReturnType<typeof sign>>) => ({ ...r, path: '/other/' })],
])('changing %s after signing breaks the signature', async (_name, tamper) => {
  const error = await failure(verifierAt(0).verify(tamper(await sign())));
  expect(error).toMatchObject({ type: 'InvalidSignatureException', statusCode: 403 });
});

test('a wrong secret is InvalidSignatureException; a signed header that is absent as well', async () => {
  expect((await failure(verifierAt(0).verify(await sign({ secret: 'wrong' })))).type).toBe(
    'InvalidSignatureException',
  );
  const request = await sign();
  const { 'x-amz-target': _dropped, ...headers } = request.headers;
  const error = await failure(verifierAt(0).verify({ ...request, headers }));
  expect(error.message).toContain("'x-amz-target' is listed in SignedHeaders but absent");
});

test('a repeated Authorization parameter is refused, so no reader can see another region than was signed', async () => {
  const request = await sign();
  const authorization = String(request.headers.authorization).replace(
    'Credential=',
    `Credential=${DEFAULT_PRINCIPAL.accessKeyId}/20261128/us-east-1/mgh/aws4_request, Credential=`,
  );
  const error = await failure(
    verifierAt(0).verify({ ...request, headers: { ...request.headers, authorization } }),
  );
  expect(error).toMatchObject({ type: 'IncompleteSignatureException', statusCode: 400 });
});

test.each(['constructor', '__proto__', 'hasOwnProperty'])(
  'SignedHeaders naming %s is an ordinary missing header, not a server fault',
  async (name) => {
    const request = await sign();
    const authorization = String(request.headers.authorization).replace(
      'SignedHeaders=',
      `SignedHeaders=${name};`,
    );
    const error = await failure(
      verifierAt(0).verify({ ...request, headers: { ...request.headers, authorization } }),
    );
    expect(error).toMatchObject({ type: 'InvalidSignatureException', statusCode: 403 });
  },
);
