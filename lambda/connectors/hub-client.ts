/**
 * Migration Hub calls made in-process: a connector reports exactly as a migration tool does, as an awsJson1_1
 * request through the API handler (routing, validation, home region, the operation, the store), with no network
 * hop and no signature. The request carries the identity of the account that owns the migrated item, so its
 * tasks land in that account's namespace, as a tool of that account would put them.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { AccessPolicy } from '../access/policy';
import type { ApiHandler } from '../api/create-api-handler';
import { SERVICES } from '../operations/operation';
import { proxyEvent } from '../protocol/proxy-event';

/** An error answer of the API, by its awsJson type (`ResourceNotFoundException`...). */
export class HubCallError extends Error {
  override readonly name = 'HubCallError';
  constructor(
    readonly operation: string,
    readonly type: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(`${operation} answered ${statusCode} ${type}: ${message}`);
  }

  /** Storage throttled or unavailable: worth trying again later, as an SDK would. */
  get retryable(): boolean {
    return this.statusCode >= 500 || this.type === 'ThrottlingException';
  }
}

/** The role name in the connector's caller ARN, as request logs show it. */
export const CONNECTOR_ROLE = 'MigrationHubConnector';

/** The ARN a connector's requests are logged under, in the account it reports for. */
export function connectorArn(accountId: string, connector: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${CONNECTOR_ROLE}/${connector}`;
}

/**
 * Stream permissions (MGH_STREAM_PERMISSIONS) govern the principals that call the API; a connector is part of
 * the deployment, allowed by whoever deployed it with `-c connectors`, so the handler it calls allows it every
 * stream of the accounts it reports for. It is never reachable from outside: it has no route, only this client.
 */
export const CONNECTOR_POLICY: AccessPolicy = { allows: () => true };

export class HubClient {
  constructor(
    private readonly api: ApiHandler,
    /** Which connector calls, for the caller ARN in the request logs (`mgn`, `dms`). */
    private readonly connector: string,
  ) {}

  /** Calls a Migration Hub operation for `accountId`; resolves its output, or rejects with HubCallError. */
  async call<Output = Record<string, unknown>>(
    accountId: string,
    operation: string,
    input: object,
  ): Promise<Output> {
    const requestId = randomUUID();
    const arn = connectorArn(accountId, this.connector);
    const event = proxyEvent(`${SERVICES.mgh}.${operation}`, JSON.stringify(input), {
      requestId,
      accountId,
      arn,
    });
    const context = { awsRequestId: requestId } as Context;
    const result = await this.api(event, context);
    const body = JSON.parse(result.body) as Record<string, unknown>;
    if (result.statusCode === 200) return body as Output;
    throw new HubCallError(
      operation,
      String(body.__type ?? 'UnknownError'),
      result.statusCode,
      String(body.message ?? body.Message ?? ''),
    );
  }
}
