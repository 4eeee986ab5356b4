/**
 * What a DynamoDB failure means to a client, for every module of the store: throttling → ThrottlingException,
 * an outage or no answer → ServiceUnavailableException (both retryable), anything else → InternalServerError.
 * Expected failures (a condition that did not hold) are told apart by each caller before it comes to this.
 */
import { isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import { InternalServerError, ServiceError, ServiceUnavailableError, ThrottlingError } from '../../errors';

/** How long a throttled client is told to wait. DynamoDB on-demand absorbs a burst within about a second. */
export const THROTTLE_RETRY_AFTER_SECONDS = 1;

/** Maps an error from the DynamoDB client to the API error a client should see. */
export function storageError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const sdkError = error as Parameters<typeof isTransientError>[0];
  if (isThrottlingError(sdkError)) return new ThrottlingError(THROTTLE_RETRY_AFTER_SECONDS, { cause: error });
  const status = sdkError.$metadata?.httpStatusCode;
  // The SDK attaches $metadata to every error of a request; without a status, no response ever came (a refused
  // or reset connection), however the underlying error was wrapped on its way.
  const noResponse = sdkError.$metadata !== undefined && status === undefined;
  if (isTransientError(sdkError) || noResponse || (status ?? 0) >= 500) {
    return new ServiceUnavailableError({ cause: error });
  }
  return new InternalServerError({ cause: error });
}

/** Awaits a request that has no expected failure: every error is a storage fault. */
export async function guarded<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw storageError(error);
  }
}
