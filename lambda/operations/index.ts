/** The API's operations by their X-Amz-Target: the router's table. */
import { associateCreatedArtifact } from './associate-created-artifact';
import { associateDiscoveredResource } from './associate-discovered-resource';
import { associateSourceResource } from './associate-source-resource';
import { createHomeRegionControl } from './create-home-region-control';
import { createProgressUpdateStream } from './create-progress-update-stream';
import { deleteHomeRegionControl } from './delete-home-region-control';
import { deleteProgressUpdateStream } from './delete-progress-update-stream';
import { describeApplicationState } from './describe-application-state';
import { describeHomeRegionControls } from './describe-home-region-controls';
import { describeMigrationTask } from './describe-migration-task';
import { disassociateCreatedArtifact } from './disassociate-created-artifact';
import { disassociateDiscoveredResource } from './disassociate-discovered-resource';
import { disassociateSourceResource } from './disassociate-source-resource';
import { getHomeRegion } from './get-home-region';
import { importMigrationTask } from './import-migration-task';
import { listApplicationStates } from './list-application-states';
import { listCreatedArtifacts } from './list-created-artifacts';
import { listDiscoveredResources } from './list-discovered-resources';
import { listMigrationTaskUpdates } from './list-migration-task-updates';
import { listMigrationTasks } from './list-migration-tasks';
import { listProgressUpdateStreams } from './list-progress-update-streams';
import { listSourceResources } from './list-source-resources';
import { notifyApplicationState } from './notify-application-state';
import { notifyMigrationTaskState } from './notify-migration-task-state';
import type { Operation } from './operation';
import { putResourceAttributes } from './put-resource-attributes';

export const operations: ReadonlyMap<string, Operation> = new Map(
  [
    createProgressUpdateStream,
    importMigrationTask,
    notifyMigrationTaskState,
    describeMigrationTask,
    putResourceAttributes,
    listProgressUpdateStreams,
    listMigrationTasks,
    listMigrationTaskUpdates,
    deleteProgressUpdateStream,
    associateCreatedArtifact,
    disassociateCreatedArtifact,
    listCreatedArtifacts,
    associateDiscoveredResource,
    disassociateDiscoveredResource,
    listDiscoveredResources,
    associateSourceResource,
    disassociateSourceResource,
    listSourceResources,
    // migrationhub-config, on the same endpoint
    getHomeRegion,
    createHomeRegionControl,
    describeHomeRegionControls,
    deleteHomeRegionControl,
    notifyApplicationState,
    describeApplicationState,
    listApplicationStates,
  ].map((operation) => [operation.xAmzTarget, operation]),
);
