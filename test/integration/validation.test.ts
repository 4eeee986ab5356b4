/**
 * Each constraint of the service model, broken, is InvalidInputException naming the member and the rule; the
 * boundary values themselves are accepted; no body, however malformed, gets a 5xx.
 * Longer than most files on purpose: one table of cases per member of the model, read best side by side.
 */
import { connect } from 'node:net';
import {
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  InvalidInputException,
  NotifyMigrationTaskStateCommand,
} from '@aws-sdk/client-migration-hub';
import { callApi } from '../support/calls';
import { signedRequest, startTestEndpoint, type TestEndpoint } from './support/endpoint';

let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  const client = endpoint.client();
  await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: 'Tool' }));
  await client.send(
    new ImportMigrationTaskCommand({ ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }),
  );
});

afterAll(async () => {
  await endpoint.close();
});

function call(operation: string, body: unknown) {
  return callApi(endpoint.url, operation, body);
}

const validNotify = {
  ProgressUpdateStream: 'Tool',
  MigrationTaskName: 'vm-1',
  Task: { Status: 'IN_PROGRESS', StatusDetail: 'copying', ProgressPercent: 50 },
  UpdateDateTime: 1_795_899_600,
  NextUpdateSeconds: 60,
};

const ARN = 'arn:aws:ec2:us-east-1:111122223333:instance/i-0abc';

/** A valid body of each operation that names a task, to break one member of at a time. */
const validBodies: Record<string, Record<string, unknown>> = {
  NotifyMigrationTaskState: validNotify,
  PutResourceAttributes: { ResourceAttributeList: [{ Type: 'FQDN', Value: 'vm-1.example.com' }] },
  AssociateCreatedArtifact: { CreatedArtifact: { Name: ARN, Description: 'the new instance' } },
  DisassociateCreatedArtifact: { CreatedArtifactName: ARN },
  AssociateDiscoveredResource: { DiscoveredResource: { ConfigurationId: 'd-server-0025db43a885966c8' } },
  DisassociateDiscoveredResource: { ConfigurationId: 'd-server-0025db43a885966c8' },
  AssociateSourceResource: { SourceResource: { Name: 'srv-01', Description: 'web', StatusDetail: 'ok' } },
  DisassociateSourceResource: { SourceResourceName: 'srv-01' },
};

const streamRules = (member: string): [string, unknown, string][] => [
  [`${member} missing`, undefined, `${member} is required`],
  [`${member} empty`, '', `${member} must not be empty`],
  [`${member} of 51 characters`, 'x'.repeat(51), `${member} must be at most 50 characters long`],
  [`${member} with '/'`, 'a/b', `${member} must not contain '/', ':', '|' or control characters`],
  [`${member} with ':'`, 'a:b', `${member} must not contain '/', ':', '|' or control characters`],
  [`${member} with '|'`, 'a|b', `${member} must not contain '/', ':', '|' or control characters`],
  [
    `${member} with a control character`,
    'a\u001fb',
    `${member} must not contain '/', ':', '|' or control characters`,
  ],
  [`${member} not a string`, 42, `${member} must be a string`],
  [`${member} with a lone surrogate`, '\ud800', `${member} must be well-formed Unicode (no lone surrogates)`],
];

const taskNameRules: [string, unknown, string][] = [
  ['MigrationTaskName missing', undefined, 'MigrationTaskName is required'],
  ['MigrationTaskName empty', '', 'MigrationTaskName must not be empty'],
  [
    'MigrationTaskName of 257 characters',
    'é'.repeat(257),
    'MigrationTaskName must be at most 256 characters long',
  ],
  ['MigrationTaskName with ":"', 'vm:1', "MigrationTaskName must not contain ':' or '|'"],
  ['MigrationTaskName with "|"', 'vm|1', "MigrationTaskName must not contain ':' or '|'"],
  ['MigrationTaskName not a string', ['vm-1'], 'MigrationTaskName must be a string'],
];

