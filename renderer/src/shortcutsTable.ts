import type { ShortcutAction } from '../../electron/common/ipc.js';

export interface LocalShortcut {
  /** Each key combination separately, so none is ever broken across lines; "or" joins them. */
  readonly keys: readonly string[];
  readonly action: string;
}

/** Keys that work while Sightline's window has focus; the Help dialog lists exactly these. */
export const LOCAL_SHORTCUTS: readonly LocalShortcut[] = Object.freeze([
  { keys: ['F1'], action: 'Open this help' },
  { keys: ['Escape'], action: 'Discard a recording, cancel the work in progress or stop speech; pressed again, go back to where you were' },
  { keys: ['F2'], action: 'Ask by voice: tap it, speak, and tap it again to send; or hold it while you speak and let go to send' },
  { keys: ['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5'], action: 'Go to Screen, Photo, Camera, History or Settings' },
  { keys: ['Control+O'], action: 'Open a photo' },
  { keys: ['Control+V'], action: 'Paste an image as the photo' },
  { keys: ['Control+Shift+D'], action: 'Describe the camera picture, the photo or the screen, depending on the view' },
  { keys: ['Down', 'Up'], action: 'In a result, when Sightline speaks: read the next or previous line' },
  { keys: ['Control+Down', 'Control+Up'], action: 'In a result: read the next or previous block (heading, paragraph, list item, table)' },
  { keys: ['Space'], action: 'In a result: pause or resume reading' },
  { keys: ['Enter'], action: 'In a result: read on from the current line to the end' },
  { keys: ['Home', 'End'], action: 'In a result: read the first or last line' },
  { keys: ['Control+C'], action: 'In a result, with nothing selected: copy the current line' },
  { keys: ['Tab', 'Shift+Tab'], action: 'Move between controls' },
]);

/** What each global shortcut does, in words. */
export const GLOBAL_SHORTCUT_LABELS: Readonly<Record<ShortcutAction, string>> = Object.freeze({
  describeScreen: 'Describe the screen',
  readScreen: "Read the screen's text",
  askImage: 'Ask about the current image',
  stopSpeech: 'Stop speech',
});
