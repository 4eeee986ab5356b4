import * as z from 'zod/mini';
import { SETS_HOME_REGION } from '../access/home-region';
import { nowSeconds } from '../clock';
import { InvalidInputError } from '../errors';
import { configuredControl, newControl } from '../model/home-region';
import { controlOutput, HomeRegion, Target } from './home-region-shapes';
import { defineOperation } from './operation';
import { DryRun } from './shapes';

export const CreateHomeRegionControlInput = z.object({ HomeRegion, Target, DryRun });
export type CreateHomeRegionControlInput = z.infer<typeof CreateHomeRegionControlInput>;

/**
 * migrationhub-config: sets the caller's account's home region. Setting the region already in force returns its
 * control again (a tool may call it at every start); another region is refused while one is in force.
 */
export const createHomeRegionControl = defineOperation({
  name: 'CreateHomeRegionControl',
  service: 'config',
  input: CreateHomeRegionControlInput,
  access: 'write',
  homeRegion: SETS_HOME_REGION,
  check({ HomeRegion: region, Target: target }, { caller, homeRegions }) {
    if (target.Id !== undefined && target.Id !== caller.accountId) {
      throw new InvalidInputError(
        `Target.Id must be the calling account (${caller.accountId}), not ${target.Id}: a home region ` +
          'control applies to the account that creates it.',
      );
    }
    homeRegions.checkControlRegion(region);
  },
  async run({ HomeRegion: region }, { caller, homeRegions, clock }) {
    const { accountId } = caller;
    if (homeRegions.configured) {
      if (region !== homeRegions.configured) {
        throw new InvalidInputError(
          `The home region of account ${accountId} is ${homeRegions.configured}, set by this deployment's ` +
            'setting (MGH_HOME_REGION for the local endpoint, -c homeRegion when deployed): change that ' +
            'setting to change it.',
        );
      }
      return { HomeRegionControl: controlOutput(configuredControl(accountId, region)) };
    }
    const stored =
      (await homeRegions.store.get(accountId)) ??
      (await homeRegions.store.createIfAbsent(newControl(accountId, region, nowSeconds(clock))));
    if (stored.homeRegion !== region) {
      throw new InvalidInputError(
        `The home region of account ${accountId} is already ${stored.homeRegion} (control ` +
          `${stored.controlId}). To change it, delete that control with DeleteHomeRegionControl first.`,
      );
    }
    return { HomeRegionControl: controlOutput(stored) };
  },
});
