/**
 * Turns what a connector observed into the Migration Hub calls a careful tool makes: the stream and task created
 * on first sight, the state notified when it changed (or to keep a live task from going stale), the resource
 * attributes replaced when they differ, and artifacts and source resources associated once. One read
 * (DescribeMigrationTask) decides, so a poll that finds nothing new writes nothing.
 *
 * Ordering is the API's own: the state is reported with UpdateDateTime = when the service was read, and an
 * observation older than the task's current state is dropped before anything is written, so a late event or a
 * slow poll never regresses a task.
 */

import type { SourceResource } from '../model/resources';
import type { CreatedArtifact, ResourceAttribute, Task } from '../model/task';
import { HubCallError, type HubClient } from './hub-client';
import type { Observation } from './observation';

/**
 * A live task promises its next update within this many polls. It is renewed every other poll, so one failed
 * renewal is tolerated (the next poll lands a poll before the deadline); a connector that stops, or cannot read
 * its service, shows its tasks stale within four poll intervals.
 */
export const NEXT_UPDATE_POLLS = 4;
/** An unchanged live task is notified again once its last update is this many polls old (every other poll). */
export const RENEW_AFTER_POLLS = 1.5;
/** A stalled item promises its next update in 1 s: it is stale at once, until the service reports progress. */
export const STALLED_NEXT_UPDATE_SECONDS = 1;

/** What applying one observation did. `older`: the task already holds a newer state; nothing was written. */
export type WriteOutcome = 'written' | 'unchanged' | 'older';

interface DescribedTask {
  readonly Task?: Task;
  readonly UpdateDateTime?: number;
  readonly ResourceAttributeList?: readonly ResourceAttribute[];
  /** Beyond the model: the task missed its deadline (see lambda/model/staleness.ts). */
  readonly Stale?: boolean;
}

export interface HubWriterOptions {
  readonly hub: HubClient;
  /** How often the connector polls: NextUpdateSeconds is tied to it. */
  readonly pollSeconds: number;
}

export class HubWriter {
  /** Streams created by this process (CreateProgressUpdateStream is idempotent; this saves the call). */
  private readonly streams = new Set<string>();
  /** Per task, the artifacts and source resources known associated (read once per process, then kept). */
  private readonly linked = new Map<string, Set<string>>();

  constructor(private readonly options: HubWriterOptions) {}

  async apply(observation: Observation, nowSeconds: number): Promise<WriteOutcome> {
    const { key } = observation;
    const target = { ProgressUpdateStream: key.stream, MigrationTaskName: key.task };
    let current = await this.describe(observation);
    if (current?.UpdateDateTime !== undefined && current.UpdateDateTime > observation.observedAtSeconds) {
      return 'older';
    }
    let wrote = false;
    if (!current) {
      await this.ensureStream(key.accountId, key.stream);
      await this.call(key.accountId, 'ImportMigrationTask', target);
      current = {};
      wrote = true;
    }
    const nextUpdateSeconds = this.nextUpdateSeconds(observation, current, nowSeconds);
    if (nextUpdateSeconds !== undefined) {
      await this.call(key.accountId, 'NotifyMigrationTaskState', {
        ...target,
        Task: observation.task,
        UpdateDateTime: observation.observedAtSeconds,
        NextUpdateSeconds: nextUpdateSeconds,
      });
      wrote = true;
    }
    if (
      observation.resourceAttributes.length > 0 &&
      !sameAttributes(observation.resourceAttributes, current.ResourceAttributeList ?? [])
    ) {
      await this.call(key.accountId, 'PutResourceAttributes', {
        ...target,
        ResourceAttributeList: observation.resourceAttributes,
      });
      wrote = true;
    }
    if (await this.link(observation)) wrote = true;
    return wrote ? 'written' : 'unchanged';
  }

  /**
   * NextUpdateSeconds to notify with, or undefined when the task already says all the observation says and has
   * no need of renewal: a stalled or completed task is left as it is, a live one is renewed every other poll.
   */
  private nextUpdateSeconds(
    observation: Observation,
    current: DescribedTask,
    nowSeconds: number,
  ): number | undefined {
    const promise = observation.final
      ? 0
      : observation.stalled
        ? STALLED_NEXT_UPDATE_SECONDS
        : Math.ceil(this.options.pollSeconds * NEXT_UPDATE_POLLS);
    if (!current.Task || current.UpdateDateTime === undefined) return promise;
    // Still stalled and already stale: leave it so, whatever else its detail says now (no Recovered, Stale pair).
    if (observation.stalled && current.Stale && observation.task.Status === current.Task.Status)
      return undefined;
    if (!sameTask(observation.task, current.Task)) return promise;
    // Nothing to renew: a stalled task is meant to stay due, a final or completed one is never due.
    if (observation.stalled || observation.final || observation.task.Status === 'COMPLETED') return undefined;
    const age = nowSeconds - current.UpdateDateTime;
    return age >= this.options.pollSeconds * RENEW_AFTER_POLLS ? promise : undefined;
  }

