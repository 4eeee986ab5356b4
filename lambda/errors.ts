/**
 * The errors of the Migration Hub API, as the operations raise them. Only the protocol edge turns them into
 * wire responses (`lambda/protocol/aws-json.ts`); the class name is never sent, `type` is.
 *
 * Server faults carry their detail in `cause` (for the log) and a fixed message for the client, so no table
 * name, ARN or stack trace ever leaves the service.
 */
export abstract class ServiceError extends Error {
  /** The modeled error shape name, sent as `__type` and `x-amzn-ErrorType`. */
  abstract readonly type: string;
  abstract readonly statusCode: number;
}

abstract class ClientError extends ServiceError {
  readonly statusCode: number = 400;
}

export class InvalidInputError extends ClientError {
  override readonly name = 'InvalidInputError';
  readonly type = 'InvalidInputException';
}

export class UnknownOperationError extends ClientError {
  override readonly name = 'UnknownOperationError';
  readonly type = 'UnknownOperationException';
}

export class ResourceNotFoundError extends ClientError {
  override readonly name = 'ResourceNotFoundError';
  readonly type = 'ResourceNotFoundException';
}

export class AccessDeniedError extends ClientError {
  override readonly name = 'AccessDeniedError';
  readonly type = 'AccessDeniedException';
}

export class UnauthorizedOperationError extends ClientError {
  override readonly name = 'UnauthorizedOperationError';
  readonly type = 'UnauthorizedOperation';
}

/** DryRun of a call that would have been allowed: the real service answers it as an error, never a 200. */
export class DryRunOperationError extends ClientError {
  override readonly name = 'DryRunOperationError';
  readonly type = 'DryRunOperation';
  constructor() {
    super(
      'Dry Run was a success! The request would have succeeded, but the DryRun flag is set: nothing changed.',
    );
  }
}

/**
 * A NextToken that has expired: the API reference says "Using an expired pagination token will return an HTTP 400
 * InvalidToken error". Not a modeled shape, so SDKs surface it by its code (botocore's ClientError `InvalidToken`,
 * the JS SDK's service exception named `InvalidToken`).
 */
export class InvalidTokenError extends ClientError {
  override readonly name = 'InvalidTokenError';
  readonly type = 'InvalidToken';
}

export class HomeRegionNotSetError extends ClientError {
  override readonly name = 'HomeRegionNotSetError';
  readonly type = 'HomeRegionNotSetException';
  constructor() {
    super(
      'Your home region is not set. Before calling AWS Migration Hub APIs, set your home region with ' +
        'CreateHomeRegionControl (aws migrationhub-config create-home-region-control --home-region REGION ' +
        '--target Type=ACCOUNT), or for every account with the setting (MGH_HOME_REGION for the local ' +
        'endpoint; when deployed, cdk deploy -c homeRegion=REGION).',
    );
  }
}

/** Storage is throttled. Modeled with HTTP 400; every AWS SDK retries it by name. */
export class ThrottlingError extends ClientError {
  override readonly name = 'ThrottlingError';
  readonly type = 'ThrottlingException';
  constructor(
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super('The request was throttled. Retry after a short wait.', options);
  }
}

/** Storage could not be reached or failed transiently. A 5xx, so every AWS SDK retries it. */
export class ServiceUnavailableError extends ServiceError {
  override readonly name = 'ServiceUnavailableError';
  readonly type = 'ServiceUnavailableException';
  readonly statusCode = 500;
  constructor(options?: ErrorOptions) {
    super('The service is temporarily unavailable. Retry the request.', options);
  }
}

/** Anything unexpected. The detail stays in `cause`, for the log. */
export class InternalServerError extends ServiceError {
  override readonly name = 'InternalServerError';
  readonly type = 'InternalServerError';
  readonly statusCode = 500;
  constructor(options?: ErrorOptions) {
    super(
      'An internal error occurred. Retry the request; if it keeps failing, check the service logs.',
      options,
    );
  }
}
