/**
 * What the hub writer will send for an observation (lambda/connectors/hub-writer.ts), each input checked by its
 * operation's own schema: the connectors' property tests assert nothing a source observes is ever refused.
 */
import type { Observation } from '../../../lambda/connectors/observation';
import { AssociateCreatedArtifactInput } from '../../../lambda/operations/associate-created-artifact';
import { AssociateSourceResourceInput } from '../../../lambda/operations/associate-source-resource';
import { CreateProgressUpdateStreamInput } from '../../../lambda/operations/create-progress-update-stream';
import { ImportMigrationTaskInput } from '../../../lambda/operations/import-migration-task';
import { NotifyMigrationTaskStateInput } from '../../../lambda/operations/notify-migration-task-state';
import { PutResourceAttributesInput } from '../../../lambda/operations/put-resource-attributes';

/** The issues of every call the writer would make that its operation's schema refuses: [] when none is. */
export function refusals(observation: Observation): unknown[] {
  const target = { ProgressUpdateStream: observation.key.stream, MigrationTaskName: observation.key.task };
  const inputs = [
    CreateProgressUpdateStreamInput.safeParse({ ProgressUpdateStreamName: observation.key.stream }),
    ImportMigrationTaskInput.safeParse(target),
    NotifyMigrationTaskStateInput.safeParse({
      ...target,
      Task: observation.task,
      UpdateDateTime: observation.observedAtSeconds,
      NextUpdateSeconds: 1200,
    }),
    ...(observation.resourceAttributes.length > 0
      ? [
          PutResourceAttributesInput.safeParse({
            ...target,
            ResourceAttributeList: observation.resourceAttributes,
          }),
        ]
      : []),
    ...observation.createdArtifacts.map((CreatedArtifact) =>
      AssociateCreatedArtifactInput.safeParse({ ...target, CreatedArtifact }),
    ),
    ...observation.sourceResources.map((SourceResource) =>
      AssociateSourceResourceInput.safeParse({ ...target, SourceResource }),
    ),
  ];
  return inputs.flatMap((parsed) => (parsed.success ? [] : [parsed.error.issues]));
}
