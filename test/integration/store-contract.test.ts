/** The DynamoDB stores, on this project's engine, held to the contract the in-memory fakes meet too. */

import { DynamoDbApplicationStore } from '../../lambda/store/dynamodb-application-store';
import { DynamoDbHomeRegionStore } from '../../lambda/store/dynamodb-home-region-store';
import { DynamoDbStalenessStore } from '../../lambda/store/dynamodb-staleness-store';
import { DynamoDbTaskStore } from '../../lambda/store/dynamodb-task-store';
import { storeContract } from '../contract/store-contract';
import { startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});

afterAll(async () => {
  await endpoint.close();
});

storeContract('DynamoDB stores', (clock) => {
  const { client, tableName } = endpoint.local.engine;
  return {
    tasks: new DynamoDbTaskStore({ client, tableName, clock }),
    staleness: new DynamoDbStalenessStore(client, tableName),
    homeRegions: new DynamoDbHomeRegionStore(client, tableName),
    applications: new DynamoDbApplicationStore({ client, tableName, clock }),
  };
});
