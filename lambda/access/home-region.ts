/**
 * Migration Hub answers in its home region. The user guide's rule: write calls (create, notify, associate,
 * disassociate, import, put) made outside the home region are refused; read calls (list, describe) and
 * DeleteProgressUpdateStream are answered from any region. With no home region set, an operation whose model
 * lists HomeRegionNotSetException raises it; the others answer as usual.
 */
import { HomeRegionNotSetError, InvalidInputError } from '../errors';
import { configuredControl, type HomeRegionControl } from '../model/home-region';
import type { HomeRegionStore } from '../store/home-region-store';

export interface HomeRegionRule {
  /** Refused when signed for another region than the home region (writes); false: any region (reads). */
  readonly homeRegionOnly: boolean;
  /** HomeRegionNotSetException while no home region is set; false: the call answers as usual then. */
  readonly needsHomeRegion: boolean;
}

/** A write of Migration Hub: in the home region only, and only once one is set. */
export const IN_HOME_REGION: HomeRegionRule = { homeRegionOnly: true, needsHomeRegion: true };
/** A read of Migration Hub: from any region, once a home region is set. */
export const FROM_ANY_REGION: HomeRegionRule = { homeRegionOnly: false, needsHomeRegion: true };

/**
 * migrationhub-config: how a home region is read and set, so it answers from any region and whether one is set
 * or not (its model lists no HomeRegionNotSetException).
 */
export const SETS_HOME_REGION: HomeRegionRule = { homeRegionOnly: false, needsHomeRegion: false };

/** Where a control may point: the regions this deployment can be called in, or any region (locally). */
export type ControlRegions = readonly string[] | 'any';

/** The control in force for an account, and whether it is the deployment's setting or a stored control. */
export interface ControlInForce {
  readonly control: HomeRegionControl;
  readonly configured: boolean;
}

/**
 * Every account's home region: the deployment's configured one (for every account, never stored) or, without
 * one, the control the account set with CreateHomeRegionControl.
 */
export class HomeRegions {
  constructor(
    /** The deployment's setting; undefined: none, so each account sets its own. */
    readonly configured: string | undefined,
    readonly store: HomeRegionStore,
    readonly controlRegions: ControlRegions,
  ) {}

  /**
   * The account's home region, for the request pipeline: the configured one without a read; otherwise the stored
   * control, read only when the operation's rule depends on it.
   */
  async regionFor(accountId: string, rule: HomeRegionRule): Promise<string | undefined> {
    if (this.configured) return this.configured;
    if (!rule.needsHomeRegion && !rule.homeRegionOnly) return undefined;
    return (await this.store.get(accountId))?.homeRegion;
  }

  async inForce(accountId: string): Promise<ControlInForce | undefined> {
    if (this.configured) return { control: configuredControl(accountId, this.configured), configured: true };
    const stored = await this.store.get(accountId);
    return stored && { control: stored, configured: false };
  }

  /** Throws InvalidInputError, naming HomeRegion, for a region this deployment cannot be called in. */
  checkControlRegion(region: string): void {
    if (this.controlRegions === 'any' || this.controlRegions.includes(region)) return;
    throw new InvalidInputError(
      `HomeRegion must be a region this deployment answers in (${this.controlRegions.join(', ')}), not ` +
        `${region}: API Gateway accepts signatures for its own region only, so every write would be refused.`,
    );
  }
}

export function checkHomeRegion(
  rule: HomeRegionRule,
  homeRegion: string | undefined,
  requestRegion: string,
): void {
  if (!homeRegion) {
    if (rule.needsHomeRegion) throw new HomeRegionNotSetError();
    return;
  }
  if (rule.homeRegionOnly && requestRegion !== homeRegion) {
    throw new InvalidInputError(
      `This request was made to region ${requestRegion}, but the Migration Hub home region is ${homeRegion}. ` +
        'Write calls are answered in the home region only; call the API there.',
    );
  }
}
