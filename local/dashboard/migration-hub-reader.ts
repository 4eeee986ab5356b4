/**
 * Reads a Migration Hub endpoint (the local one, or a deployed stack through API Gateway) with raw signed
 * awsJson1_1 requests. Not the SDK: @aws-sdk/client-migration-hub drops members it does not model, such as
 * `Stale` and `StaleSince`, and the version this project tests with lacks ListMigrationTaskUpdates.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../lambda/model/application';
import { MIGRATION_STATUSES } from '../../lambda/model/status';
import { retry } from '../../lambda/retry';

/** Static keys or a provider (such as the default provider chain), as the signer takes them. */
export type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export interface ReaderOptions {
  /** The API's URL, e.g. `http://127.0.0.1:6440` or `https://abc.execute-api.eu-west-1.amazonaws.com/prod/`. */
  readonly endpoint: string;
  readonly region: string;
  /** `mgh` for the local endpoint, `execute-api` for API Gateway. */
  readonly signingName: 'mgh' | 'execute-api';
  readonly credentials: Credentials;
  /** Per request. @default 15000 */
  readonly timeoutMs?: number;
}

/** No answer at all: refused, unresolvable, timed out. */
const NETWORK_ERROR = 'NetworkError';

/** An error the API answered, with its awsJson type (`AccessDeniedException`, ...) when it named one. */
export class MigrationHubApiError extends Error {
  override readonly name = 'MigrationHubApiError';
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.type === 'ThrottlingException' || this.type === NETWORK_ERROR || this.status >= 500;
  }
}

const Status = z.enum(MIGRATION_STATUSES);
export type Status = z.infer<typeof Status>;

