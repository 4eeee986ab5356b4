/**
 * Zod schemas for the members the operations share, carrying every constraint of the service model
 * (`mgh-2017-05-31.service-2.json`). Lengths count Unicode code points, as Smithy's @length does, and patterns
 * match the whole value. lambda/validation/format-issues.ts turns a failed parse into the error message.
 */
import { isIPv6 } from 'node:net';
import * as z from 'zod/mini';
import { brokenRule, STREAM_NAME, TASK_NAME, type TextRule } from '../model/names';
import { MIGRATION_STATUSES } from '../model/status';
import type { Task as TaskModel } from '../model/task';

/** A string member: well-formed Unicode, `min`..`max` code points, and the model's pattern. */
export function text(rule: TextRule) {
  return z.string().check(
    z.superRefine((value, ctx) => {
      const broken = brokenRule(value, rule);
      if (broken === undefined) return;
      if (broken.kind === 'too_small') {
        ctx.addIssue({
          code: 'too_small',
          origin: 'string',
          minimum: broken.limit,
          inclusive: true,
          input: value,
        });
      } else if (broken.kind === 'too_big') {
        ctx.addIssue({
          code: 'too_big',
          origin: 'string',
          maximum: broken.limit,
          inclusive: true,
          input: value,
        });
      } else {
        ctx.addIssue({ code: 'custom', message: broken.message, input: value });
      }
    }),
  );
}

export const ProgressUpdateStreamName = text(STREAM_NAME);

export const MigrationTaskName = text(TASK_NAME);

export const DryRun = z.optional(z.boolean());

/** Type errors of integer members: a string or a fraction reads the same. */
const MUST_BE_INTEGER = 'must be an integer';

export const Task: z.ZodMiniType<TaskModel> = z.object({
  Status: z.enum(MIGRATION_STATUSES),
  /** `^.{0,2500}$`: `.` matches no line terminator, so the model allows no line breaks here. */
  StatusDetail: z.optional(
    text({ min: 0, max: 2500, pattern: { regex: /^.{0,2500}$/u, rule: 'must not contain line breaks' } }),
  ),
  ProgressPercent: z.optional(z.int({ error: MUST_BE_INTEGER }).check(z.minimum(0), z.maximum(100))),
});

export const RESOURCE_ATTRIBUTE_TYPES = [
  'IPV4_ADDRESS',
  'IPV6_ADDRESS',
  'MAC_ADDRESS',
  'FQDN',
  'VM_MANAGER_ID',
  'VM_MANAGED_OBJECT_REFERENCE',
  'VM_NAME',
  'VM_PATH',
  'BIOS_ID',
  'MOTHERBOARD_SERIAL_NUMBER',
] as const;

/**
 * The value formats the model's ResourceAttribute documentation requires per type (it gives no others):
 * - IPV4_ADDRESS: `x.x.x.x`, each x an integer in [0, 255];
 * - IPV6_ADDRESS: `y:y:y:y:y:y:y:y`, each y hexadecimal in [0, FFFF]. The compressed forms every operating
 *   system prints (`fe80::1`, `::ffff:10.0.0.1`) are accepted too: they are the same addresses, and refusing
 *   them would fail tools that report addresses as the system gives them;
 * - MAC_ADDRESS: `^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$`;
 * - FQDN: `^[^<>{}\\/?,=\p{Cntrl}]{1,256}$`.
 */
const RESOURCE_ATTRIBUTE_FORMATS: Partial<
  Record<(typeof RESOURCE_ATTRIBUTE_TYPES)[number], { test(value: string): boolean; rule: string }>
> = {
  IPV4_ADDRESS: {
    test: (value) => /^\d{1,3}(\.\d{1,3}){3}$/.test(value) && value.split('.').every((x) => Number(x) <= 255),
    rule: 'must be an IPv4 address x.x.x.x, each x from 0 to 255, for Type IPV4_ADDRESS',
  },
  IPV6_ADDRESS: {
    // A zone (`fe80::1%eth0`) names an interface of the host that printed it, not part of the address.
    test: (value) => isIPv6(value) && !value.includes('%'),
    rule:
      'must be an IPv6 address y:y:y:y:y:y:y:y, each y hexadecimal from 0 to FFFF (or its :: short form), ' +
      'for Type IPV6_ADDRESS',
  },
  MAC_ADDRESS: {
    test: (value) => /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(value),
    rule: 'must be a MAC address of six hexadecimal pairs separated by : or -, for Type MAC_ADDRESS',
  },
  FQDN: {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the model's \p{Cntrl} is exactly these.
    test: (value) => /^[^<>{}\\/?,=\u0000-\u001f\u007f]+$/u.test(value),
    rule: "must not contain '<', '>', '{', '}', '\\', '/', '?', ',', '=' or control characters, for Type FQDN",
  },
};

