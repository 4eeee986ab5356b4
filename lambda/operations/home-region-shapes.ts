/**
 * The members of migrationhub-config (`migrationhub-config-2019-06-30.service-2.json`) with every constraint of
 * its model, and a control as its API answers it.
 */
import * as z from 'zod/mini';
import { CONTROL_ID, type HomeRegionControl } from '../model/home-region';
import { text } from './shapes';

/** `^([a-z]+)-([a-z]+)-([0-9]+)$`, 1-50. */
export const HomeRegion = text({
  min: 1,
  max: 50,
  pattern: {
    regex: /^([a-z]+)-([a-z]+)-([0-9]+)$/,
    rule: 'must be an AWS Region name such as us-west-2 (lowercase letters-letters-digits)',
  },
});

/** `^hrc-[a-z0-9]{12}$`, 1-50. */
export const ControlId = text({
  min: 1,
  max: 50,
  pattern: { regex: CONTROL_ID, rule: 'must be hrc- followed by 12 lowercase letters or digits' },
});

/** Target: Type is always ACCOUNT; Id, a 12-digit account (`^\d{12}$`, exactly 12). */
export const Target = z.object({
  Type: z.enum(['ACCOUNT']),
  Id: z.optional(
    text({ min: 12, max: 12, pattern: { regex: /^\d{12}$/, rule: 'must be a 12-digit AWS account ID' } }),
  ),
});

/** The API's HomeRegionControl. */
export function controlOutput({ controlId, accountId, homeRegion, requestedTime }: HomeRegionControl) {
  return {
    ControlId: controlId,
    HomeRegion: homeRegion,
    Target: { Type: 'ACCOUNT', Id: accountId },
    ...(requestedTime !== undefined && { RequestedTime: requestedTime }),
  };
}
