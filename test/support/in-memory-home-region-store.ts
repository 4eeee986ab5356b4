/**
 * The in-memory fake of the HomeRegionStore, held to the store contract (test/contract/store-contract.ts) with
 * the DynamoDB store: one control per account, created only where none exists, deleted only under its own id.
 */
import type { HomeRegionControl } from '../../lambda/model/home-region';
import type { HomeRegionStore } from '../../lambda/store/home-region-store';

export class InMemoryHomeRegionStore implements HomeRegionStore {
  private readonly controls = new Map<string, HomeRegionControl>();
  /** Every write it accepted, in order: a test can tell that nothing was written. */
  readonly writes: string[] = [];

  async get(accountId: string): Promise<HomeRegionControl | undefined> {
    return this.controls.get(accountId);
  }

  async createIfAbsent(control: HomeRegionControl): Promise<HomeRegionControl> {
    const existing = this.controls.get(control.accountId);
    if (existing) return existing;
    this.controls.set(control.accountId, control);
    this.writes.push(`create ${control.accountId} ${control.controlId}`);
    return control;
  }

  async delete(accountId: string, controlId: string): Promise<boolean> {
    if (this.controls.get(accountId)?.controlId !== controlId) return false;
    this.controls.delete(accountId);
    this.writes.push(`delete ${accountId} ${controlId}`);
    return true;
  }
}
