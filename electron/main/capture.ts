/**
 * Screen capture through desktopCapturer at the native resolution of the display under the pointer, or the
 * active window. Sightline's own window is hidden while the frame is taken (and left out of window sources),
 * so it never appears in what the user hears about.
 */
import { BrowserWindow, desktopCapturer, screen } from 'electron';
import { setTimeout as delay } from 'node:timers/promises';
import type { CaptureTarget } from '../common/ipc';
import type { CaptureProvider, CapturedImage } from '../core/app/ports';
import { displayUnderPoint, nativeSize, pickActiveWindowSource, pickScreenSource, type DisplayInfo } from '../core/capture/displays';
import { SightlineError } from '../core/common/errors';

/** Time for the compositor to repaint without our window; one or two frames at 60 Hz is not always enough. */
const HIDE_SETTLE_MS = 200;

const toDisplayInfo = (d: Electron.Display): DisplayInfo => ({ id: d.id, bounds: d.bounds, scaleFactor: d.scaleFactor });

async function withOwnWindowsHidden<T>(work: () => Promise<T>): Promise<T> {
  const shown = BrowserWindow.getAllWindows().filter((w) => w.isVisible() && !w.isMinimized());
  const focused = BrowserWindow.getFocusedWindow();
  for (const w of shown) w.hide();
  if (shown.length > 0) await delay(HIDE_SETTLE_MS);
  try {
    return await work();
  } finally {
    for (const w of shown) w.showInactive();
    focused?.focus();
  }
}

export function createDesktopCapture(): CaptureProvider {
  return Object.freeze({
    async capture(target: CaptureTarget, signal: AbortSignal): Promise<CapturedImage> {
      const displays = screen.getAllDisplays().map(toDisplayInfo);
      const display = displayUnderPoint(displays, screen.getCursorScreenPoint());
      const size = nativeSize(display);
      const ownIds = BrowserWindow.getAllWindows().map((w) => w.getMediaSourceId());
      const shot = await withOwnWindowsHidden(async () => {
        const sources = await desktopCapturer.getSources({ types: target === 'screen' ? ['screen'] : ['window'], thumbnailSize: size, fetchWindowIcons: false });
        const info = sources.map((s) => ({ id: s.id, name: s.name, display_id: s.display_id }));
        const picked = target === 'screen' ? pickScreenSource(info, displays, display) : pickActiveWindowSource(info, ownIds);
        const source = sources.find((s) => s.id === picked.id)!;
        return { image: source.thumbnail, name: source.name };
      });
      if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
      if (shot.image.isEmpty()) {
        throw new SightlineError('bad-input', `${target === 'screen' ? 'screen' : 'active window'}: the capture came back empty (on macOS, allow Sightline under Privacy & Security → Screen Recording)`);
      }
      return { bytes: new Uint8Array(shot.image.toPNG()), label: target === 'screen' ? 'screen' : `window "${shot.name}"` };
    },
  });
}
