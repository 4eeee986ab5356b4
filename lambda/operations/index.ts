/** The API's operations by name: the X-Amz-Target router's table. */
import { createProgressUpdateStream } from './create-progress-update-stream';
import { describeMigrationTask } from './describe-migration-task';
import { importMigrationTask } from './import-migration-task';
import { notifyMigrationTaskState } from './notify-migration-task-state';
import type { Operation } from './operation';

export const operations: ReadonlyMap<string, Operation> = new Map(
  [createProgressUpdateStream, importMigrationTask, notifyMigrationTaskState, describeMigrationTask].map(
    (operation) => [operation.name, operation],
  ),
);
