/**
 * The API Lambda: an API Gateway REST proxy event in, an awsJson1_1 response out. The same function runs in
 * Lambda, behind the local endpoint and in tests; only what it is given differs.
 *
 * Each request: route by X-Amz-Target → who is calling → the caller's account's home region (configured, or its
 * stored control, read only when the operation depends on it) → validate the input (Zod, then the rules that
 * depend on the caller) → authorize the caller on the stream → DryRun answers here, having written nothing →
 * run the operation.
 */
import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { callerOf, signedRegion } from '../access/caller';
import { type ControlRegions, checkHomeRegion, HomeRegions } from '../access/home-region';
import type { AccessPolicy } from '../access/policy';
import { type Clock, systemClock } from '../clock';
import {
  AccessDeniedError,
  DryRunOperationError,
  InternalServerError,
  ServiceError,
  UnauthorizedOperationError,
} from '../errors';
import { describeError, jsonLogger, type Logger } from '../observability/logger';
import { noTelemetry, type RequestRecord, type Telemetry } from '../observability/telemetry';
import { operations } from '../operations';
import { errorResponse, jsonBody, routeOf, successResponse } from '../protocol/aws-json';
import type { ApplicationStore } from '../store/application-store';
import type { HomeRegionStore } from '../store/home-region-store';
import type { TaskStore } from '../store/task-store';

export interface ApiHandlerOptions {
  readonly store: TaskStore;
  /** Application states (NotifyApplicationState and its reads). */
  readonly applications: ApplicationStore;
  /** @default systemClock */
  readonly clock?: Clock;
  /**
   * The home region of every account this deployment serves; undefined: none is configured, and each account
   * sets its own with CreateHomeRegionControl (until then, calls that need one say so).
   */
  readonly homeRegion: string | undefined;
  /** The controls accounts set with CreateHomeRegionControl, read only while no homeRegion is configured. */
  readonly homeRegionControls: HomeRegionStore;
  /**
   * The regions a control may name: those this deployment can be called in. Deployed, only `region` (API
   * Gateway accepts signatures for its own region); locally, any.
   * @default [region]
   */
  readonly controlRegions?: ControlRegions;
  /** The region this deployment serves, for a request whose signature names none. */
  readonly region: string;
  readonly policy: AccessPolicy;
  /** Where server faults are logged. */
  readonly logger?: Logger;
  /** What hears of every finished request (a log line, metrics). */
  readonly telemetry?: Telemetry;
}

/**
 * The Lambda context, carrying the record of the request in flight: middy's way for middlewares and the
 * handler to share per-request state (the local endpoint runs many requests at once, so no module state).
 */
export interface ApiContext extends Context {
  record?: RequestRecord & { readonly startedAt: number };
}

function recordOf(context: ApiContext): RequestRecord & { readonly startedAt: number } {
  if (!context.record) throw new Error('the awsJsonEdge middleware did not run');
  return context.record;
}

/**
 * The protocol edge as a middleware: opens the request's record, turns whatever the request threw into the
 * awsJson error a client's SDK reads (server faults are logged with their cause), and reports the outcome.
 */
function awsJsonEdge(
  logger: Logger,
  telemetry: Telemetry,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext> {
  const finish = (context: ApiContext, statusCode: number) => {
    const record = recordOf(context);
    record.statusCode = statusCode;
    record.durationMs = Math.round(performance.now() - record.startedAt);
    const { startedAt: _, ...finished } = record;
    telemetry.requestFinished(finished);
  };
  return {
    before: (request) => {
      const requestId = request.event.requestContext?.requestId ?? randomUUID();
      request.context.record = { requestId, startedAt: performance.now() };
    },
    after: (request) => {
      finish(request.context, request.response?.statusCode ?? 200);
    },
    onError: (request) => {
      const error =
        request.error instanceof ServiceError
          ? request.error
          : new InternalServerError({ cause: request.error });
      const record = recordOf(request.context);
      if (error.statusCode >= 500) {
        logger.error('request failed', {
          requestId: record.requestId,
          type: error.type,
          ...describeError(error),
        });
      }
      record.errorType = error.type;
      request.response = errorResponse(record.requestId, error);
      finish(request.context, error.statusCode);
    },
  };
}

export function createApiHandler(options: ApiHandlerOptions) {
  const {
    store,
    applications,
    clock = systemClock,
    homeRegion,
    homeRegionControls,
    region,
    controlRegions = [region],
    policy,
    logger = jsonLogger,
    telemetry = noTelemetry,
  } = options;
  const homeRegions = new HomeRegions(homeRegion, homeRegionControls, controlRegions);

  async function handle(event: APIGatewayProxyEvent, context: ApiContext): Promise<APIGatewayProxyResult> {
    const record = recordOf(context);
    const operation = routeOf(event, operations);
    record.operation = operation.name;
    const caller = callerOf(event);
    const accountHomeRegion = await homeRegions.regionFor(caller.accountId, operation.homeRegion);
    checkHomeRegion(operation.homeRegion, accountHomeRegion, signedRegion(event) ?? region);
    const call = operation.validate(jsonBody(event));
    call.check?.({ caller, homeRegions });
    const { target } = call;
    if (target) {
      Object.assign(record, target);
      if (!policy.allows(caller, operation.access, target.stream)) {
        const message = `${caller.arn} may not ${operation.access} progress update stream ${target.stream}.`;
        throw call.dryRun ? new UnauthorizedOperationError(message) : new AccessDeniedError(message);
      }
    }
    if (call.dryRun) throw new DryRunOperationError();
    const output = await call.run({
      caller,
      store,
      applications,
      clock,
      annotate: (facts) => Object.assign(record, facts),
      mayRead: (stream) => policy.allows(caller, 'read', stream),
      homeRegions,
    });
    return successResponse(record.requestId, output);
  }

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>()
    .use(awsJsonEdge(logger, telemetry))
    .handler(handle);
}

export type ApiHandler = ReturnType<typeof createApiHandler>;
