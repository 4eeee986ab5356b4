/**
 * The stored home region controls when storage fails or races, through the whole handler with no configured home
 * region: a throttle is ThrottlingException, an outage a 500 ServiceUnavailableException (both retried by every
 * SDK), and two callers racing to set or delete a control agree on the outcome.
 */
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StreamPermissions } from '../../lambda/access/policy';
import { createApiHandler } from '../../lambda/api/create-api-handler';
import { DynamoDbApplicationStore } from '../../lambda/store/dynamodb-application-store';
import { DynamoDbHomeRegionStore } from '../../lambda/store/dynamodb-home-region-store';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { homeRegionControlKey } from '../../lambda/store/table';
import { invoke } from '../support/api';
import { mockedDynamoDb } from '../support/mocked-dynamodb';

const TABLE = 'controls-table';
const ACCOUNT = '111122223333';
const { client, dynamo } = mockedDynamoDb();
const handler = createApiHandler({
  store: new DynamoDbTaskStore({ client, tableName: TABLE }),
  applications: new DynamoDbApplicationStore({ client, tableName: TABLE }),
  homeRegion: undefined,
  homeRegionControls: new DynamoDbHomeRegionStore(client, TABLE),
  region: 'us-east-1',
  policy: new StreamPermissions(),
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
});

const config = (operation: string, body: object) =>
  invoke(handler, `AWSMigrationHubMultiAccountService.${operation}`, body);
const create = () =>
  config('CreateHomeRegionControl', { HomeRegion: 'us-east-1', Target: { Type: 'ACCOUNT' } });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow', $metadata: {} });
const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'no', $metadata: {} });
const stored = { ...homeRegionControlKey(ACCOUNT), controlId: 'hrc-storedctrl01', homeRegion: 'us-east-1' };

beforeEach(() => {
  dynamo.reset();
});

test('reading the control for a write: throttled is ThrottlingException, unreachable a 500 to retry', async () => {
  dynamo.on(GetCommand).rejectsOnce(throttled()).rejectsOnce(refused());
  const write = () => invoke(handler, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' });
  expect((await write()).json.__type).toBe('ThrottlingException');
  const outage = await write();
  expect([outage.status, outage.json.__type]).toEqual([500, 'ServiceUnavailableException']);
  expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
});

test('storing a control: the conditional put, its faults retryable', async () => {
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).rejectsOnce(throttled()).resolves({});
  expect((await create()).json.__type).toBe('ThrottlingException');
  const created = await create();
  expect(created.status).toBe(200);
  const [put] = dynamo.commandCalls(PutCommand).slice(-1);
  expect(put?.args[0].input).toMatchObject({
    TableName: TABLE,
    Item: { pk: ACCOUNT, sk: 'HOME_REGION_CONTROL', homeRegion: 'us-east-1' },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
});

test('a create racing another: the control stored first is the answer', async () => {
  dynamo.on(GetCommand).resolvesOnce({}).resolves({ Item: stored });
  dynamo.on(PutCommand).rejects(conditionFailed());
  expect((await create()).json.HomeRegionControl).toMatchObject({ ControlId: 'hrc-storedctrl01' });
});

test('a create racing deletions every time gives up with a retryable error', async () => {
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).rejects(conditionFailed());
  const answer = await create();
  expect([answer.status, answer.json.__type]).toEqual([500, 'ServiceUnavailableException']);
  expect(dynamo.commandCalls(PutCommand)).toHaveLength(3);
});

test('deleting: only under its id (a failed condition is no such control); faults retryable', async () => {
  dynamo.on(DeleteCommand).rejectsOnce(conditionFailed()).rejectsOnce(refused()).resolves({});
  const remove = () => config('DeleteHomeRegionControl', { ControlId: 'hrc-storedctrl01' });
  expect((await remove()).json).toEqual({
    __type: 'InvalidInputException',
    Message: `ControlId hrc-storedctrl01 is not a home region control of account ${ACCOUNT}.`,
  });
  expect((await remove()).json.__type).toBe('ServiceUnavailableException');
  expect((await remove()).status).toBe(200);
  expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
    Key: { pk: ACCOUNT, sk: 'HOME_REGION_CONTROL' },
    ConditionExpression: 'controlId = :controlId',
    ExpressionAttributeValues: { ':controlId': 'hrc-storedctrl01' },
  });
});
