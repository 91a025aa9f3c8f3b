import { readFile } from 'node:fs/promises';
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

/**
 * `npm run serve -- --screen FILE`: a stand-in screen for tests and demonstrations, so describe-screen and
 * read-screen (the buttons and the shortcuts' actions) run end to end in a browser. The file is read at each
 * capture, so a test may replace it between requests; what it holds is checked by the image intake like any screenshot.
 */
export function imageFileCapture(file: string): CaptureProvider {
  return Object.freeze({
    async capture(target, signal): Promise<{ bytes: Uint8Array; label: string }> {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file, { signal }));
      } catch (err) {
        if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
        throw new SightlineError('bad-input', `the harness's stand-in screen could not be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      return { bytes, label: target === 'screen' ? 'screen' : 'active window' };
    },
  } satisfies CaptureProvider);
}
