/**
 * Where the home region controls set by CreateHomeRegionControl are kept: one per account, so that every Lambda
 * and every restart sees the same home region. A deployment's configured home region is never stored.
 */
import type { HomeRegionControl } from '../model/home-region';

export interface HomeRegionStore {
  /** The account's stored control, strongly consistent; undefined when it has none. */
  get(accountId: string): Promise<HomeRegionControl | undefined>;
  /**
   * Stores `control` unless its account has one already, and returns the control in force afterwards: `control`
   * itself, or the one stored before (whatever its region).
   */
  createIfAbsent(control: HomeRegionControl): Promise<HomeRegionControl>;
  /** Deletes the account's control if its id is `controlId`; false when the account has no such control. */
  delete(accountId: string, controlId: string): Promise<boolean>;
}
