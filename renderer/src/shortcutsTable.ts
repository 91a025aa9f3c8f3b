import type { ShortcutAction } from '../../electron/common/ipc.js';

export interface LocalShortcut {
  readonly keys: string;
  readonly action: string;
}

/** Keys that work while Sightline's window has focus; the Help dialog lists exactly these. */
export const LOCAL_SHORTCUTS: readonly LocalShortcut[] = Object.freeze([
  { keys: 'F1', action: 'Open this help' },
  { keys: 'Escape', action: 'Cancel the work in progress, or stop speech; closes a dialog' },
  { keys: 'F2 (hold)', action: 'Push to talk: hold it, speak a question about the photo, release to send' },
  { keys: 'Alt+1 to Alt+5', action: 'Go to Describe, Photo, Camera, History or Settings' },
  { keys: 'Control+O', action: 'Open a photo' },
  { keys: 'Control+V', action: 'Paste an image as the photo' },
  { keys: 'Control+Shift+D', action: 'Describe the camera picture, the photo or the screen, depending on the view' },
  { keys: 'Up, Down, Home, End, Page Up, Page Down', action: 'Move through a result line by line' },
  { keys: 'Control+C in a result', action: 'Copy the current line' },
  { keys: 'Tab and Shift+Tab', action: 'Move between controls' },
]);

/** What each global shortcut does, in words. */
export const GLOBAL_SHORTCUT_LABELS: Readonly<Record<ShortcutAction, string>> = Object.freeze({
  describeScreen: 'Describe the screen',
  readScreen: "Read the screen's text",
  askImage: 'Ask about the current image',
  stopSpeech: 'Stop speech',
});
