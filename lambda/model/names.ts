/**
 * The rules of the model's names (`mgh-2017-05-31.service-2.json`), written once: the operations' schemas
 * build on them, and the store checks the names inside its own cursors with them. Lengths count Unicode code
 * points, as Smithy's @length does, and patterns match the whole value.
 */
export interface TextRule {
  readonly min: number;
  readonly max: number;
  /** A whole-value pattern, with the rule it states in words for the error message. */
  readonly pattern?: { readonly regex: RegExp; readonly rule: string };
}

/** The first rule a value breaks, or undefined when it follows them all. */
export type BrokenRule =
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'too_small'; readonly limit: number }
  | { readonly kind: 'too_big'; readonly limit: number }
  | { readonly kind: 'pattern'; readonly message: string };

function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

export function brokenRule(value: string, { min, max, pattern }: TextRule): BrokenRule | undefined {
  if (!value.isWellFormed()) {
    return { kind: 'malformed', message: 'must be well-formed Unicode (no lone surrogates)' };
  }
  const length = codePoints(value);
  if (length < min) return { kind: 'too_small', limit: min };
  if (length > max) return { kind: 'too_big', limit: max };
  if (pattern && !pattern.regex.test(value)) return { kind: 'pattern', message: pattern.rule };
  return undefined;
}

/** `[^/:|\000-\037]+`, 1-50. */
export const STREAM_NAME: TextRule = {
  min: 1,
  max: 50,
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the model's pattern excludes exactly these.
  pattern: { regex: /^[^/:|\u0000-\u001f]+$/u, rule: "must not contain '/', ':', '|' or control characters" },
};

/** `[^:|]+`, 1-256. */
export const TASK_NAME: TextRule = {
  min: 1,
  max: 256,
  pattern: { regex: /^[^:|]+$/u, rule: "must not contain ':' or '|'" },
};
