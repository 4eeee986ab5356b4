/** Messages the operations share, so a stream or task that is missing or going away reads the same everywhere. */
import { InvalidInputError, ResourceNotFoundError } from '../errors';

export function streamNotFound(stream: string): ResourceNotFoundError {
  return new ResourceNotFoundError(
    `Progress update stream ${stream} does not exist. Call CreateProgressUpdateStream first.`,
  );
}

export function taskNotFound(stream: string, task: string): ResourceNotFoundError {
  return new ResourceNotFoundError(
    `Migration task ${task} does not exist in progress update stream ${stream}. Call ImportMigrationTask first.`,
  );
}

export function streamDeleting(stream: string): InvalidInputError {
  return new InvalidInputError(`Progress update stream ${stream} is being deleted.`);
}

export function artifactNotFound(stream: string, task: string, name: string): ResourceNotFoundError {
  return new ResourceNotFoundError(
    `Created artifact ${name} is not associated with migration task ${task} in ${stream}.`,
  );
}

export function discoveredResourceNotFound(stream: string, task: string, id: string): ResourceNotFoundError {
  return new ResourceNotFoundError(
    `Discovered resource ${id} is not associated with migration task ${task} in ${stream}.`,
  );
}

export function tooManyDiscoveredResources(stream: string, task: string, max: number): InvalidInputError {
  return new InvalidInputError(
    `Migration task ${task} in ${stream} has ${max} discovered resources, the most a task may have. ` +
      'Disassociate one first.',
  );
}

export function sourceResourceNotFound(stream: string, task: string, name: string): ResourceNotFoundError {
  return new ResourceNotFoundError(
    `Source resource ${JSON.stringify(name)} is not associated with migration task ${task} in ${stream}.`,
  );
}

export function applicationNotFound(applicationId: string): ResourceNotFoundError {
  return new ResourceNotFoundError(
    `Application ${applicationId} has no migration state. Call NotifyApplicationState first.`,
  );
}
