import * as z from 'zod/mini';
import { SETS_HOME_REGION } from '../access/home-region';
import { defineOperation } from './operation';

export const GetHomeRegionInput = z.object({});

/** migrationhub-config: the caller's account's home region, configured or set by its control; `{}` when none. */
export const getHomeRegion = defineOperation({
  name: 'GetHomeRegion',
  service: 'config',
  input: GetHomeRegionInput,
  access: 'read',
  homeRegion: SETS_HOME_REGION,
  async run(_input, { caller, homeRegions }) {
    const inForce = await homeRegions.inForce(caller.accountId);
    return inForce ? { HomeRegion: inForce.control.homeRegion } : {};
  },
});