export const ResourceAttribute = z
  .object({
    Type: z.enum(RESOURCE_ATTRIBUTE_TYPES),
    /** `^.{1,256}$` */
    Value: text({
      min: 1,
      max: 256,
      pattern: { regex: /^.{1,256}$/u, rule: 'must not contain line breaks' },
    }),
  })
  .check(
    z.superRefine(
      ({ Type, Value }, ctx) => {
        const format = RESOURCE_ATTRIBUTE_FORMATS[Type];
        if (format && !format.test(Value)) {
          ctx.addIssue({ code: 'custom', path: ['Value'], message: format.rule, input: Value });
        }
      },
      // Only a Value that meets the general rule is held to its type's format: one rule per message.
      { when: (payload) => payload.issues.length === 0 },
    ),
  );

/** ResourceAttributeList: 1-100 attributes. */
export const ResourceAttributeList = z.array(ResourceAttribute).check(z.minLength(1), z.maxLength(100));

/** ListMigrationTasks' ResourceName: `^.{1,1600}$`. */
export const ResourceName = text({
  min: 1,
  max: 1600,
  pattern: { regex: /^.{1,1600}$/u, rule: 'must not contain line breaks' },
});

/** An ARN of what the migration created (an AMI, an EC2 instance...): 1-1600 characters. */
export const CreatedArtifactName = text({
  min: 1,
  max: 1600,
  pattern: {
    regex: /^arn:[a-z-]+:[a-z0-9-]+:(?:[a-z0-9-]+|):(?:[0-9]{12}|):.*$/u,
    rule: 'must be an ARN (arn:partition:service:region:account-id:resource)',
  },
});

export const CreatedArtifact = z.object({
  Name: CreatedArtifactName,
  /** `^.{0,500}$` */
  Description: z.optional(
    text({ min: 0, max: 500, pattern: { regex: /^.{0,500}$/u, rule: 'must not contain line breaks' } }),
  ),
});

/** 9999-12-31T23:59:59Z: the latest instant every AWS SDK can represent. */
export const MAX_EPOCH_SECONDS = 253_402_300_799;

/**
 * awsJson1_1 timestamps are epoch seconds as JSON numbers; integers and fractions at any precision are kept
 * exactly as sent (a double holds microseconds exactly for every date up to 9999). Values between 0 and one
 * microsecond are refused: DynamoDB cannot store magnitudes below 1e-130, and none is a real instant.
 */
export const Timestamp = z.number({ error: 'must be a number of seconds since the epoch' }).check(
  z.minimum(0),
  z.maximum(MAX_EPOCH_SECONDS),
  // Negative values have failed `minimum` already; one rule per message.
  z.refine((seconds) => seconds <= 0 || seconds >= 1e-6, { message: 'must be 0 or at least 0.000001' }),
);

/** An integer ≥ 0 (the model's Integer is 32-bit). */
export const NextUpdateSeconds = z
  .int({ error: MUST_BE_INTEGER })
  .check(z.minimum(0), z.maximum(2_147_483_647));

/** An Application Discovery Service configuration id (`d-server-0025db43a885966c8`): `^.{1,1600}$`. */
export const ConfigurationId = text({
  min: 1,
  max: 1600,
  pattern: { regex: /^.{1,1600}$/u, rule: 'must not contain line breaks' },
});

export const DiscoveredResource = z.object({
  ConfigurationId,
  /** `^.{0,500}$` */
  Description: z.optional(
    text({ min: 0, max: 500, pattern: { regex: /^.{0,500}$/u, rule: 'must not contain line breaks' } }),
  ),
});

/** A source resource's name: 1-1600 characters and no pattern, so line breaks too. */
export const SourceResourceName = text({ min: 1, max: 1600 });

export const SourceResource = z.object({
  Name: SourceResourceName,
  /** `^.{0,500}$` */
  Description: z.optional(
    text({ min: 0, max: 500, pattern: { regex: /^.{0,500}$/u, rule: 'must not contain line breaks' } }),
  ),
  /** `^.{0,2500}$` */
  StatusDetail: z.optional(
    text({ min: 0, max: 2500, pattern: { regex: /^.{0,2500}$/u, rule: 'must not contain line breaks' } }),
  ),
});

/** An application's id (in Application Discovery Service): `^.{1,1600}$`. */
export const ApplicationId = text({
  min: 1,
  max: 1600,
  pattern: { regex: /^.{1,1600}$/u, rule: 'must not contain line breaks' },
});

/** ApplicationIds: 1-100 ids. */
export const ApplicationIds = z.array(ApplicationId).check(z.minLength(1), z.maxLength(100));
