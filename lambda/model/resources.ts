/**
 * What a migration task is linked to besides its created artifacts, in the API's own terms, and the rules of
 * finding a task by a resource (ListMigrationTasks' ResourceName).
 *
 * There is no Application Discovery Service behind this product: a discovered resource is whatever
 * ConfigurationId a tool associates (`d-server-0025db43a885966c8`), kept with the task as given.
 */
import type { ResourceAttribute } from './task';

/** AssociateDiscoveredResource's `DiscoveredResource`: an Application Discovery Service configuration id. */
export interface DiscoveredResource {
  readonly ConfigurationId: string;
  readonly Description?: string;
}

/** AssociateSourceResource's `SourceResource`: a source server, an application, a migration wave... */
export interface SourceResource {
  readonly Name: string;
  readonly Description?: string;
  readonly StatusDetail?: string;
}

/**
 * Discovered resources a task may have at once. Their ids are what ResourceName matches, so they are held on
 * the task item (as digests), whose size DynamoDB bounds; a cap keeps it far inside that bound.
 */
export const MAX_DISCOVERED_RESOURCES_PER_TASK = 100;

/** The "VM" attributes that identify a VM only within the VM manager VM_MANAGER_ID names. */
const VM_SCOPED_TYPES: ReadonlySet<string> = new Set(['VM_MANAGED_OBJECT_REFERENCE', 'VM_NAME', 'VM_PATH']);

/**
 * The attribute values ResourceName finds a task by. The API reference: when VM_MANAGER_ID is not among the
 * attributes, VM_MANAGED_OBJECT_REFERENCE, VM_NAME and VM_PATH "will not be used for matching" (a VM name
 * means nothing without its manager). They are still stored and described as sent.
 */
export function matchableValues(attributes: readonly ResourceAttribute[]): string[] {
  const managed = attributes.some((attribute) => attribute.Type === 'VM_MANAGER_ID');
  return [
    ...new Set(
      attributes
        .filter((attribute) => managed || !VM_SCOPED_TYPES.has(attribute.Type))
        .map((attribute) => attribute.Value),
    ),
  ];
}
