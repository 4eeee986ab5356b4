import { principalOf, StreamPermissions } from '../../lambda/access/policy';

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
