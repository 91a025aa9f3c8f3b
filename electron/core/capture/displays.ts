/**
 * The Electron-free half of screen capture: which display the user means (the one under the pointer), the
 * size that captures it at native resolution, and which desktopCapturer source shows it or the active window
 * (never Sightline's own). Main feeds it plain data from `screen` and `desktopCapturer`.
 */
import { SightlineError } from '../common/errors';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DisplayInfo {
  readonly id: number;
  /** In device-independent pixels, as Electron's `screen` reports them. */
  readonly bounds: Rect;
  readonly scaleFactor: number;
}

export interface SourceInfo {
  /** "screen:…" or "window:…" */
  readonly id: string;
  readonly name: string;
  /** For screen sources: the matching Display id as a string ('' where the platform does not say). */
  readonly display_id: string;
}

const contains = (r: Rect, p: { x: number; y: number }) => p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;

const distance = (r: Rect, p: { x: number; y: number }) => {
  const dx = Math.max(r.x - p.x, 0, p.x - (r.x + r.width - 1));
  const dy = Math.max(r.y - p.y, 0, p.y - (r.y + r.height - 1));
  return Math.hypot(dx, dy);
};

/** The display under the pointer; between displays (a gap in the layout) the nearest one. */
export function displayUnderPoint(displays: readonly DisplayInfo[], point: { x: number; y: number }): DisplayInfo {
  if (displays.length === 0) throw new SightlineError('internal', 'no display is connected');
  return displays.find((d) => contains(d.bounds, point))
    ?? [...displays].sort((a, b) => distance(a.bounds, point) - distance(b.bounds, point))[0]!;
}

/** Physical pixels of a display: what desktopCapturer's thumbnailSize must ask for to get a native-resolution frame. */
export function nativeSize(display: DisplayInfo): { width: number; height: number } {
  return { width: Math.round(display.bounds.width * display.scaleFactor), height: Math.round(display.bounds.height * display.scaleFactor) };
}

/**
 * The screen source showing `display`. Sources name their display where the platform can (Windows, macOS,
 * X11 with RandR); otherwise the order of sources follows the order of displays.
 */
export function pickScreenSource(sources: readonly SourceInfo[], displays: readonly DisplayInfo[], display: DisplayInfo): SourceInfo {
  const screens = sources.filter((s) => s.id.startsWith('screen:'));
  if (screens.length === 0) throw new SightlineError('internal', 'the system offered no screen to capture (is screen recording permitted for Sightline?)');
  const byId = screens.find((s) => s.display_id !== '' && s.display_id === String(display.id));
  if (byId) return byId;
  if (screens.length === 1) return screens[0]!;
  const index = displays.findIndex((d) => d.id === display.id);
  return screens[index] ?? screens[0]!;
}

/**
 * The active window: desktopCapturer lists windows front to back, so after Sightline's own windows are left
 * out, the first is the one the user was working in.
 */
export function pickActiveWindowSource(sources: readonly SourceInfo[], ownSourceIds: readonly string[]): SourceInfo {
  const own = new Set(ownSourceIds);
  const windows = sources.filter((s) => s.id.startsWith('window:') && !own.has(s.id) && s.name.trim() !== '');
  if (windows.length === 0) throw new SightlineError('bad-input', 'active window: no other window is open to capture');
  return windows[0]!;
}
