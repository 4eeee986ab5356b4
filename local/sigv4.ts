/**
 * SigV4 verification for the local endpoint, standing in for what API Gateway's AWS_IAM authorization does.
 * The signature is recomputed with AWS's own signer (@smithy/signature-v4) over exactly the headers the client
 * listed in SignedHeaders, then compared in constant time. Failures answer as an AWS JSON service does.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ServiceError } from '../lambda/errors';
import type { Principal } from './credentials';

/** Signing names accepted: the service's own (`mgh`), and API Gateway's, as a deployed stack requires. */
export const SIGNING_NAMES: ReadonlySet<string> = new Set(['mgh', 'execute-api']);
/** The clock skew AWS tolerates between a request's X-Amz-Date and the server's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export class SignatureError extends ServiceError {
  override readonly name = 'SignatureError';
  constructor(
    readonly type:
      | 'MissingAuthenticationTokenException'
      | 'IncompleteSignatureException'
      | 'UnrecognizedClientException'
      | 'InvalidSignatureException',
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const missing = (message: string) => new SignatureError('MissingAuthenticationTokenException', 403, message);
const incomplete = (message: string) => new SignatureError('IncompleteSignatureException', 400, message);
const invalid = (message: string) => new SignatureError('InvalidSignatureException', 403, message);

export interface SignedRequest {
  readonly method: string;
  /** The path as sent, percent-encoded, without the query. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Header names in lower case, as Node delivers them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface VerifiedSignature {
  readonly principal: Principal;
  readonly region: string;
  readonly service: string;
}

interface AuthorizationHeader {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const X_AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function parseAuthorization(header: string): AuthorizationHeader {
  if (!header.startsWith(`${ALGORITHM} `)) {
    throw incomplete(`Authorization header must use the ${ALGORITHM} algorithm (AWS Signature Version 4).`);
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const [key, ...value] = part.trim().split('=');
    if (!key) continue;
    // A repeated parameter could make two readers of the header disagree (which region was signed for).
    if (fields.has(key)) throw incomplete(`Authorization header has more than one '${key}' parameter.`);
    fields.set(key, value.join('='));
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    const absent = [
      !credential && "'Credential'",
      !signedHeaders && "'SignedHeaders'",
      !signature && "'Signature'",
    ];
    throw incomplete(`Authorization header requires ${absent.filter(Boolean).join(', ')} parameter(s).`);
  }
  const scope = credential.split('/');
  const [accessKeyId, date, region, service, terminator] = scope;
  if (scope.length !== 5 || !accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    throw incomplete(
      "Credential must have the form 'ACCESS_KEY/yyyyMMdd/region/service/aws4_request'. " +
        `Got '${credential}'.`,
    );
  }
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const match = X_AMZ_DATE.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function safeDecodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export class SigV4Verifier {
  constructor(
    private readonly principals: ReadonlyMap<string, Principal>,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(request: SignedRequest): Promise<VerifiedSignature> {
    const authorizationHeader = headerText(request.headers.authorization);
    if (!authorizationHeader) throw missing('Missing Authentication Token');
    const auth = parseAuthorization(authorizationHeader);

    const amzDate = headerText(request.headers['x-amz-date']);
    if (!amzDate) {
      throw incomplete("Authorization header requires existence of a valid 'X-Amz-Date' header.");
    }
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate) throw incomplete(`X-Amz-Date must have the form yyyyMMddTHHmmssZ. Got '${amzDate}'.`);
    const skew = signingDate.getTime() - this.now();
    if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
      throw invalid(
        skew < 0
          ? `Signature expired: ${amzDate} is now earlier than 15 minutes before the server's time.`
          : `Signature not yet current: ${amzDate} is still later than 15 minutes after the server's time.`,
      );
    }
    if (auth.date !== amzDate.slice(0, 8)) {
      throw invalid(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.`,
      );
    }
    if (!SIGNING_NAMES.has(auth.service)) {
      throw invalid(
        `Credential should be scoped to correct service: 'mgh' (or 'execute-api'), not '${auth.service}'.`,
      );
    }
    if (!auth.signedHeaders.includes('host')) throw invalid("'Host' must be a signed header.");

    const principal = this.principals.get(auth.accessKeyId);
    if (!principal) {
      throw new SignatureError(
        'UnrecognizedClientException',
        403,
        'The security token included in the request is invalid.',
      );
    }

    const headers: Record<string, string> = Object.create(null);
    for (const name of auth.signedHeaders) {
      // Own properties only: `constructor` or `__proto__` in SignedHeaders must not reach the prototype.
      const value = Object.hasOwn(request.headers, name) ? headerText(request.headers[name]) : undefined;
      if (value === undefined) throw invalid(`Header '${name}' is listed in SignedHeaders but absent.`);
      headers[name] = value;
    }
    const claimedPayloadHash = headers['x-amz-content-sha256'];
    if (claimedPayloadHash !== undefined) {
      const actual = createHash('sha256').update(request.body).digest('hex');
      if (claimedPayloadHash !== actual) {
        throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
      }
    }

    const signer = new SignatureV4({
      credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey },
      region: auth.region,
      service: auth.service,
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: request.method,
        protocol: 'http:',
        hostname: headers.host ?? '',
        path: safeDecodePath(request.path),
        query: { ...request.query },
        headers,
        body: request.body,
      }),
      { signingDate, signableHeaders: new Set(auth.signedHeaders) },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
    const given = Buffer.from(auth.signature);
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      throw invalid(
        'The request signature we calculated does not match the signature you provided. ' +
          'Check your AWS Secret Access Key and signing method.',
      );
    }
    return { principal, region: auth.region, service: auth.service };
  }
}
