import type { Settings } from '../../electron/common/ipc.js';

/** Applies theme and text size to the root element; the stylesheet does the rest. */
export function applyAppearance(settings: Settings): void {
  const root = document.documentElement;
  root.dataset.theme = settings.theme;
  root.dataset.largeText = String(settings.largeText);
}