  /** The task as the hub holds it, or undefined when its stream or the task does not exist yet. */
  private async describe({ key }: Observation): Promise<DescribedTask | undefined> {
    try {
      const output = await this.call<{ MigrationTask: DescribedTask }>(
        key.accountId,
        'DescribeMigrationTask',
        {
          ProgressUpdateStream: key.stream,
          MigrationTaskName: key.task,
        },
      );
      return output.MigrationTask;
    } catch (error) {
      if (error instanceof HubCallError && error.type === 'ResourceNotFoundException') {
        // The stream or the task is gone (DeleteProgressUpdateStream, perhaps): forget what was known of it.
        this.streams.delete(`${key.accountId}|${key.stream}`);
        this.linked.delete(`${key.accountId}|${key.stream}|${key.task}`);
        return undefined;
      }
      throw error;
    }
  }

  private async ensureStream(accountId: string, stream: string): Promise<void> {
    const id = `${accountId}|${stream}`;
    if (this.streams.has(id)) return;
    await this.call(accountId, 'CreateProgressUpdateStream', { ProgressUpdateStreamName: stream });
    this.streams.add(id);
  }

  /** Associates what is not yet associated; true when it wrote. Never disassociates: what a migration created stays. */
  private async link({ key, createdArtifacts, sourceResources }: Observation): Promise<boolean> {
    if (createdArtifacts.length === 0 && sourceResources.length === 0) return false;
    const target = { ProgressUpdateStream: key.stream, MigrationTaskName: key.task };
    const taskId = `${key.accountId}|${key.stream}|${key.task}`;
    let known = this.linked.get(taskId);
    if (!known) {
      known = new Set([
        ...(
          await this.listAll<CreatedArtifact>(
            key.accountId,
            'ListCreatedArtifacts',
            'CreatedArtifactList',
            target,
          )
        ).map((artifact) => `artifact|${artifact.Name}`),
        ...(
          await this.listAll<SourceResource>(
            key.accountId,
            'ListSourceResources',
            'SourceResourceList',
            target,
          )
        ).map((resource) => `source|${resource.Name}`),
      ]);
      this.linked.set(taskId, known);
    }
    let wrote = false;
    for (const artifact of createdArtifacts) {
      if (known.has(`artifact|${artifact.Name}`)) continue;
      await this.call(key.accountId, 'AssociateCreatedArtifact', { ...target, CreatedArtifact: artifact });
      known.add(`artifact|${artifact.Name}`);
      wrote = true;
    }
    for (const resource of sourceResources) {
      if (known.has(`source|${resource.Name}`)) continue;
      await this.call(key.accountId, 'AssociateSourceResource', { ...target, SourceResource: resource });
      known.add(`source|${resource.Name}`);
      wrote = true;
    }
    return wrote;
  }

  private async listAll<Item>(
    accountId: string,
    operation: string,
    member: string,
    target: object,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let token: string | undefined;
    do {
      const page = await this.call<Record<string, unknown>>(accountId, operation, {
        ...target,
        ...(token && { NextToken: token }),
      });
      items.push(...((page[member] as Item[] | undefined) ?? []));
      token = page.NextToken as string | undefined;
    } while (token);
    return items;
  }

  private call<Output = Record<string, unknown>>(accountId: string, operation: string, input: object) {
    return this.options.hub.call<Output>(accountId, operation, input);
  }
}

function sameTask(a: Task, b: Task): boolean {
  return (
    a.Status === b.Status && a.StatusDetail === b.StatusDetail && a.ProgressPercent === b.ProgressPercent
  );
}

function sameAttributes(a: readonly ResourceAttribute[], b: readonly ResourceAttribute[]): boolean {
  const digest = (list: readonly ResourceAttribute[]) =>
    [...new Set(list.map(({ Type, Value }) => `${Type}\u0000${Value}`))].sort().join('\u0001');
  return digest(a) === digest(b);
}
