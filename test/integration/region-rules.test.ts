/**
 * Where Migration Hub answers, as its user guide says: write calls made outside the home region are refused;
 * read calls (list, describe) and DeleteProgressUpdateStream are answered from any region. With no home region
 * set, only the operations whose model lists HomeRegionNotSetException raise it.
 */
import { callApi } from '../support/calls';
import { signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

const TASK = { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' };
const ARN = 'arn:aws:ec2:us-east-1:111122223333:instance/i-0region';

/** A call signed for eu-west-1, while the home region is us-east-1. */
const elsewhere = (operation: string, body: object) =>
  signedRequest(endpoint.url, {
    target: `AWSMigrationHub.${operation}`,
    body: JSON.stringify(body),
    region: 'eu-west-1',
  });

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  for (const [operation, body] of [
    ['CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' }],
    ['CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Retired' }],
    ['ImportMigrationTask', TASK],
    ['AssociateCreatedArtifact', { ...TASK, CreatedArtifact: { Name: ARN } }],
    ['AssociateDiscoveredResource', { ...TASK, DiscoveredResource: { ConfigurationId: 'd-region' } }],
    ['AssociateSourceResource', { ...TASK, SourceResource: { Name: 'srv-region' } }],
  ] as const) {
    expect((await callApi(endpoint.url, operation, body)).status).toBe(200);
  }
});

afterAll(async () => {
  await endpoint.close();
});

test.each([
  ['CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Other' }],
  ['ImportMigrationTask', { ...TASK, MigrationTaskName: 'vm-2' }],
  [
    'NotifyMigrationTaskState',
    { ...TASK, Task: { Status: 'IN_PROGRESS' }, UpdateDateTime: 1_795_899_600, NextUpdateSeconds: 60 },
  ],
  [
    'PutResourceAttributes',
    { ...TASK, ResourceAttributeList: [{ Type: 'FQDN', Value: 'vm-1.example.com' }] },
  ],
  ['AssociateCreatedArtifact', { ...TASK, CreatedArtifact: { Name: `${ARN}-2` } }],
  ['DisassociateCreatedArtifact', { ...TASK, CreatedArtifactName: ARN }],
  ['AssociateDiscoveredResource', { ...TASK, DiscoveredResource: { ConfigurationId: 'd-region-2' } }],
  ['DisassociateDiscoveredResource', { ...TASK, ConfigurationId: 'd-region' }],
  ['AssociateSourceResource', { ...TASK, SourceResource: { Name: 'srv-region-2' } }],
  ['DisassociateSourceResource', { ...TASK, SourceResourceName: 'srv-region' }],
])('a write outside the home region is refused and writes nothing: %s', async (operation, body) => {
  const before = await endpoint.tableSnapshot();
  const answer = await elsewhere(operation, body);
  expect([answer.status, answer.json.__type, answer.json.Message]).toEqual([
    400,
    'InvalidInputException',
    'This request was made to region eu-west-1, but the Migration Hub home region is us-east-1. ' +
      'Write calls are answered in the home region only; call the API there.',
  ]);
  expect(await endpoint.tableSnapshot()).toBe(before);
});

test.each([
  ['ListProgressUpdateStreams', {}, 'ProgressUpdateStreamSummaryList'],
  ['DescribeMigrationTask', TASK, 'MigrationTask'],
  ['ListMigrationTasks', {}, 'MigrationTaskSummaryList'],
  ['ListMigrationTaskUpdates', TASK, 'MigrationTaskUpdateList'],
  ['ListCreatedArtifacts', TASK, 'CreatedArtifactList'],
  ['ListDiscoveredResources', TASK, 'DiscoveredResourceList'],
  ['ListSourceResources', TASK, 'SourceResourceList'],
])('a read is answered from any region: %s', async (operation, body, member) => {
  const answer = await elsewhere(operation, body);
  expect(answer.status).toBe(200);
  expect(answer.json[member]).toBeDefined();
});

test('DeleteProgressUpdateStream is answered from any region, and the stream is being deleted', async () => {
  const answer = await elsewhere('DeleteProgressUpdateStream', { ProgressUpdateStreamName: 'Retired' });
  expect([answer.status, answer.json]).toEqual([200, {}]);
  expect(await endpoint.streamItem('Retired')).toMatchObject({ state: 'DELETING' });
});

test('with no home region, ListMigrationTaskUpdates answers as usual (its model lists no HomeRegionNotSetException)', async () => {
  const unset = await startTestEndpoint({ homeRegion: undefined });
  try {
    const updates = await callApi(unset.url, 'ListMigrationTaskUpdates', TASK);
    expect([updates.status, updates.json.__type]).toEqual([400, 'ResourceNotFoundException']);
    const describe = await callApi(unset.url, 'DescribeMigrationTask', TASK);
    expect([describe.status, describe.json.__type]).toEqual([400, 'HomeRegionNotSetException']);
  } finally {
    await unset.close();
  }
});

test('with no home region, the source-resource calls answer as usual; the discovered-resource ones say it is not set', async () => {
  const unset = await startTestEndpoint({ homeRegion: undefined });
  try {
    for (const [operation, body] of [
      ['CreateProgressUpdateStream', { ProgressUpdateStreamName: 'Tool' }],
      ['ImportMigrationTask', TASK],
    ] as const) {
      expect((await callApi(unset.url, operation, body)).json.__type).toBe('HomeRegionNotSetException');
    }
    // No stream can be created without a home region, so the task is not there: the call itself was answered.
    for (const [operation, body] of [
      ['AssociateSourceResource', { ...TASK, SourceResource: { Name: 'srv' } }],
      ['DisassociateSourceResource', { ...TASK, SourceResourceName: 'srv' }],
      ['ListSourceResources', TASK],
    ] as const) {
      const answer = await callApi(unset.url, operation, body);
      expect([operation, answer.json.__type]).toEqual([operation, 'ResourceNotFoundException']);
    }
    for (const [operation, body] of [
      ['AssociateDiscoveredResource', { ...TASK, DiscoveredResource: { ConfigurationId: 'd-1' } }],
      ['DisassociateDiscoveredResource', { ...TASK, ConfigurationId: 'd-1' }],
      ['ListDiscoveredResources', TASK],
    ] as const) {
      const answer = await callApi(unset.url, operation, body);
      expect([operation, answer.json.__type]).toEqual([operation, 'HomeRegionNotSetException']);
    }
  } finally {
    await unset.close();
  }
});
