/**
 * The API Lambda: an API Gateway REST proxy event in, an awsJson1_1 response out. The same function runs in
 * Lambda, behind the local endpoint and in tests; only what it is given differs.
 *
 * Each request: route by X-Amz-Target → who is calling → home region → validate the input (Zod) →
 * authorize the caller on the stream → DryRun answers here, having written nothing → run the operation.
 */
import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { callerOf, signedRegion } from '../access/caller';
import { checkHomeRegion } from '../access/home-region';
import type { AccessPolicy } from '../access/policy';
import {
  AccessDeniedError,
  DryRunOperationError,
  InternalServerError,
  ServiceError,
  UnauthorizedOperationError,
} from '../errors';
import { operations } from '../operations';
import { errorResponse, jsonBody, routeOf, successResponse } from '../protocol/aws-json';
import type { TaskStore } from '../store/task-store';
import { describeError, jsonLogger, type Logger } from './logger';

export interface ApiHandlerOptions {
  readonly store: TaskStore;
  /** Where Migration Hub answers; undefined: no home region is set, and every call says so. */
  readonly homeRegion: string | undefined;
  /** The region this deployment serves, for a request whose signature names none. */
  readonly region: string;
  readonly policy: AccessPolicy;
  readonly logger?: Logger;
}

function requestIdOf(event: APIGatewayProxyEvent): string {
  return event.requestContext?.requestId ?? randomUUID();
}

/** Turns whatever a request threw into the awsJson error a client's SDK reads; server faults are logged. */
function awsJsonErrors(logger: Logger): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: async (request) => {
      const error =
        request.error instanceof ServiceError
          ? request.error
          : new InternalServerError({ cause: request.error });
      const requestId = requestIdOf(request.event);
      if (error.statusCode >= 500) {
        logger.error('request failed', { requestId, type: error.type, ...describeError(error) });
      }
      request.response = errorResponse(requestId, error);
    },
  };
}

export function createApiHandler(options: ApiHandlerOptions) {
  const { store, homeRegion, region, policy, logger = jsonLogger } = options;

  async function handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const operation = routeOf(event, operations);
    const caller = callerOf(event);
    checkHomeRegion(homeRegion, signedRegion(event) ?? region);
    const call = operation.validate(jsonBody(event));
    if (!policy.allows(caller, operation.access, call.stream)) {
      const message = `${caller.arn} may not ${operation.access} progress update stream ${call.stream}.`;
      throw call.dryRun ? new UnauthorizedOperationError(message) : new AccessDeniedError(message);
    }
    if (call.dryRun) throw new DryRunOperationError();
    return successResponse(requestIdOf(event), await call.run({ caller, store }));
  }

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(awsJsonErrors(logger)).handler(handle);
}

export type ApiHandler = ReturnType<typeof createApiHandler>;
