import * as z from 'zod/mini';
import { defineOperation } from './operation';
import { applicationNotFound } from './resource-errors';
import { ApplicationId } from './shapes';

export const DescribeApplicationStateInput = z.object({ ApplicationId });
export type DescribeApplicationStateInput = z.infer<typeof DescribeApplicationStateInput>;

/** The application's state in force and its UpdateDateTime; never notified: ResourceNotFoundException. */
export const describeApplicationState = defineOperation({
  name: 'DescribeApplicationState',
  input: DescribeApplicationStateInput,
  access: 'read',
  async run({ ApplicationId: applicationId }, { caller, applications }) {
    const state = await applications.describe(caller.accountId, applicationId);
    if (!state) throw applicationNotFound(applicationId);
    return { ApplicationStatus: state.status, LastUpdatedTime: state.updateDateTime };
  },
});
