/**
 * What a client receives when storage fails, through the whole handler: a throttle is a ThrottlingException
 * with RetryAfterSeconds, an outage a 500 ServiceUnavailableException, and anything unexpected a 500
 * InternalServerError whose body names nothing of ours (the detail goes to the log).
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { StreamPermissions } from '../../lambda/access/policy';
import { createApiHandler } from '../../lambda/api/create-api-handler';
import type { Logger } from '../../lambda/observability/logger';
import { DynamoDbApplicationStore } from '../../lambda/store/dynamodb-application-store';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { proxyEvent } from '../support/api';
import { InMemoryHomeRegionStore } from '../support/in-memory-home-region-store';
import { mockedDynamoDb } from '../support/mocked-dynamodb';

const TABLE = 'secret-table-name-7f3a';
const { client, dynamo } = mockedDynamoDb();
const logged: { message: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message, fields) => {
    logged.push({ message, ...(fields && { fields }) });
  },
};
const handler = createApiHandler({
  store: new DynamoDbTaskStore({ client, tableName: TABLE }),
  applications: new DynamoDbApplicationStore({ client, tableName: TABLE }),
  homeRegion: 'us-east-1',
  homeRegionControls: new InMemoryHomeRegionStore(),
  region: 'us-east-1',
  policy: new StreamPermissions(),
  logger,
});

const event = (target: string, body: object) => proxyEvent(target, body, { requestId: 'request-1' });

const createStream = () =>
  handler(event('CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' }), {} as Context);

beforeEach(() => {
  dynamo.reset();
  logged.length = 0;
});

test('throttled storage: 400 ThrottlingException with RetryAfterSeconds, which every SDK retries', async () => {
  dynamo
    .on(PutCommand)
    .rejects(new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} }));
  const response = await createStream();
  expect(response.statusCode).toBe(400);
  expect(response.headers).toMatchObject({ 'x-amzn-ErrorType': 'ThrottlingException', 'Retry-After': '1' });
  expect(JSON.parse(response.body)).toEqual({
    __type: 'ThrottlingException',
    Message: 'The request was throttled. Retry after a short wait.',
    RetryAfterSeconds: 1,
  });
});

test('unreachable storage: 500 ServiceUnavailableException, logged with its cause', async () => {
  dynamo.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
  const response = await handler(
    event('DescribeMigrationTask', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }),
    {} as Context,
  );
  expect(response.statusCode).toBe(500);
  expect(JSON.parse(response.body).__type).toBe('ServiceUnavailableException');
  expect(logged).toHaveLength(1);
  expect(JSON.stringify(logged[0]?.fields)).toContain('ECONNREFUSED');
});

test('an unexpected error: 500 InternalServerError that names nothing of ours', async () => {
  dynamo.on(PutCommand).rejects(
    Object.assign(new Error(`Requested resource not found: Table: ${TABLE} not found`), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    }),
  );
  const response = await createStream();
  expect(response.statusCode).toBe(500);
  expect(response.headers).toMatchObject({
    'x-amzn-ErrorType': 'InternalServerError',
    'x-amzn-RequestId': 'request-1',
  });
  expect(response.body).not.toContain(TABLE);
  expect(response.body).not.toContain('at ');
  expect(JSON.parse(response.body)).toEqual({
    __type: 'InternalServerError',
    Message: 'An internal error occurred. Retry the request; if it keeps failing, check the service logs.',
  });
  expect(JSON.stringify(logged)).toContain(TABLE);
});