function withMember(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys.at(-1) ?? '';
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const cases: [string, string, Record<string, unknown>, string][] = [
  ...['CreateProgressUpdateStream', 'DeleteProgressUpdateStream'].flatMap((operation) =>
    streamRules('ProgressUpdateStreamName').map(
      ([name, value, message]): [string, string, Record<string, unknown>, string] => [
        operation,
        name,
        withMember({ ProgressUpdateStreamName: 'Tool' }, 'ProgressUpdateStreamName', value),
        message,
      ],
    ),
  ),
  [
    'CreateProgressUpdateStream',
    'DryRun not a boolean',
    { ProgressUpdateStreamName: 'Tool', DryRun: 'yes' },
    'DryRun must be a boolean',
  ],
  ...[
    'ImportMigrationTask',
    'DescribeMigrationTask',
    'NotifyMigrationTaskState',
    'PutResourceAttributes',
    'ListMigrationTaskUpdates',
    'AssociateCreatedArtifact',
    'DisassociateCreatedArtifact',
    'ListCreatedArtifacts',
    'AssociateDiscoveredResource',
    'DisassociateDiscoveredResource',
    'ListDiscoveredResources',
    'AssociateSourceResource',
    'DisassociateSourceResource',
    'ListSourceResources',
  ].flatMap((operation) => {
    const base = {
      ...(validBodies[operation] ?? {}),
      ProgressUpdateStream: 'Tool',
      MigrationTaskName: 'vm-1',
    };
    return [...streamRules('ProgressUpdateStream'), ...taskNameRules].map(
      ([name, value, message]): [string, string, Record<string, unknown>, string] => {
        const member = name.split(' ')[0] ?? '';
        return [operation, name, withMember(base, member, value), message];
      },
    );
  }),
  ...(
    [
      ['Task missing', 'Task', undefined, 'Task is required'],
      ['Task not an object', 'Task', 'IN_PROGRESS', 'Task must be an object'],
      ['Task.Status missing', 'Task.Status', undefined, 'Task.Status is required'],
      [
        'Task.Status not in the enum',
        'Task.Status',
        'DONE',
        'Task.Status must be one of NOT_STARTED, IN_PROGRESS, FAILED, COMPLETED',
      ],
      [
        'Task.StatusDetail of 2501 characters',
        'Task.StatusDetail',
        'x'.repeat(2501),
        'Task.StatusDetail must be at most 2500 characters long',
      ],
      [
        'Task.StatusDetail with a line break',
        'Task.StatusDetail',
        'line 1\nline 2',
        'Task.StatusDetail must not contain line breaks',
      ],
      ['Task.ProgressPercent below 0', 'Task.ProgressPercent', -1, 'Task.ProgressPercent must be at least 0'],
      [
        'Task.ProgressPercent above 100',
        'Task.ProgressPercent',
        101,
        'Task.ProgressPercent must be at most 100',
      ],
      [
        'Task.ProgressPercent not an integer',
        'Task.ProgressPercent',
        12.5,
        'Task.ProgressPercent must be an integer',
      ],
      [
        'Task.ProgressPercent a string',
        'Task.ProgressPercent',
        '12',
        'Task.ProgressPercent must be an integer',
      ],
      ['UpdateDateTime missing', 'UpdateDateTime', undefined, 'UpdateDateTime is required'],
      [
        'UpdateDateTime an ISO string',
        'UpdateDateTime',
        '2026-11-28T20:47:44Z',
        'UpdateDateTime must be a number of seconds since the epoch',
      ],
      ['UpdateDateTime negative', 'UpdateDateTime', -1, 'UpdateDateTime must be at least 0'],
      [
        'UpdateDateTime past year 9999',
        'UpdateDateTime',
        1e12,
        'UpdateDateTime must be at most 253402300799',
      ],
      [
        'UpdateDateTime below a microsecond',
        'UpdateDateTime',
        1e-131,
        'UpdateDateTime must be 0 or at least 0.000001',
      ],
      ['NextUpdateSeconds missing', 'NextUpdateSeconds', undefined, 'NextUpdateSeconds is required'],
      ['NextUpdateSeconds negative', 'NextUpdateSeconds', -1, 'NextUpdateSeconds must be at least 0'],
      ['NextUpdateSeconds not an integer', 'NextUpdateSeconds', 1.5, 'NextUpdateSeconds must be an integer'],
      [
        'NextUpdateSeconds beyond a 32-bit integer',
        'NextUpdateSeconds',
        2 ** 31,
        'NextUpdateSeconds must be at most 2147483647',
      ],
      ['DryRun not a boolean', 'DryRun', 1, 'DryRun must be a boolean'],
    ] as const
  ).map(([name, path, value, message]): [string, string, Record<string, unknown>, string] => [
    'NotifyMigrationTaskState',
    name,
    withMember(validNotify, path, value),
    message,
  ]),
];

cases.push(
  [
    'AssociateCreatedArtifact',
    'CreatedArtifact missing',
    withMember(
      { ...validBodies.AssociateCreatedArtifact, ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' },
      'CreatedArtifact',
      undefined,
    ),
    'CreatedArtifact is required',
  ],
  [
    'AssociateCreatedArtifact',
    'CreatedArtifact.Description of 501 characters',
    {
      ProgressUpdateStream: 'Tool',
      MigrationTaskName: 'vm-1',
      CreatedArtifact: { Name: ARN, Description: 'd'.repeat(501) },
    },
    'CreatedArtifact.Description must be at most 500 characters long',
  ],
  [
    'AssociateCreatedArtifact',
    'CreatedArtifact.Name of 1601 characters',
    {
      ProgressUpdateStream: 'Tool',
      MigrationTaskName: 'vm-1',
      CreatedArtifact: { Name: `${ARN}${'x'.repeat(1601 - ARN.length)}` },
    },
    'CreatedArtifact.Name must be at most 1600 characters long',
  ],
  [
    'DisassociateCreatedArtifact',
    'CreatedArtifactName not an ARN',
    { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1', CreatedArtifactName: 'i-0abc' },
    'CreatedArtifactName must be an ARN (arn:partition:service:region:account-id:resource)',
  ],
  [
    'PutResourceAttributes',
    'ResourceAttributeList missing',
    { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' },
    'ResourceAttributeList is required',
  ],
  ['ListMigrationTasks', 'ResourceName empty', { ResourceName: '' }, 'ResourceName must not be empty'],
  [
    'ListMigrationTaskUpdates',
    'MaxResults 101',
    { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1', MaxResults: 101 },
    'MaxResults must be at most 100',
  ],
  [
    'ListCreatedArtifacts',
    'NextToken over 2048 characters',
    { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1', NextToken: 'A'.repeat(2049) },
    'NextToken must be at most 2048 characters long',
  ],
);

/** The members of the discovered- and source-resource calls, each rule broken once (beside a valid task). */
const onTask = (operation: string, path: string, value: unknown): Record<string, unknown> =>
  withMember(
    { ...validBodies[operation], ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' },
    path,
    value,
  );
cases.push(
  ...(
    [
      ['AssociateDiscoveredResource', 'DiscoveredResource', undefined, 'DiscoveredResource is required'],
      ['AssociateDiscoveredResource', 'DiscoveredResource', 'd-1', 'DiscoveredResource must be an object'],
      [
        'AssociateDiscoveredResource',
        'DiscoveredResource.ConfigurationId',
        undefined,
        'DiscoveredResource.ConfigurationId is required',
      ],
      [
        'AssociateDiscoveredResource',
        'DiscoveredResource.ConfigurationId',
        '',
        'DiscoveredResource.ConfigurationId must not be empty',
      ],
      [
        'AssociateDiscoveredResource',
        'DiscoveredResource.ConfigurationId',
        'é'.repeat(1601),
        'DiscoveredResource.ConfigurationId must be at most 1600 characters long',
      ],
      [
        'AssociateDiscoveredResource',
        'DiscoveredResource.ConfigurationId',
        'd-1\nd-2',
        'DiscoveredResource.ConfigurationId must not contain line breaks',
      ],
      [
        'AssociateDiscoveredResource',
        'DiscoveredResource.ConfigurationId',
        42,
        'DiscoveredResource.ConfigurationId must be a string',
      ],
      [
        'AssociateDiscoveredResource',
        'DiscoveredResource.Description',
        'd'.repeat(501),
        'DiscoveredResource.Description must be at most 500 characters long',
      ],
      [
        'AssociateDiscoveredResource',
        'DiscoveredResource.Description',
        'a\rb',
        'DiscoveredResource.Description must not contain line breaks',
      ],
      ['AssociateDiscoveredResource', 'DryRun', 'true', 'DryRun must be a boolean'],
      ['DisassociateDiscoveredResource', 'ConfigurationId', undefined, 'ConfigurationId is required'],
      ['DisassociateDiscoveredResource', 'ConfigurationId', '', 'ConfigurationId must not be empty'],
      [
        'DisassociateDiscoveredResource',
        'ConfigurationId',
        'x'.repeat(1601),
        'ConfigurationId must be at most 1600 characters long',
      ],
      [
        'DisassociateDiscoveredResource',
        'ConfigurationId',
        'a\u2028b',
        'ConfigurationId must not contain line breaks',
      ],
      ['DisassociateDiscoveredResource', 'DryRun', 0, 'DryRun must be a boolean'],
      ['ListDiscoveredResources', 'MaxResults', 0, 'MaxResults must be at least 1'],
      ['ListDiscoveredResources', 'MaxResults', 11, 'MaxResults must be at most 10'],
      ['ListDiscoveredResources', 'MaxResults', 2.5, 'MaxResults must be an integer'],
      [
        'ListDiscoveredResources',
        'NextToken',
        'not a token!',
        'NextToken must be a NextToken returned by a previous call',
      ],
      ['AssociateSourceResource', 'SourceResource', undefined, 'SourceResource is required'],
      ['AssociateSourceResource', 'SourceResource', ['srv-01'], 'SourceResource must be an object'],
      ['AssociateSourceResource', 'SourceResource.Name', undefined, 'SourceResource.Name is required'],
      ['AssociateSourceResource', 'SourceResource.Name', '', 'SourceResource.Name must not be empty'],
      [
        'AssociateSourceResource',
        'SourceResource.Name',
        '🚚'.repeat(1601),
        'SourceResource.Name must be at most 1600 characters long',
      ],
      [
        'AssociateSourceResource',
        'SourceResource.Name',
        'a\ud800',
        'SourceResource.Name must be well-formed Unicode (no lone surrogates)',
      ],
      [
        'AssociateSourceResource',
        'SourceResource.Description',
        'd'.repeat(501),
        'SourceResource.Description must be at most 500 characters long',
      ],
      [
        'AssociateSourceResource',
        'SourceResource.Description',
        'a\nb',
        'SourceResource.Description must not contain line breaks',
      ],
      [
        'AssociateSourceResource',
        'SourceResource.StatusDetail',
        's'.repeat(2501),
        'SourceResource.StatusDetail must be at most 2500 characters long',
      ],
      [
        'AssociateSourceResource',
        'SourceResource.StatusDetail',
        'a\nb',
        'SourceResource.StatusDetail must not contain line breaks',
      ],
      ['AssociateSourceResource', 'DryRun', 'no', 'DryRun must be a boolean'],
      ['DisassociateSourceResource', 'SourceResourceName', undefined, 'SourceResourceName is required'],
      ['DisassociateSourceResource', 'SourceResourceName', '', 'SourceResourceName must not be empty'],
      [
        'DisassociateSourceResource',
        'SourceResourceName',
        'n'.repeat(1601),
        'SourceResourceName must be at most 1600 characters long',
      ],
      ['DisassociateSourceResource', 'DryRun', {}, 'DryRun must be a boolean'],
      ['ListSourceResources', 'MaxResults', 0, 'MaxResults must be at least 1'],
      ['ListSourceResources', 'MaxResults', 11, 'MaxResults must be at most 10'],
      ['ListSourceResources', 'MaxResults', '5', 'MaxResults must be an integer'],
      [
        'ListSourceResources',
        'NextToken',
        'A'.repeat(2049),
        'NextToken must be at most 2048 characters long',
      ],
    ] as const
  ).map(([operation, path, value, message]): [string, string, Record<string, unknown>, string] => [
    operation,
    `${path} ${JSON.stringify(value)?.slice(0, 20) ?? 'missing'}`,
    onTask(operation, path, value),
    message,
  ]),
);

/** migrationhub-config on the same endpoint: its model's constraints, each broken on its own. */
const CONFIG = 'AWSMigrationHubMultiAccountService';
const validControl = { HomeRegion: 'us-east-1', Target: { Type: 'ACCOUNT', Id: '111122223333' } };
const homeRegionRules = (member: string): [string, unknown, string][] => [
  [`${member} empty`, '', `${member} must not be empty`],
  [
    `${member} of 51 characters`,
    `${'a'.repeat(24)}-${'b'.repeat(24)}-1`,
    `${member} must be at most 50 characters long`,
  ],
  [
    `${member} in capitals`,
    'US-EAST-1',
    `${member} must be an AWS Region name such as us-west-2 (lowercase letters-letters-digits)`,
  ],
  [
    `${member} with underscores`,
    'us_east_1',
    `${member} must be an AWS Region name such as us-west-2 (lowercase letters-letters-digits)`,
  ],
  [`${member} not a string`, 1, `${member} must be a string`],
];
const controlIdRules: [string, unknown, string][] = [
  ['ControlId empty', '', 'ControlId must not be empty'],
  ['ControlId of 51 characters', `hrc-${'a'.repeat(47)}`, 'ControlId must be at most 50 characters long'],
  [
    'ControlId in capitals',
    'hrc-ABCDEFGHIJKL',
    'ControlId must be hrc- followed by 12 lowercase letters or digits',
  ],
  ['ControlId too short', 'hrc-abc', 'ControlId must be hrc- followed by 12 lowercase letters or digits'],
];
const targetRules: [string, unknown, string][] = [
  ['Target.Type missing', undefined, 'Target.Type is required'],
  ['Target.Type not in the enum', 'ORGANIZATION', 'Target.Type must be one of ACCOUNT'],
  ['Target.Id of 11 digits', '11112222333', 'Target.Id must be at least 12 characters long'],
  ['Target.Id of 13 digits', '1111222233334', 'Target.Id must be at most 12 characters long'],
  ['Target.Id not digits', '11112222333x', 'Target.Id must be a 12-digit AWS account ID'],
];
const configCase =
  (operation: string, base: Record<string, unknown>) =>
  ([name, value, message]: [string, unknown, string]): [string, string, Record<string, unknown>, string] => {
    const member = name.split(' ')[0] ?? '';
    return [`${CONFIG}.${operation}`, name, withMember(base, member, value), message];
  };
cases.push(
  ...[['HomeRegion missing', undefined, 'HomeRegion is required'] as [string, unknown, string]]
    .concat(homeRegionRules('HomeRegion'))
    .map(configCase('CreateHomeRegionControl', validControl)),
  ...targetRules.map(configCase('CreateHomeRegionControl', validControl)),
  ...(
    [
      ['Target missing', undefined, 'Target is required'],
      ['Target not an object', 'ACCOUNT', 'Target must be an object'],
      ['DryRun not a boolean', 'yes', 'DryRun must be a boolean'],
      [
        'Target.Id of another account',
        '444455556666',
        'Target.Id must be the calling account (111122223333), not 444455556666: a home region control ' +
          'applies to the account that creates it.',
      ],
    ] as [string, unknown, string][]
  ).map(configCase('CreateHomeRegionControl', validControl)),
  ...[['ControlId missing', undefined, 'ControlId is required'] as [string, unknown, string]]
    .concat(controlIdRules)
    .map(configCase('DeleteHomeRegionControl', { ControlId: 'hrc-abcdefghijkl' })),
  ...[
    ...controlIdRules,
    ...homeRegionRules('HomeRegion'),
    ...targetRules.slice(1),
    ['MaxResults 0', 0, 'MaxResults must be at least 1'],
    ['MaxResults 101', 101, 'MaxResults must be at most 100'],
    ['MaxResults not an integer', 1.5, 'MaxResults must be an integer'],
    ['NextToken not base64', 'a token!', 'NextToken must be a NextToken returned by a previous call'],
  ]
    .map((rule) => rule as [string, unknown, string])
    .map(
      configCase('DescribeHomeRegionControls', {
        ControlId: 'hrc-abcdefghijkl',
        HomeRegion: 'us-east-1',
        Target: { Type: 'ACCOUNT' },
        MaxResults: 10,
        NextToken: '',
      }),
    ),
);

test('migrationhub-config: the boundary values are accepted', async () => {
  const describe_ = (body: object) => call(`${CONFIG}.DescribeHomeRegionControls`, body);
  const longest = `${'a'.repeat(24)}-${'b'.repeat(23)}-1`;
  expect(longest).toHaveLength(50);
  for (const body of [
    { HomeRegion: longest, MaxResults: 1 },
    { ControlId: 'hrc-0123456789az', MaxResults: 100 },
    { Target: { Type: 'ACCOUNT', Id: '000000000000' } },
  ]) {
    const response = await describe_(body);
    expect({ body, answer: response.json }).toEqual({ body, answer: { HomeRegionControls: [] } });
  }
  expect((await call(`${CONFIG}.CreateHomeRegionControl`, validControl)).status).toBe(200);
});

/** The application-state operations: every member of the model, each rule broken once. */
const validApplicationNotify = {
  ApplicationId: 'app-1',
  Status: 'IN_PROGRESS',
  UpdateDateTime: 1_795_899_600,
};
const applicationIdRules = (member: string): [string, unknown, string][] => [
  [`${member} missing`, undefined, `${member} is required`],
  [`${member} empty`, '', `${member} must not be empty`],
  [`${member} of 1601 characters`, '🚀'.repeat(1601), `${member} must be at most 1600 characters long`],
  [`${member} with a line break`, 'app\n1', `${member} must not contain line breaks`],
  [`${member} with a carriage return`, 'app\r1', `${member} must not contain line breaks`],
  [`${member} not a string`, 42, `${member} must be a string`],
  [`${member} with a lone surrogate`, '\udc00', `${member} must be well-formed Unicode (no lone surrogates)`],
];
cases.push(
  ...['NotifyApplicationState', 'DescribeApplicationState'].flatMap((operation) =>
    applicationIdRules('ApplicationId').map(
      ([name, value, message]): [string, string, Record<string, unknown>, string] => [
        operation,
        name,
        withMember(
          operation === 'NotifyApplicationState' ? validApplicationNotify : { ApplicationId: 'app-1' },
          'ApplicationId',
          value,
        ),
        message,
      ],
    ),
  ),
  ...(
    [
      ['Status missing', 'Status', undefined, 'Status is required'],
      [
        'Status a task status',
        'Status',
        'FAILED',
        'Status must be one of NOT_STARTED, IN_PROGRESS, COMPLETED',
      ],
      [
        'Status in lower case',
        'Status',
        'completed',
        'Status must be one of NOT_STARTED, IN_PROGRESS, COMPLETED',
      ],
      ['Status not a string', 'Status', 2, 'Status must be one of NOT_STARTED, IN_PROGRESS, COMPLETED'],
      [
        'UpdateDateTime an ISO string',
        'UpdateDateTime',
        '2026-11-28T20:47:44Z',
        'UpdateDateTime must be a number of seconds since the epoch',
      ],
      ['UpdateDateTime negative', 'UpdateDateTime', -1, 'UpdateDateTime must be at least 0'],
      [
        'UpdateDateTime past year 9999',
        'UpdateDateTime',
        1e12,
        'UpdateDateTime must be at most 253402300799',
      ],
      [
        'UpdateDateTime below a microsecond',
        'UpdateDateTime',
        1e-131,
        'UpdateDateTime must be 0 or at least 0.000001',
      ],
      ['DryRun not a boolean', 'DryRun', 'true', 'DryRun must be a boolean'],
    ] as const
  ).map(([name, path, value, message]): [string, string, Record<string, unknown>, string] => [
    'NotifyApplicationState',
    name,
    withMember(validApplicationNotify, path, value),
    message,
  ]),
  ...applicationIdRules('ApplicationIds[1]')
    .filter(([name]) => !name.endsWith('missing'))
    .map(([name, value, message]): [string, string, Record<string, unknown>, string] => [
      'ListApplicationStates',
      name,
      { ApplicationIds: ['app-1', value] },
      message,
    ]),
  ...(
    [
      ['ApplicationIds empty', { ApplicationIds: [] }, 'ApplicationIds must not be empty'],
      [
        'ApplicationIds of 101 ids',
        { ApplicationIds: Array.from({ length: 101 }, (_, n) => `app-${n}`) },
        'ApplicationIds must have at most 100 items',
      ],
      ['ApplicationIds not a list', { ApplicationIds: 'app-1' }, 'ApplicationIds must be an array'],
      ['ApplicationIds[0] null', { ApplicationIds: [null] }, 'ApplicationIds[0] must be a string'],
      ['MaxResults 0', { MaxResults: 0 }, 'MaxResults must be at least 1'],
      ['MaxResults 101', { MaxResults: 101 }, 'MaxResults must be at most 100'],
      ['MaxResults not an integer', { MaxResults: 2.5 }, 'MaxResults must be an integer'],
      ['MaxResults a string', { MaxResults: '10' }, 'MaxResults must be an integer'],
      [
        'NextToken over 2048 characters',
        { NextToken: 'A'.repeat(2049) },
        'NextToken must be at most 2048 characters long',
      ],
      [
        'NextToken outside its alphabet',
        { NextToken: 'abc-def' },
        'NextToken must be a NextToken returned by a previous call',
      ],
      ['NextToken not a string', { NextToken: 7 }, 'NextToken must be a string'],
    ] as const
  ).map(([name, body, message]): [string, string, Record<string, unknown>, string] => [
    'ListApplicationStates',
    name,
    body,
    message,
  ]),
);

test.each(cases)('%s: %s', async (operation, _name, body, message) => {
  const response = await call(operation, body);
  expect(response.status).toBe(400);
  expect(response.json.__type).toBe('InvalidInputException');
  // The whole message: one rule per broken member, nothing repeated.
  expect(response.json.Message).toBe(message);
});

test('a violation reaches the SDK as InvalidInputException, and a refused notification writes nothing', async () => {
  const client = endpoint.client();
  const call = client.send(
    new NotifyMigrationTaskStateCommand({
      ...validNotify,
      Task: { Status: 'COMPLETED', ProgressPercent: 101 },
      UpdateDateTime: new Date(validNotify.UpdateDateTime * 1000),
    }),
  );
  await expect(call).rejects.toBeInstanceOf(InvalidInputException);
  await expect(call).rejects.toThrow('Task.ProgressPercent must be at most 100');
  expect(await endpoint.historyItems('Tool', 'vm-1')).toEqual([]);
});

test('every violation in a request is named at once', async () => {
  const response = await call('NotifyMigrationTaskState', {
    ProgressUpdateStream: 'a/b',
    Task: { Status: 'X' },
  });
  expect(response.json.Message).toBe(
    "ProgressUpdateStream must not contain '/', ':', '|' or control characters; MigrationTaskName is required; " +
      'Task.Status must be one of NOT_STARTED, IN_PROGRESS, FAILED, COMPLETED; UpdateDateTime is required; ' +
      'NextUpdateSeconds is required',
  );
});

test('the boundary values are accepted', async () => {
  const stream = 'S'.repeat(50);
  const task = 'T'.repeat(256);
  expect((await call('CreateProgressUpdateStream', { ProgressUpdateStreamName: stream })).status).toBe(200);
  expect(
    (await call('ImportMigrationTask', { ProgressUpdateStream: stream, MigrationTaskName: task })).status,
  ).toBe(200);
  for (const [percent, detail, next] of [
    [0, '', 0],
    [100, 'd'.repeat(2500), 2 ** 31 - 1],
  ] as const) {
    const response = await call('NotifyMigrationTaskState', {
      ProgressUpdateStream: stream,
      MigrationTaskName: task,
      Task: { Status: 'NOT_STARTED', StatusDetail: detail, ProgressPercent: percent },
      UpdateDateTime: 1_795_899_600 + percent,
      NextUpdateSeconds: next,
    });
    expect(response.status).toBe(200);
  }
  const described = await call('DescribeMigrationTask', {
    ProgressUpdateStream: stream,
    MigrationTaskName: task,
  });
  expect(described.json.MigrationTask).toMatchObject({
    Task: { ProgressPercent: 100, StatusDetail: 'd'.repeat(2500) },
  });
});

test('the boundary values of discovered and source resources are accepted and kept exactly', async () => {
  const target = { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' };
  const longestId = '🚚'.repeat(1600);
  const associated = await call('AssociateDiscoveredResource', {
    ...target,
    DiscoveredResource: { ConfigurationId: longestId, Description: 'é'.repeat(500) },
  });
  expect(associated.status).toBe(200);
  expect(
    (
      await call('AssociateDiscoveredResource', {
        ...target,
        DiscoveredResource: { ConfigurationId: 'x', Description: '' },
      })
    ).status,
  ).toBe(200);
  const discovered = await call('ListDiscoveredResources', { ...target, MaxResults: 10 });
  expect(discovered.json.DiscoveredResourceList).toEqual(
    expect.arrayContaining([
      { ConfigurationId: longestId, Description: 'é'.repeat(500) },
      { ConfigurationId: 'x', Description: '' },
    ]),
  );
  const longestName = `${'\n'.repeat(800)}${'n'.repeat(800)}`;
  const source = { Name: longestName, Description: 'd'.repeat(500), StatusDetail: 's'.repeat(2500) };
  expect((await call('AssociateSourceResource', { ...target, SourceResource: source })).status).toBe(200);
  expect((await call('AssociateSourceResource', { ...target, SourceResource: { Name: 'n' } })).status).toBe(
    200,
  );
  const sources = await call('ListSourceResources', { ...target, MaxResults: 1 });
  expect(sources.status).toBe(200);
  const rest = await call('ListSourceResources', { ...target, NextToken: sources.json.NextToken });
  expect([
    ...(sources.json.SourceResourceList as object[]),
    ...(rest.json.SourceResourceList as object[]),
  ]).toEqual(expect.arrayContaining([source, { Name: 'n' }]));
  expect(
    (await call('DisassociateSourceResource', { ...target, SourceResourceName: longestName })).status,
  ).toBe(200);
  expect(
    (await call('DisassociateDiscoveredResource', { ...target, ConfigurationId: longestId })).status,
  ).toBe(200);
});

test('the boundary values of the application-state members are accepted', async () => {
  const longest = 'é'.repeat(1600);
  for (const [ApplicationId, UpdateDateTime] of [
    [longest, 0],
    ['a', 253_402_300_799],
  ] as const) {
    const notified = await call('NotifyApplicationState', {
      ApplicationId,
      Status: 'COMPLETED',
      UpdateDateTime,
    });
    expect(notified.status).toBe(200);
    expect((await call('DescribeApplicationState', { ApplicationId })).json).toEqual({
      ApplicationStatus: 'COMPLETED',
      LastUpdatedTime: UpdateDateTime,
    });
  }
  const hundred = [longest, ...Array.from({ length: 99 }, (_, n) => `boundary-${n}`)];
  for (const MaxResults of [1, 100]) {
    const listed = await call('ListApplicationStates', { ApplicationIds: hundred, MaxResults });
    expect(listed.status).toBe(200);
    expect(listed.json.ApplicationStateList).toHaveLength(1);
  }
  expect((await call('ListApplicationStates', { NextToken: '' })).status).toBe(200);
});

test('unknown members are ignored and null members count as absent', async () => {
  const response = await call('NotifyMigrationTaskState', {
    ...validNotify,
    Task: { ...validNotify.Task, StatusDetail: null, Colour: 'blue' },
    SomethingNew: { nested: [1, 2, 3] },
    DryRun: null,
  });
  expect(response.status).toBe(200);
  const described = await call('DescribeMigrationTask', {
    ProgressUpdateStream: 'Tool',
    MigrationTaskName: 'vm-1',
  });
  expect(described.json.MigrationTask).toMatchObject({
    Task: { Status: 'IN_PROGRESS', ProgressPercent: 50 },
  });
  expect((described.json.MigrationTask as { Task: object }).Task).not.toHaveProperty('StatusDetail');
});

describe('malformed requests', () => {
  const raw = (
    body: string | Buffer,
    target: string | undefined = 'AWSMigrationHub.NotifyMigrationTaskState',
  ) => signedRequest(endpoint.url, { ...(target !== undefined && { target }), body });

  test.each([
    ['malformed JSON', '{"ProgressUpdateStream": ', 'The request body is not valid JSON.'],
    ['a JSON array', '[1, 2]', 'The request body must be a JSON object.'],
    ['a JSON string', '"hello"', 'The request body must be a JSON object.'],
    ['JSON null', 'null', 'The request body must be a JSON object.'],
    ['an empty body', '', 'ProgressUpdateStream is required'],
    ['deeply nested JSON', `{"Task":${'['.repeat(5000)}${']'.repeat(5000)}}`, 'nested deeper than 32 levels'],
  ])('%s is InvalidInputException', async (_name, body, message) => {
    const response = await raw(body);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      __type: 'InvalidInputException',
      Message: expect.stringContaining(message),
    });
  });

  test('a body that is not UTF-8 is InvalidInputException', async () => {
    const response = await raw(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(response.json).toEqual({
      __type: 'InvalidInputException',
      Message: 'The request body must be UTF-8 encoded JSON.',
    });
  });

  test('a missing X-Amz-Target is InvalidInputException, an unknown one UnknownOperationException', async () => {
    expect((await raw('{}', undefined)).json.__type).toBe('InvalidInputException');
    for (const target of [
      'AWSMigrationHub.DeleteEverything',
      'DynamoDB_20120810.GetItem',
      'AWSMigrationHub.',
    ]) {
      const response = await raw('{}', target);
      expect(response.status).toBe(400);
      expect(response.json.__type).toBe('UnknownOperationException');
    }
  });

  test('headers over 16 KiB are refused in the AWS error shape, and the server keeps serving', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'x-padding': 'x'.repeat(20_000) },
      body: '{}',
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidInputException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      __type: 'InvalidInputException',
      Message: 'The request headers exceed 16 KiB.',
    });
    expect(
      (await call('DescribeMigrationTask', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }))
        .status,
    ).toBe(200);
  });

  test('a request that is not HTTP gets 400 in the AWS error shape, with a request id', async () => {
    const { hostname, port } = new URL(endpoint.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write('GARBAGE / HTTP/1.1\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head = '', body] = reply.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(head).toMatch(/^x-amzn-ErrorType: InvalidInputException$/m);
    expect(head).toMatch(/^x-amzn-RequestId: [0-9a-f-]{36}$/m);
    expect(JSON.parse(body ?? '')).toEqual({
      __type: 'InvalidInputException',
      Message: 'The request is not valid HTTP.',
    });
  });

  test('a body over the size limit is refused with 413, and the server keeps serving', async () => {
    const response = await raw(JSON.stringify({ ...validNotify, Padding: 'x'.repeat(1_100_000) }));
    expect(response.status).toBe(413);
    expect(response.json.__type).toBe('InvalidInputException');
    expect(
      (await call('DescribeMigrationTask', { ProgressUpdateStream: 'Tool', MigrationTaskName: 'vm-1' }))
        .status,
    ).toBe(200);
  });
});
