/**
 * Zod issues in words: one message naming each member and the rule it breaks. The API's InvalidInputException
 * messages and the settings' refusals (the API Lambda's environment, permissions and credentials files) are all
 * worded here.
 */
import type * as z from 'zod/mini';

function memberPath(path: readonly PropertyKey[], root: string): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  }
  return out || root;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
    case 'array':
      return `an ${expected}`;
    default:
      return `a ${expected}`;
  }
}

/**
 * The rule an issue breaks, in words. Schemas that word their own type error (messages starting "must") keep
 * it; parse with `reportInput: true` so that a missing member reads "is required".
 */
function rule(issue: z.core.$ZodIssue): string {
  if ('input' in issue && issue.input === undefined) return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.startsWith('must ') ? issue.message : `must be ${describeType(issue.expected)}`;
    case 'too_small': {
      const min = String(issue.minimum);
      if ((issue.origin === 'string' || issue.origin === 'array') && min === '1') return 'must not be empty';
      if (issue.origin === 'string') return `must be at least ${min} characters long`;
      if (issue.origin === 'array') return `must have at least ${min} items`;
      return issue.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters long`;
      if (issue.origin === 'array') return `must have at most ${max} items`;
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}

/** "Task.Status must be one of NOT_STARTED, ...; UpdateDateTime is required". */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  /** What an issue of the whole value is about. */
  root = 'The request body',
): string {
  return issues.map((issue) => `${memberPath(issue.path, root)} ${rule(issue)}`).join('; ');
}
