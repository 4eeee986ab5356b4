/**
 * Migration Hub answers in its home region. The user guide's rule: write calls (create, notify, associate,
 * disassociate, import, put) made outside the home region are refused; read calls (list, describe) and
 * DeleteProgressUpdateStream are answered from any region. With no home region set, an operation whose model
 * lists HomeRegionNotSetException raises it; the others answer as usual.
 */
import { HomeRegionNotSetError, InvalidInputError } from '../errors';

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
