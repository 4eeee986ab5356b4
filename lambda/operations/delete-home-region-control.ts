import * as z from 'zod/mini';
import { SETS_HOME_REGION } from '../access/home-region';
import { InvalidInputError } from '../errors';
import { configuredControl } from '../model/home-region';
import { ControlId } from './home-region-shapes';
import { defineOperation } from './operation';

export const DeleteHomeRegionControlInput = z.object({ ControlId });
export type DeleteHomeRegionControlInput = z.infer<typeof DeleteHomeRegionControlInput>;

/**
 * migrationhub-config: deletes the caller's account's stored control. Streams, tasks and their history stay;
 * writes answer HomeRegionNotSetException again until a home region is set. A deployment's configured home
 * region is no stored control and cannot be deleted this way.
 */
export const deleteHomeRegionControl = defineOperation({
  name: 'DeleteHomeRegionControl',
  service: 'config',
  input: DeleteHomeRegionControlInput,
  access: 'write',
  homeRegion: SETS_HOME_REGION,
  async run({ ControlId: controlId }, { caller, homeRegions }) {
    const { accountId } = caller;
    if (
      homeRegions.configured &&
      configuredControl(accountId, homeRegions.configured).controlId === controlId
    ) {
      throw new InvalidInputError(
        `Control ${controlId} is this deployment's configured home region (${homeRegions.configured}), set by ` +
          'MGH_HOME_REGION for the local endpoint or -c homeRegion when deployed: change that setting instead.',
      );
    }
    if (!(await homeRegions.store.delete(accountId, controlId))) {
      throw new InvalidInputError(
        `ControlId ${controlId} is not a home region control of account ${accountId}.`,
      );
    }
    return {};
  },
});
