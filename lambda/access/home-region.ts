/**
 * Migration Hub answers only in its home region. Write and read calls alike need one to be set, and a call
 * signed for another region is refused, as the real service does.
 */
import { HomeRegionNotSetError, InvalidInputError } from '../errors';

export function checkHomeRegion(homeRegion: string | undefined, requestRegion: string): void {
  if (!homeRegion) throw new HomeRegionNotSetError();
  if (requestRegion !== homeRegion) {
    throw new InvalidInputError(
      `This request was made to region ${requestRegion}, but the Migration Hub home region is ${homeRegion}. ` +
        'Call the API in the home region.',
    );
  }
}
