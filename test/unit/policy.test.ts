import { principalOf, StreamPermissions, unmatchablePattern } from '../../lambda/access/policy';
import { parseStreamRules } from '../../lambda/access/stream-rules';

const caller = (arn: string) => ({ accountId: arn.split(':')[4] ?? '', arn });

test('an assumed-role session ARN is matched as its role; other ARNs as they are', () => {
  expect(principalOf('arn:aws:sts::111122223333:assumed-role/dms-role/session-1')).toBe(
    'arn:aws:iam::111122223333:role/dms-role',
  );
  expect(principalOf('arn:aws-us-gov:sts::111122223333:assumed-role/r/s')).toBe(
    'arn:aws-us-gov:iam::111122223333:role/r',
  );
  expect(principalOf('arn:aws:iam::111122223333:user/tool')).toBe('arn:aws:iam::111122223333:user/tool');
});

test('with no rules any principal of the account may read and write', () => {
  const open = new StreamPermissions();
  expect(open.allows(caller('arn:aws:iam::111122223333:user/anyone'), 'write', 'Any')).toBe(true);
});

describe('rules', () => {
  const rules = new StreamPermissions([
    {
      stream: 'DMS',
      writers: ['arn:aws:iam::111122223333:role/dms-role'],
      readers: ['arn:aws:iam::111122223333:user/*'],
    },
    { stream: 'Team-*', writers: ['arn:aws:iam::111122223333:role/team-*'] },
    { stream: 'Team-*', writers: ['*'] },
  ]);
  const dmsSession = caller('arn:aws:sts::111122223333:assumed-role/dms-role/replication-42');
  const user = caller('arn:aws:iam::111122223333:user/alice');

  test.each([
    [dmsSession, 'write', 'DMS', true],
    [dmsSession, 'read', 'DMS', true],
    [user, 'read', 'DMS', true],
    [user, 'write', 'DMS', false],
    [caller('arn:aws:iam::111122223333:role/other'), 'read', 'DMS', false],
    // The first matching rule decides: the later catch-all for Team-* never applies.
    [caller('arn:aws:iam::111122223333:role/team-blue'), 'write', 'Team-blue', true],
    [user, 'write', 'Team-blue', false],
    // Unmatched streams are open; patterns match whole names only.
    [user, 'write', 'XDMS', true],
  ] as const)('%o %s %s → %s', (who, access, stream, allowed) => {
    expect(rules.allows(who, access, stream)).toBe(allowed);
  });

  test('regular-expression characters in patterns are literal', () => {
    const literal = new StreamPermissions([{ stream: 'a.b', writers: ['arn:aws:iam::111122223333:user/x'] }]);
    expect(literal.allows(user, 'write', 'a.b')).toBe(false);
    expect(literal.allows(user, 'write', 'axb')).toBe(true);
  });
});

describe('roles are matched by name, since a session ARN carries no path', () => {
  const sso =
    'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0a1b2c';
  const session = caller(
    'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0a1b2c/alice@example.com',
  );

  test('a rule naming a role with its path matches that role’s sessions', () => {
    const rules = new StreamPermissions([{ stream: 'S', writers: [sso] }]);
    expect(rules.allows(session, 'write', 'S')).toBe(true);
    expect(
      rules.allows(caller('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Other/a'), 'write', 'S'),
    ).toBe(false);
    // The account still has to match.
    expect(
      rules.allows(
        caller('arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Admin_0a1b2c/a'),
        'write',
        'S',
      ),
    ).toBe(false);
  });

  test('without the path, by name or by a pattern of names', () => {
    for (const writer of [
      'arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0a1b2c',
      'arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_*',
      'arn:aws:iam::111122223333:role/AWSReservedSSO_*',
    ]) {
      expect(new StreamPermissions([{ stream: 'S', writers: [writer] }]).allows(session, 'write', 'S')).toBe(
        true,
      );
    }
  });

  test.each([
    'arn:aws:iam::111122223333:role/aws-reserved/*',
    'arn:aws:iam::111122223333:role/*/AWSReservedSSO_Admin_0a1b2c',
    'arn:aws:iam::111122223333:role/team/*',
    'arn:aws:iam::111122223333:role/team/**',
    // The path was meant to narrow the pattern; matched by name alone it would admit deploy-prod under any path.
    'arn:aws:iam::111122223333:role/team/deploy-*',
    'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_*',
  ])('a rule with a path and a wildcard is refused, since only the path could decide it: %s', (writer) => {
    expect(unmatchablePattern(writer)).toMatch(/cannot match roles by their path/);
    expect(() => new StreamPermissions([{ stream: 'S', writers: [writer] }])).toThrow(
      /cannot match roles by their path/,
    );
    expect(() =>
      parseStreamRules(JSON.stringify([{ stream: 'S', writers: [writer] }]), 'MGH_PERMISSIONS_FILE'),
    ).toThrow(`MGH_PERMISSIONS_FILE: [0].writers[0] cannot match roles by their path ('${writer}')`);
  });

  test('patterns that are not roles with a path keep their meaning', () => {
    expect(unmatchablePattern('arn:aws:iam::111122223333:role/*')).toBeUndefined();
    expect(unmatchablePattern('arn:aws:iam::111122223333:user/division/*')).toBeUndefined();
    const users = new StreamPermissions([
      { stream: 'S', writers: ['arn:aws:iam::111122223333:user/division/*'] },
    ]);
    expect(users.allows(caller('arn:aws:iam::111122223333:user/division/bob'), 'write', 'S')).toBe(true);
    expect(users.allows(caller('arn:aws:iam::111122223333:user/bob'), 'write', 'S')).toBe(false);
  });
});

test('a federated user is matched by its own ARN', () => {
  const federated = caller('arn:aws:sts::111122223333:federated-user/migration-bot');
  expect(principalOf(federated.arn)).toBe(federated.arn);
  const rules = new StreamPermissions([
    { stream: 'S', writers: ['arn:aws:sts::111122223333:federated-user/migration-*'] },
  ]);
  expect(rules.allows(federated, 'write', 'S')).toBe(true);
  expect(rules.allows(caller('arn:aws:sts::111122223333:federated-user/other'), 'write', 'S')).toBe(false);
  expect(rules.allows(caller('arn:aws:iam::111122223333:user/migration-bot'), 'write', 'S')).toBe(false);
});
