/**
 * The principals the local endpoint knows: access key → secret and IAM ARN. Without a credentials file, one
 * principal with AWS's documented example keys, so the AWS CLI and SDKs work with no setup.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { formatIssues } from '../lambda/validation/format-issues';

export interface Principal {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly arn: string;
  readonly accountId: string;
}

export const DEFAULT_PRINCIPAL: Principal = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  arn: 'arn:aws:iam::111122223333:user/migration-tool',
  accountId: '111122223333',
};

/** An IAM user or role ARN, or an STS assumed-role session ARN; the fifth field is the account. */
const IAM_ARN = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):[^\s]+$/;

const CredentialsFile = z
  .array(
    z.object({
      accessKeyId: z
        .string()
        .check(z.regex(/^[A-Z0-9]{16,128}$/, 'must be 16-128 upper-case letters and digits')),
      secretAccessKey: z.string().check(z.minLength(1)),
      arn: z
        .string()
        .check(z.regex(IAM_ARN, 'must be an IAM or STS ARN such as arn:aws:iam::111122223333:user/name')),
    }),
  )
  .check(z.minLength(1));

export function parsePrincipals(json: string, source: string): Principal[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  const parsed = CredentialsFile.safeParse(value, { reportInput: true });
  if (!parsed.success)
    throw new Error(`${source}: ${formatIssues(parsed.error.issues, 'the list of principals')}`);
  return parsed.data.map((entry) => ({ ...entry, accountId: IAM_ARN.exec(entry.arn)?.[2] ?? '' }));
}

/** Reads MGH_CREDENTIALS_FILE when given; the default principal otherwise. */
export function loadPrincipals(file: string | undefined): ReadonlyMap<string, Principal> {
  const principals = file ? parsePrincipals(readFileSync(file, 'utf8'), file) : [DEFAULT_PRINCIPAL];
  return new Map(principals.map((principal) => [principal.accessKeyId, principal]));
}
