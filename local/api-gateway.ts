/**
 * The local endpoint's imitation of API Gateway: it reads the request (refusing an oversized body as API
 * Gateway does), verifies its SigV4 signature and maps the access key to its principal, builds the REST proxy
 * event and Lambda context API Gateway would, calls the same handler the Lambda runs, and writes its answer.
 * Errors of its own (signature, oversized body, a request that is not HTTP) answer in the awsJson shape too.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiHandler } from '../lambda/api/create-api-handler';
import { InternalServerError, InvalidInputError, ServiceError } from '../lambda/errors';
import { describeError, type Logger } from '../lambda/observability/logger';
import { errorResponse } from '../lambda/protocol/aws-json';
import type { SigV4Verifier, VerifiedSignature } from './sigv4';

/** Far above the largest valid request (about 40 KB), far below what would strain the process. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** API Gateway's status for an oversized request; the type stays the one every SDK knows. */
class PayloadTooLargeError extends InvalidInputError {
  override readonly statusCode = 413;
}

/** The client went away before its request was read: there is no one to answer. */
class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new PayloadTooLargeError(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped; the answer closes the connection.
      if (size > MAX_BODY_BYTES)
        reject(new PayloadTooLargeError(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('close', () => {
      if (!request.complete) reject(new ClientGoneError('the client closed the connection mid-request'));
    });
    request.on('error', reject);
  });
}

function splitUrl(url: string): { path: string; query: Record<string, string[]> } {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query: Record<string, string[]> = {};
  if (queryStart !== -1) {
    for (const [key, value] of new URLSearchParams(url.slice(queryStart + 1))) {
      query[key] = [...(query[key] ?? []), value];
    }
  }
  return { path: path || '/', query };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The REST proxy event API Gateway builds for a request its IAM authorization let through. */
function proxyEvent(
  request: IncomingMessage,
  body: Buffer,
  { principal }: VerifiedSignature,
  requestId: string,
): APIGatewayProxyEvent {
  const { path, query } = splitUrl(request.url ?? '/');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(',');
    multiValueHeaders[name] = values;
  }
  // API Gateway hands a body that is not UTF-8 text to the Lambda base64-encoded.
  let text: string;
  let isBase64Encoded = false;
  try {
    text = strictUtf8.decode(body);
  } catch {
    text = body.toString('base64');
    isBase64Encoded = true;
  }
  const hasQuery = Object.keys(query).length > 0;
  const sourceIp = request.socket.remoteAddress ?? '127.0.0.1';
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: request.method ?? 'POST',
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.at(-1) ?? '']))
      : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: { proxy: path.replace(/^\//, '') },
    stageVariables: null,
    body: text,
    isBase64Encoded,
    requestContext: {
      accountId: principal.accountId,
      apiId: 'local',
      authorizer: null,
      httpMethod: request.method ?? 'POST',
      path,
      protocol: `HTTP/${request.httpVersion}`,
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      stage: 'local',
      identity: {
        accessKey: principal.accessKeyId,
        accountId: principal.accountId,
        apiKey: null,
        apiKeyId: null,
        caller: principal.arn,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp,
        user: principal.arn,
        userAgent: headers['user-agent'] ?? null,
        userArn: principal.arn,
      },
    },
  };
}

function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'local-endpoint',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local-endpoint',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyResult, closeConnection: boolean): void {
  const body = Buffer.from(result.body, 'utf8');
  response.writeHead(result.statusCode, {
    ...result.headers,
    'Content-Length': body.length,
    ...(closeConnection && { Connection: 'close' }),
  });
  response.end(body);
}

export interface GatewayOptions {
  readonly handler: ApiHandler;
  readonly verifier: SigV4Verifier;
  readonly logger: Logger;
  /** True once the server is shutting down: from then on every response closes its connection. */
  readonly closing: () => boolean;
}

/** Serves one API request as API Gateway would: read, verify, build the event, call the handler, answer. */
export function apiGateway({ handler, verifier, logger, closing }: GatewayOptions) {
  return async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const body = await readBody(request);
      const { path, query } = splitUrl(request.url ?? '/');
      const signature = await verifier.verify({
        method: request.method ?? 'POST',
        path,
        query,
        headers: request.headers,
        body,
      });
      const result = await handler(proxyEvent(request, body, signature, requestId), lambdaContext(requestId));
      send(response, result, closing());
    } catch (error) {
      if (error instanceof ClientGoneError) return;
      const serviceError = error instanceof ServiceError ? error : new InternalServerError({ cause: error });
      if (serviceError.statusCode >= 500)
        logger.error('local endpoint failed', { requestId, ...describeError(error) });
      if (!response.headersSent && !response.destroyed) {
        const closeConnection = closing() || serviceError instanceof PayloadTooLargeError;
        send(response, errorResponse(requestId, serviceError), closeConnection);
      }
    }
  };
}

/**
 * A request that is not even valid HTTP (or whose headers exceed Node's 16 KiB) still gets an AWS-shaped
 * answer before its connection is closed; the server stays up.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    __type: 'InvalidInputException',
    Message: tooLarge ? 'The request headers exceed 16 KiB.' : 'The request is not valid HTTP.',
  });
  socket.end(
    `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
      'Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: InvalidInputException\r\n' +
      `x-amzn-RequestId: ${randomUUID()}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
