import * as z from 'zod/mini';
import { nowSeconds } from '../clock';
import { APPLICATION_STATUSES } from '../model/application';
import { defineOperation } from './operation';
import { ApplicationId, DryRun, Timestamp } from './shapes';

export const NotifyApplicationStateInput = z.object({
  ApplicationId,
  Status: z.enum(APPLICATION_STATUSES),
  UpdateDateTime: z.optional(Timestamp),
  DryRun,
});
export type NotifyApplicationStateInput = z.infer<typeof NotifyApplicationStateInput>;

/**
 * Records an application's migration status, for the caller's account (no stream: any principal of the account
 * may). The newest notification by UpdateDateTime is the state whatever order they arrive in, ties going to the
 * further-along status; an older one is answered 200 and changes nothing. Without UpdateDateTime, the time it
 * was received stands in. Any id the model allows is accepted: there is no Application Discovery Service here
 * to check it against.
 */
export const notifyApplicationState = defineOperation({
  name: 'NotifyApplicationState',
  input: NotifyApplicationStateInput,
  access: 'write',
  async run(input, { caller, applications, clock, annotate }) {
    const outcome = await applications.notify(caller.accountId, {
      applicationId: input.ApplicationId,
      status: input.Status,
      updateDateTime: input.UpdateDateTime ?? nowSeconds(clock),
    });
    if (outcome === 'superseded') annotate({ outOfOrder: true });
    return {};
  },
});
