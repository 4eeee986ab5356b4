/**
 * The states a migration task reports, as the service model names them: the one list the API's schemas, the
 * ordering rule and the dashboard (its contract and its reader) all use. No imports, so the browser bundle of
 * the dashboard can take it too.
 */
export const MIGRATION_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'FAILED', 'COMPLETED'] as const;

export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];
