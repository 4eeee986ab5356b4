/**
 * Reading a permissions document: the API Lambda's MGH_STREAM_PERMISSIONS, the CDK app's context and the local
 * endpoint's permissions file all go through here.
 */
import { formatIssues } from '../validation/format-issues';
import { type StreamRule, StreamRules } from './policy';

/** A permissions document: a JSON array of `{ stream, writers, readers? }`. `source` names it in errors. */
export function parseStreamRules(json: string, source: string): StreamRule[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
  const parsed = StreamRules.safeParse(value, { reportInput: true });
  if (!parsed.success)
    throw new Error(`${source}: ${formatIssues(parsed.error.issues, 'the list of rules')}`);
  return parsed.data;
}
