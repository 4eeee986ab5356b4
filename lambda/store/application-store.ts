/**
 * What the application-state operations need from storage, in the domain's terms (lambda/model/application.ts).
 * States belong to an account: no stream holds them, so no stream permission applies to them. Cursors and
 * pages are the task store's: opaque outside the store, checked before anything is read.
 */
import type { ApplicationState } from '../model/application';
import type { Cursor, Page } from './task-store';

/**
 * `applied`: the notification is now the application's state. `superseded`: a newer one (by UpdateDateTime,
 * ties broken by the status's rank) is in force; this one changed nothing.
 */
export type NotifyApplicationOutcome = 'applied' | 'superseded';

export interface ApplicationStore {
  /** One conditional write: applies only when `state` is not older than the state in force. */
  notify(accountId: string, state: ApplicationState): Promise<NotifyApplicationOutcome>;
  /** The state in force; undefined when the application was never notified. */
  describe(accountId: string, applicationId: string): Promise<ApplicationState | undefined>;
  /**
   * The account's states in a stable order (not meaningful: by a digest of the id), `limit` at a time after
   * the cursor of the page before. With `applicationIds`, only those, in the same order; ids never notified
   * are simply absent. Throws InvalidCursorError, before reading anything, for a cursor it did not issue.
   */
  list(
    accountId: string,
    limit: number,
    options: { readonly after?: Cursor; readonly applicationIds?: readonly string[] },
  ): Promise<Page<ApplicationState>>;
}
