/**
 * A small migration, sent through the API as migration tools send it: two streams, tasks in every status, one
 * that has gone quiet past its deadline, one never reported, and one with resource attributes.
 */
import {
  AssociateDiscoveredResourceCommand,
  CreateProgressUpdateStreamCommand,
  ImportMigrationTaskCommand,
  type MigrationHubClient,
  PutResourceAttributesCommand,
  type Task,
} from '@aws-sdk/client-migration-hub';
import { callApi, notifyCommand } from '../../support/calls';

export interface Notification {
  readonly task: Task;
  /** Seconds before now. */
  readonly ago: number;
  readonly nextUpdateSeconds: number;
}

export async function notify(
  client: MigrationHubClient,
  stream: string,
  task: string,
  { task: state, ago, nextUpdateSeconds }: Notification,
): Promise<void> {
  await client.send(notifyCommand(stream, task, state, new Date(Date.now() - ago * 1000), nextUpdateSeconds));
}

const HOUR = 3600;

export const SEED: Record<string, Record<string, readonly Notification[]>> = {
  DMS: {
    'db-orders': [
      { task: { Status: 'NOT_STARTED', ProgressPercent: 0 }, ago: 20 * 60, nextUpdateSeconds: HOUR },
      {
        task: { Status: 'IN_PROGRESS', ProgressPercent: 10, StatusDetail: 'Full load' },
        ago: 10 * 60,
        nextUpdateSeconds: HOUR,
      },
      {
        task: { Status: 'IN_PROGRESS', ProgressPercent: 42, StatusDetail: 'Copying tables' },
        ago: 30,
        nextUpdateSeconds: HOUR,
      },
    ],
    'db-billing': [
      {
        task: { Status: 'COMPLETED', ProgressPercent: 100, StatusDetail: 'Cutover done' },
        ago: 2 * HOUR,
        nextUpdateSeconds: 60,
      },
    ],
    // Promised an update within a minute, ten minutes ago: nine minutes overdue.
    'db-legacy': [
      {
        task: { Status: 'IN_PROGRESS', ProgressPercent: 64, StatusDetail: 'Change data capture' },
        ago: 10 * 60,
        nextUpdateSeconds: 60,
      },
    ],
  },
  ApplicationMigration: {
    'vm-web-1': [
      {
        task: { Status: 'FAILED', ProgressPercent: 17, StatusDetail: 'Replication agent lost connection' },
        ago: 5 * 60,
        nextUpdateSeconds: HOUR,
      },
    ],
    'vm-web-2': [],
    'vm-app-1': [{ task: { Status: 'NOT_STARTED' }, ago: 3 * 60, nextUpdateSeconds: HOUR }],
  },
};

export async function seed(client: MigrationHubClient): Promise<void> {
  for (const [stream, tasks] of Object.entries(SEED)) {
    await client.send(new CreateProgressUpdateStreamCommand({ ProgressUpdateStreamName: stream }));
    for (const [task, notifications] of Object.entries(tasks)) {
      await client.send(
        new ImportMigrationTaskCommand({ ProgressUpdateStream: stream, MigrationTaskName: task }),
      );
      for (const notification of notifications) await notify(client, stream, task, notification);
    }
  }
  await client.send(
    new PutResourceAttributesCommand({
      ProgressUpdateStream: 'ApplicationMigration',
      MigrationTaskName: 'vm-web-1',
      ResourceAttributeList: [
        { Type: 'FQDN', Value: 'web-01.corp.example' },
        { Type: 'IPV4_ADDRESS', Value: '10.0.0.5' },
      ],
    }),
  );
}

/**
 * What vm-web-1 is linked to: a discovered server and two source resources. The JS SDK lacks the source-resource
 * call, so it goes to the endpoint as a signed awsJson request.
 */
export async function seedAssociations(client: MigrationHubClient, url: string): Promise<void> {
  const task = { ProgressUpdateStream: 'ApplicationMigration', MigrationTaskName: 'vm-web-1' };
  await client.send(
    new AssociateDiscoveredResourceCommand({
      ...task,
      DiscoveredResource: { ConfigurationId: 'd-server-0025db43a885966c8', Description: 'web server' },
    }),
  );
  for (const SourceResource of [
    { Name: 'Wave 1', Description: 'web tier', StatusDetail: 'Cutover planned' },
    { Name: 'app-storefront' },
  ]) {
    const answer = await callApi(url, 'AssociateSourceResource', { ...task, SourceResource });
    if (answer.status !== 200) throw new Error(`AssociateSourceResource: ${JSON.stringify(answer.json)}`);
  }
}
