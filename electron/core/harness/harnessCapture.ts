import { SightlineError } from '../common/errors';
import type { CaptureProvider } from '../app/ports';

/**
 * The harness runs in a browser tab: there is no desktopCapturer, and capturing the screen from a server
 * would capture the server's screen, not the user's. Screen requests say so plainly.
 */
export const harnessCapture: CaptureProvider = Object.freeze({
  async capture(): Promise<never> {
    throw new SightlineError('bad-input', 'screen capture works in the desktop app only; in the browser harness open a photo or use the camera');
  },
});