const TaskSummary = z.object({
  ProgressUpdateStream: z.string(),
  MigrationTaskName: z.string(),
  Status: Status.optional(),
  ProgressPercent: z.number().optional(),
  StatusDetail: z.string().optional(),
  UpdateDateTime: z.number().optional(),
  // Beyond the model: absent from an API that does not compute staleness.
  Stale: z.boolean().optional(),
  StaleSince: z.number().optional(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

const TaskState = z.object({
  Status: Status,
  StatusDetail: z.string().optional(),
  ProgressPercent: z.number().optional(),
});

const TaskUpdate = z.object({
  UpdateDateTime: z.number(),
  UpdateType: z.string().optional(),
  MigrationTaskState: TaskState,
});
export type TaskUpdate = z.infer<typeof TaskUpdate>;

const ResourceAttribute = z.object({ Type: z.string(), Value: z.string() });
export type ResourceAttribute = z.infer<typeof ResourceAttribute>;

const NextToken = z.string().optional();

const DiscoveredResource = z.object({ ConfigurationId: z.string(), Description: z.string().optional() });
export type DiscoveredResource = z.infer<typeof DiscoveredResource>;

const SourceResource = z.object({
  Name: z.string(),
  Description: z.string().optional(),
  StatusDetail: z.string().optional(),
});
export type SourceResource = z.infer<typeof SourceResource>;
const ApplicationState = z.object({
  ApplicationId: z.string(),
  ApplicationStatus: z.enum(APPLICATION_STATUSES),
  LastUpdatedTime: z.number(),
});
export type ApplicationState = z.infer<typeof ApplicationState>;

const OUTPUTS = {
  ListProgressUpdateStreams: z.object({
    ProgressUpdateStreamSummaryList: z.array(z.object({ ProgressUpdateStreamName: z.string() })).default([]),
    NextToken,
  }),
  ListMigrationTasks: z.object({ MigrationTaskSummaryList: z.array(TaskSummary).default([]), NextToken }),
  ListMigrationTaskUpdates: z.object({ MigrationTaskUpdateList: z.array(TaskUpdate).default([]), NextToken }),
  ListDiscoveredResources: z.object({
    DiscoveredResourceList: z.array(DiscoveredResource).default([]),
    NextToken,
  }),
  ListSourceResources: z.object({ SourceResourceList: z.array(SourceResource).default([]), NextToken }),
  ListApplicationStates: z.object({ ApplicationStateList: z.array(ApplicationState).default([]), NextToken }),
  DescribeMigrationTask: z.object({
    MigrationTask: z.object({ ResourceAttributeList: z.array(ResourceAttribute).default([]) }),
  }),
};
type Operation = keyof typeof OUTPUTS;
type Output<O extends Operation> = z.infer<(typeof OUTPUTS)[O]>;
type Listing = Exclude<Operation, 'DescribeMigrationTask'>;

const ErrorBody = z.object({ __type: z.string().optional(), Message: z.string().optional() });

/** Stops a walk that would never end (an API that keeps answering NextToken). */
const MAX_PAGES = 1_000;
const ATTEMPTS = 3;

export class MigrationHubReader {
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly timeoutMs: number;

  constructor(options: ReaderOptions) {
    this.url = new URL(options.endpoint);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:')
      throw new Error(`The endpoint must be an http(s) URL, not '${options.endpoint}'`);
    this.signer = new SignatureV4({
      credentials: options.credentials,
      region: options.region,
      service: options.signingName,
      sha256: Hash.bind(null, 'sha256'),
    });
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** The endpoint, as people know it (no credentials in a URL reach the page). */
  get endpoint(): string {
    return `${this.url.origin}${this.url.pathname}`;
  }

  async listStreams(): Promise<string[]> {
    const streams: string[] = [];
    await this.walk('ListProgressUpdateStreams', {}, (page) => {
      streams.push(...page.ProgressUpdateStreamSummaryList.map((s) => s.ProgressUpdateStreamName));
      return true;
    });
    return streams;
  }

  /** Every task of the account, stream by stream in name order. */
  /** Every task of the account; with `resourceName`, those it finds (an attribute value, a discovered id). */
  async listTasks(resourceName?: string): Promise<TaskSummary[]> {
    const tasks: TaskSummary[] = [];
    const input = resourceName === undefined ? {} : { ResourceName: resourceName };
    await this.walk('ListMigrationTasks', input, (page) => {
      tasks.push(...page.MigrationTaskSummaryList);
      return true;
    });
    return tasks;
  }

  /**
   * The account's application states. An API that does not implement them (a stack deployed before they
   * were) has none to show: its tasks still are.
   */
  async listApplications(): Promise<ApplicationState[]> {
    const states: ApplicationState[] = [];
    try {
      await this.walk('ListApplicationStates', {}, (page) => {
        states.push(...page.ApplicationStateList);
        return true;
      });
    } catch (error) {
      if (error instanceof MigrationHubApiError && error.type === 'UnknownOperationException') return [];
      throw error;
    }
    return states;
  }

  /** The task's updates, oldest first, at most `limit` of them (the oldest, then `truncated`). */
  async listUpdates(
    stream: string,
    task: string,
    limit: number,
  ): Promise<{ updates: TaskUpdate[]; truncated: boolean }> {
    const updates: TaskUpdate[] = [];
    let truncated = false;
    await this.walk(
      'ListMigrationTaskUpdates',
      { ProgressUpdateStream: stream, MigrationTaskName: task },
      (page, next) => {
        updates.push(...page.MigrationTaskUpdateList);
        truncated = updates.length >= limit && next !== undefined;
        return !truncated;
      },
    );
    return { updates, truncated };
  }

  /** The task's discovered resources, at most `limit` of them (then `truncated`). */
  async discoveredResources(
    stream: string,
    task: string,
    limit: number,
  ): Promise<{ resources: DiscoveredResource[]; truncated: boolean }> {
    const resources: DiscoveredResource[] = [];
    let truncated = false;
    await this.walk(
      'ListDiscoveredResources',
      { ProgressUpdateStream: stream, MigrationTaskName: task },
      (page, next) => {
        resources.push(...page.DiscoveredResourceList);
        truncated = resources.length >= limit && next !== undefined;
        return !truncated;
      },
    );
    return { resources, truncated };
  }

  /** The task's source resources, at most `limit` of them (then `truncated`). */
  async sourceResources(
    stream: string,
    task: string,
    limit: number,
  ): Promise<{ resources: SourceResource[]; truncated: boolean }> {
    const resources: SourceResource[] = [];
    let truncated = false;
    await this.walk(
      'ListSourceResources',
      { ProgressUpdateStream: stream, MigrationTaskName: task },
      (page, next) => {
        resources.push(...page.SourceResourceList);
        truncated = resources.length >= limit && next !== undefined;
        return !truncated;
      },
    );
    return { resources, truncated };
  }

  async resourceAttributes(stream: string, task: string): Promise<ResourceAttribute[]> {
    const output = await this.call('DescribeMigrationTask', {
      ProgressUpdateStream: stream,
      MigrationTaskName: task,
    });
    return output.MigrationTask.ResourceAttributeList;
  }

  private async walk<O extends Listing>(
    operation: O,
    input: Record<string, unknown>,
    /** Answers whether to read the next page. */
    onPage: (page: Output<O>, next: string | undefined) => boolean,
  ): Promise<void> {
    let token: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await this.call(operation, { ...input, ...(token && { NextToken: token }) });
      token = page.NextToken;
      if (!onPage(page, token) || !token) return;
    }
    throw new Error(`${operation} still had more pages after ${MAX_PAGES}`);
  }

  /** One operation, retried with backoff when the API says it may be (throttling, 5xx, no answer). */
  async call<O extends Operation>(operation: O, input: Record<string, unknown>): Promise<Output<O>> {
    let output: Output<O> | undefined;
    let lastError: unknown;
    await retry(
      async () => {
        try {
          output = await this.send(operation, input);
          return true;
        } catch (error) {
          const retryable = !(error instanceof MigrationHubApiError) || error.retryable;
          if (!retryable) throw error;
          lastError = error;
          return false;
        }
      },
      { attempts: ATTEMPTS, backoffMs: (failed) => 200 * 2 ** failed * Math.random() },
      () => (lastError instanceof Error ? lastError : new Error(String(lastError))),
    );
    return output as Output<O>;
  }

  private async send<O extends Operation>(operation: O, input: Record<string, unknown>): Promise<Output<O>> {
    const body = JSON.stringify(input);
    const path = this.url.pathname || '/';
    const signed = await this.signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: this.url.protocol,
        hostname: this.url.hostname,
        ...(this.url.port && { port: Number(this.url.port) }),
        path,
        headers: {
          host: this.url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSMigrationHub.${operation}`,
        },
        body,
      }),
    );
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL(path, this.url.origin), {
        method: 'POST',
        headers: signed.headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      throw new MigrationHubApiError(
        NETWORK_ERROR,
        0,
        `${operation}: no answer from ${this.endpoint} (${networkReason(cause)})`,
        { cause },
      );
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch (cause) {
      throw new MigrationHubApiError(
        'InvalidResponse',
        response.status,
        `${operation} answered HTTP ${response.status} with a body that is not JSON`,
        { cause },
      );
    }
    if (!response.ok) {
      const parsed = ErrorBody.safeParse(json);
      const raw =
        response.headers.get('x-amzn-errortype') ?? (parsed.success ? parsed.data.__type : undefined);
      // Clients strip a `namespace#` prefix and anything after `:`.
      const type = raw?.split(':')[0]?.split('#').at(-1) || `HTTP ${response.status}`;
      const message = (parsed.success && parsed.data.Message) || response.statusText;
      throw new MigrationHubApiError(type, response.status, `${operation}: ${type}: ${message}`);
    }
    const output = OUTPUTS[operation].safeParse(json);
    if (!output.success) {
      throw new MigrationHubApiError(
        'InvalidResponse',
        response.status,
        `${operation} answered a body of an unexpected shape`,
        { cause: output.error },
      );
    }
    return output.data as Output<O>;
  }
}

/** What a person can act on: `ECONNREFUSED`, `ENOTFOUND`, a timeout (fetch itself says only `fetch failed`). */
function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return 'code' in cause && cause.code ? String(cause.code) : cause.message;
  return error instanceof Error ? error.message : String(error);
}
