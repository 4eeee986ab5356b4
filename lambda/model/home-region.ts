/**
 * A home region control (migrationhub-config's HomeRegionControl): the Migration Hub home region of one AWS
 * account. It comes from one of two places: the deployment's setting (MGH_HOME_REGION locally, `-c homeRegion`
 * deployed), which applies to every account it serves, or CreateHomeRegionControl, stored per account.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface HomeRegionControl {
  /** `hrc-` and 12 of [a-z0-9]. */
  readonly controlId: string;
  /** The account it applies to: always the caller's (Target `{ Type: ACCOUNT, Id }`). */
  readonly accountId: string;
  readonly homeRegion: string;
  /**
   * When CreateHomeRegionControl set it, epoch seconds. Absent for the deployment's setting: no call set it,
   * and the time the setting took effect is known to no Lambda.
   */
  readonly requestedTime?: number;
}

/** The model's ControlId: `^hrc-[a-z0-9]{12}$`. */
export const CONTROL_ID = /^hrc-[a-z0-9]{12}$/;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `hrc-` and 12 characters of [a-z0-9] drawn from `bytes` (a byte modulo 36: an identifier, not a secret). */
function controlIdOf(bytes: Uint8Array): string {
  let id = 'hrc-';
  for (let i = 0; i < 12; i++) id += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return id;
}

/**
 * The control a deployment's setting gives an account. Its id follows from the account and the region, so every
 * Lambda and every restart reports the same one, and changing the setting changes it.
 */
export function configuredControl(accountId: string, homeRegion: string): HomeRegionControl {
  const digest = createHash('sha256').update(`configured|${accountId}|${homeRegion}`).digest();
  return { controlId: controlIdOf(digest), accountId, homeRegion };
}

/** A control CreateHomeRegionControl sets now, under a new random id. */
export function newControl(accountId: string, homeRegion: string, requestedTime: number): HomeRegionControl {
  return { controlId: controlIdOf(randomBytes(12)), accountId, homeRegion, requestedTime };
}
