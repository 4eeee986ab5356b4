/**
 * How an operation is declared: its input schema, whether it reads or writes, the stream it acts on, and what
 * it does. `defineOperation` keeps each operation's input typed while the router handles them all alike.
 */
import type { z } from 'zod';
import type { Caller } from '../access/caller';
import type { Access } from '../access/policy';
import { InvalidInputError } from '../errors';
import type { TaskStore } from '../store/task-store';
import { formatIssues } from './shapes';

export interface OperationContext {
  readonly caller: Caller;
  readonly store: TaskStore;
}

/** A request whose input passed validation, ready to be authorized and run. */
export interface ValidatedCall {
  /** The progress update stream the call reads or writes, for authorization. */
  readonly stream: string;
  readonly dryRun: boolean;
  run(context: OperationContext): Promise<object>;
}

export interface Operation {
  readonly access: Access;
  /** Throws InvalidInputError naming each member that breaks a rule of the model. */
  validate(body: Record<string, unknown>): ValidatedCall;
}

interface OperationSpec<Schema extends z.ZodType<object>> {
  readonly input: Schema;
  readonly access: Access;
  readonly stream: (input: z.infer<Schema>) => string;
  readonly run: (input: z.infer<Schema>, context: OperationContext) => Promise<object>;
}

export function defineOperation<Schema extends z.ZodType<object>>(spec: OperationSpec<Schema>): Operation {
  return {
    access: spec.access,
    validate(body) {
      const parsed = spec.input.safeParse(body, { reportInput: true });
      if (!parsed.success) throw new InvalidInputError(formatIssues(parsed.error.issues));
      const input = parsed.data;
      return {
        stream: spec.stream(input),
        dryRun: 'DryRun' in input && input.DryRun === true,
        run: (context) => spec.run(input, context),
      };
    },
  };
}
