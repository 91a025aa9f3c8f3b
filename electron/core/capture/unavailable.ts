import { SightlineError } from '../common/errors';
import type { CaptureProvider } from '../app/ports';

/** A capture provider for places with no screen to capture (the browser harness, the CLI): says why, plainly. */
export function unavailableCapture(reason = 'screen capture is not available in the browser harness; open an image instead'): CaptureProvider {
  return Object.freeze({
    async capture(): Promise<never> {
      throw new SightlineError('usage', reason);
    },
  });
}
