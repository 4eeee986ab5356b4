/**
 * Hostile requests for property tests: targets and bodies near the API's real shapes (each member with wrong,
 * edge or random values) and plain random JSON or text, and the answers such a request may get.
 */
import fc from 'fast-check';
import type { RawResponse } from './endpoint';

const OPERATIONS = [
  'CreateProgressUpdateStream',
  'ImportMigrationTask',
  'NotifyMigrationTaskState',
  'DescribeMigrationTask',
  'PutResourceAttributes',
  'ListProgressUpdateStreams',
  'ListMigrationTasks',
  'ListMigrationTaskUpdates',
  'AssociateDiscoveredResource',
  'DisassociateDiscoveredResource',
  'ListDiscoveredResources',
  'AssociateSourceResource',
  'DisassociateSourceResource',
  'ListSourceResources',
  'NotifyApplicationState',
  'DescribeApplicationState',
  'ListApplicationStates',
];
/** migrationhub-config, on the same endpoint. */
const CONFIG_OPERATIONS = [
  'GetHomeRegion',
  'CreateHomeRegionControl',
  'DescribeHomeRegionControls',
  'DeleteHomeRegionControl',
];
export const CLIENT_ERRORS: ReadonlySet<unknown> = new Set([
  'InvalidInputException',
  'UnknownOperationException',
  'ResourceNotFoundException',
  'DryRunOperation',
]);

export const hostileTarget = fc.oneof(
  fc.constantFrom(...OPERATIONS.map((name) => `AWSMigrationHub.${name}`)),
  fc.string().map((name) => `AWSMigrationHub.${name}`),
  fc.constantFrom(...CONFIG_OPERATIONS.map((name) => `AWSMigrationHubMultiAccountService.${name}`)),
  fc.string().map((name) => `AWSMigrationHubMultiAccountService.${name}`),
  fc.string({ unit: 'binary' }).filter((value) => /^[\x20-\x7e]*$/.test(value) && value.trim() !== ''),
);

/** Bodies near the real shapes (the members with wrong, edge or random values) and plain random JSON. */
const member = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const shaped = fc.record(
  {
    ProgressUpdateStream: fc.oneof(fc.constant('Tool'), member),
    ProgressUpdateStreamName: member,
    MigrationTaskName: fc.oneof(fc.constant('vm-1'), member),
    Task: fc.oneof(
      fc.record(
        {
          Status: fc.oneof(fc.constantFrom('IN_PROGRESS', 'COMPLETED'), member),
          StatusDetail: member,
          ProgressPercent: member,
        },
        { requiredKeys: [] },
      ),
      member,
    ),
    UpdateDateTime: member,
    NextUpdateSeconds: member,
    DryRun: member,
    ResourceAttributeList: fc.oneof(
      fc.array(fc.record({ Type: member, Value: member }), { maxLength: 3 }),
      member,
    ),
    NextToken: fc.oneof(fc.base64String({ maxLength: 40 }), member),
    MaxResults: member,
    ResourceName: member,
    DiscoveredResource: fc.oneof(
      fc.record(
        { ConfigurationId: fc.oneof(fc.constant('d-server-1'), member), Description: member },
        { requiredKeys: [] },
      ),
      member,
    ),
    ConfigurationId: fc.oneof(fc.constant('d-server-1'), member),
    SourceResource: fc.oneof(
      fc.record(
        { Name: fc.oneof(fc.constant('srv-01'), member), Description: member, StatusDetail: member },
        { requiredKeys: [] },
      ),
      member,
    ),
    SourceResourceName: fc.oneof(fc.constant('srv-01'), member),
    HomeRegion: fc.oneof(fc.constantFrom('us-east-1', 'eu-west-1'), member),
    Target: fc.oneof(
      fc.record(
        { Type: fc.oneof(fc.constant('ACCOUNT'), member), Id: fc.oneof(fc.constant('111122223333'), member) },
        { requiredKeys: [] },
      ),
      member,
    ),
    ControlId: fc.oneof(fc.constant('hrc-abcdefghijkl'), member),
    ApplicationId: fc.oneof(fc.constant('app-1'), member),
    Status: fc.oneof(fc.constantFrom('NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'), member),
    ApplicationIds: fc.oneof(
      fc.array(fc.oneof(fc.constant('app-1'), member), { maxLength: 5 }),
      fc.array(fc.constant('x'), { minLength: 99, maxLength: 102 }),
      member,
    ),
  },
  { requiredKeys: [] },
);
export const hostileBody = fc.oneof(
  shaped.map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 500 }),
);

/** Whether an answer is one the API may give: 200, or a 4xx in the awsJson error shape with a known type. */
export function isWellFormedAnswer(response: RawResponse): boolean {
  if (response.status === 200) return typeof response.json === 'object';
  return (
    response.status === 400 &&
    CLIENT_ERRORS.has(response.json.__type) &&
    response.headers.get('x-amzn-errortype') === response.json.__type &&
    typeof response.json.Message === 'string'
  );
}
