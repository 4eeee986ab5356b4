import * as z from 'zod/mini';
import { SETS_HOME_REGION } from '../access/home-region';
import { InvalidCursorError } from '../store/task-store';
import { ControlId, controlOutput, HomeRegion, Target } from './home-region-shapes';
import { defineOperation } from './operation';
import { maxResults, NextToken, paginate } from './pagination';

export const DescribeHomeRegionControlsInput = z.object({
  ControlId: z.optional(ControlId),
  HomeRegion: z.optional(HomeRegion),
  Target: z.optional(Target),
  MaxResults: maxResults(100),
  NextToken,
});
export type DescribeHomeRegionControlsInput = z.infer<typeof DescribeHomeRegionControlsInput>;

/**
 * migrationhub-config: the caller's account's control (none or one), filtered by ControlId, HomeRegion and
 * Target. A filter that matches nothing gives an empty list; another account's controls are never listed.
 */
export const describeHomeRegionControls = defineOperation({
  name: 'DescribeHomeRegionControls',
  service: 'config',
  input: DescribeHomeRegionControlsInput,
  access: 'read',
  homeRegion: SETS_HOME_REGION,
  async run(input, { caller, homeRegions, clock }) {
    const { accountId } = caller;
    const scope = [
      'DescribeHomeRegionControls',
      accountId,
      input.ControlId ?? '',
      input.HomeRegion ?? '',
      input.Target?.Type ?? '',
      input.Target?.Id ?? '',
    ];
    const page = await paginate({ token: input.NextToken, scope, clock }, async (after) => {
      // One control at most: one page, so this listing issues no cursor and there is none to accept.
      if (after !== undefined) throw new InvalidCursorError();
      const inForce = await homeRegions.inForce(accountId);
      const control = inForce?.control;
      const matches =
        control !== undefined &&
        (input.ControlId === undefined || input.ControlId === control.controlId) &&
        (input.HomeRegion === undefined || input.HomeRegion === control.homeRegion) &&
        (input.Target?.Id === undefined || input.Target.Id === control.accountId);
      return { items: matches ? [control] : [] };
    });
    return { HomeRegionControls: (page?.items ?? []).map(controlOutput) };
  },
});
