/**
 * The documents and settings read at start (the local credentials file, a permissions document, the API
 * Lambda's environment): each refusal names the setting or file, the member and its rule, one rule per member.
 */
import { parseStreamRules } from '../../lambda/access/stream-rules';
import { readApiEnvironment } from '../../lambda/api/environment';
import { leaseShardsSetting } from '../../lambda/settings';
import { readLocalConfig } from '../../local/config';
import { parsePrincipals } from '../../local/credentials';

const refusal = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

test('a credentials file: an empty list, and each bad member of an entry', () => {
  expect(refusal(() => parsePrincipals('[]', 'creds.json'))).toBe(
    'creds.json: the list of principals must not be empty',
  );
  expect(
    refusal(() =>
      parsePrincipals(
        '[{"accessKeyId":"abc","secretAccessKey":"","arn":"arn:aws:s3:::bucket"}]',
        'creds.json',
      ),
    ),
  ).toBe(
    'creds.json: [0].accessKeyId must be 16-128 upper-case letters and digits; ' +
      '[0].secretAccessKey must not be empty; ' +
      '[0].arn must be an IAM or STS ARN such as arn:aws:iam::111122223333:user/name',
  );
  expect(refusal(() => parsePrincipals('{', 'creds.json'))).toMatch(/^creds\.json/);
});

test('a valid credentials file gives each principal its account', () => {
  expect(
    parsePrincipals(
      '[{"accessKeyId":"AKIAPLATFORMTEAM0001","secretAccessKey":"s","arn":"arn:aws:iam::210987654321:role/dms"}]',
      'creds.json',
    ),
  ).toEqual([
    {
      accessKeyId: 'AKIAPLATFORMTEAM0001',
      secretAccessKey: 's',
      arn: 'arn:aws:iam::210987654321:role/dms',
      accountId: '210987654321',
    },
  ]);
});

test('a permissions document: empty names, and readers that are not a list', () => {
  expect(refusal(() => parseStreamRules('[{"stream":"","writers":[""],"readers":"x"}]', 'perm.json'))).toBe(
    'perm.json: [0].stream must not be empty; [0].writers[0] must not be empty; [0].readers must be an array',
  );
  expect(refusal(() => parseStreamRules('{}', 'perm.json'))).toBe(
    'perm.json: the list of rules must be an array',
  );
});

test("the API Lambda's environment: every bad setting named at once; an empty home region means none", () => {
  expect(
    refusal(() => readApiEnvironment({ MGH_TABLE_NAME: 'ab', AWS_REGION: 'nowhere', MGH_HOME_REGION: 'x' })),
  ).toBe(
    'Invalid environment: MGH_TABLE_NAME must be at least 3 characters long; ' +
      'MGH_HOME_REGION must be an AWS region name; AWS_REGION must be an AWS region name',
  );
  expect(
    readApiEnvironment({ MGH_TABLE_NAME: 'tasks', AWS_REGION: 'eu-west-1', MGH_HOME_REGION: '' }),
  ).toEqual({
    tableName: 'tasks',
    homeRegion: undefined,
    region: 'eu-west-1',
    streamRules: [],
    historyRetentionDays: undefined,
    leaseShards: 4,
  });
  const base = { MGH_TABLE_NAME: 'tasks', AWS_REGION: 'eu-west-1' };
  expect(readApiEnvironment({ ...base, MGH_HISTORY_RETENTION_DAYS: '400' }).historyRetentionDays).toBe(400);
  expect(refusal(() => readApiEnvironment({ ...base, MGH_HISTORY_RETENTION_DAYS: '0.5' }))).toBe(
    'Invalid environment: MGH_HISTORY_RETENTION_DAYS must be a whole number of days',
  );
});

test('MGH_LEASE_SHARDS: 4 unless set, a whole number up to 100', () => {
  expect([leaseShardsSetting({}), leaseShardsSetting({ MGH_LEASE_SHARDS: '16' })]).toEqual([4, 16]);
  expect(refusal(() => leaseShardsSetting({ MGH_LEASE_SHARDS: '1.5' }))).toBe(
    "Invalid environment: MGH_LEASE_SHARDS must be a whole number from 1 to 100, not '1.5'",
  );
});

test('the local endpoint reads history retention and the lease lead, and names a bad value', () => {
  expect(readLocalConfig({})).toMatchObject({
    historyRetentionDays: undefined,
    leaseLeadSeconds: 20,
    leaseShards: 4,
  });
  expect(readLocalConfig({ MGH_LEASE_SHARDS: '8' }).leaseShards).toBe(8);
  expect(readLocalConfig({ MGH_HISTORY_RETENTION_DAYS: '30', MGH_LEASE_LEAD_SECONDS: '1' })).toMatchObject({
    historyRetentionDays: 30,
    leaseLeadSeconds: 1,
  });
  expect(refusal(() => readLocalConfig({ MGH_HISTORY_RETENTION_DAYS: '0' }))).toBe(
    "MGH_HISTORY_RETENTION_DAYS must be a whole number of days from 1 to 36500, not '0'",
  );
});
