/**
 * The awsJson1_1 edge (see ../shared/spec/wire-protocol.md): which operation a request calls, its JSON body,
 * and the response a client's SDK reads. Nothing here knows an operation's meaning.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InvalidInputError, type ServiceError, ThrottlingError, UnknownOperationError } from '../errors';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** A request header, whatever case the client sent its name in. */
export function headerValue(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) return headers[key];
  }
  return undefined;
}

/**
 * The operation a request calls, from its `X-Amz-Target` (`AWSMigrationHub.<Operation>`, or
 * `AWSMigrationHubMultiAccountService.<Operation>` for migrationhub-config), on any path: botocore posts to the
 * endpoint's path, the JS SDK to that path with a trailing slash.
 */
export function routeOf<Operation>(
  event: APIGatewayProxyEvent,
  table: ReadonlyMap<string, Operation>,
): Operation {
  const target = headerValue(event, 'x-amz-target');
  if (!target) throw new InvalidInputError('Missing X-Amz-Target header: it names the operation to call.');
  const operation = table.get(target);
  if (!operation) {
    throw new UnknownOperationError(
      `Unknown operation: the X-Amz-Target ${JSON.stringify(target)} is not supported.`,
    );
  }
  return operation;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request body as a JSON object. An empty body is `{}` (the operation's schema then names what is
 * missing); members set to `null` count as absent, as in every awsJson service.
 */
export function jsonBody(event: APIGatewayProxyEvent): Record<string, unknown> {
  let text = event.body ?? '';
  if (event.isBase64Encoded) {
    try {
      text = utf8.decode(Buffer.from(text, 'base64'));
    } catch {
      throw new InvalidInputError('The request body must be UTF-8 encoded JSON.');
    }
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Also a document nested too deeply to parse (RangeError): the message stays the same.
    throw new InvalidInputError('The request body is not valid JSON.');
  }
  if (!isObject(parsed)) throw new InvalidInputError('The request body must be a JSON object.');
  return normalized(parsed, 1) as Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** No input of the API nests deeper than 3; anything past this is refused before it is walked. */
export const MAX_JSON_DEPTH = 32;

/**
 * Drops `null` members of objects (arrays keep theirs, for the schema to refuse) and refuses nesting deeper than
 * MAX_JSON_DEPTH before walking it.
 */
function normalized(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_JSON_DEPTH) {
    throw new InvalidInputError(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  if (Array.isArray(value)) return value.map((item) => normalized(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    // `__proto__` is no member of any shape; assigning it would replace the object's prototype.
    if (member !== null && key !== '__proto__') out[key] = normalized(member, depth + 1);
  }
  return out;
}

function headers(requestId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': requestId, ...extra };
}

export function successResponse(requestId: string, output: object): APIGatewayProxyResult {
  return { statusCode: 200, headers: headers(requestId), body: JSON.stringify(output) };
}

/**
 * The error shape both SDK families read: `__type` in the body (botocore), `x-amzn-ErrorType` in a header
 * (JS SDK), and a capitalised `Message`.
 */
export function errorResponse(requestId: string, error: ServiceError): APIGatewayProxyResult {
  const body: Record<string, unknown> = { __type: error.type, Message: error.message };
  const extra: Record<string, string> = { 'x-amzn-ErrorType': error.type };
  if (error instanceof ThrottlingError) {
    body.RetryAfterSeconds = error.retryAfterSeconds;
    extra['Retry-After'] = String(error.retryAfterSeconds);
  }
  return { statusCode: error.statusCode, headers: headers(requestId, extra), body: JSON.stringify(body) };
}
