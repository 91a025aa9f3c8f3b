/**
 * The grammar of Electron accelerators ("Control+Alt+D"), checked in the core so a bad shortcut in a settings
 * file or an IPC payload is refused with a clear message before it ever reaches globalShortcut.
 */
const MODIFIERS = Object.freeze([
  'Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta',
]);

const NAMED_KEYS = Object.freeze([
  'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return', 'Enter',
  'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'Esc', 'PrintScreen',
  'VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'MediaPlayPause',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
]);

const SINGLE_KEY = /^(?:[A-Za-z0-9]|F(?:[1-9]|1\d|2[0-4])|num\d|[`~!@#$%^&*()\-=[\]\\;',./])$/;

/** Longest accelerator accepted; real ones are a few modifiers and a key. */
export const MAX_ACCELERATOR_CHARS = 64;

/**
 * Returns null when `value` is a valid accelerator (or '' meaning "no shortcut"), else the reason it is not.
 * A key without a modifier is accepted only for function keys, so a global shortcut never swallows typing.
 */
export function acceleratorProblem(value: string): string | null {
  if (value === '') return null;
  if (value.length > MAX_ACCELERATOR_CHARS) return `is longer than ${MAX_ACCELERATOR_CHARS} characters`;
  // Electron names the plus key "Plus", so "+" only ever separates parts.
  const parts = value.split('+');
  const key = parts[parts.length - 1] ?? '';
  const modifiers = parts.slice(0, -1);
  // Electron compares accelerator words without regard to case.
  const lower = (list: readonly string[]) => list.map((w) => w.toLowerCase());
  for (const modifier of modifiers) {
    if (!lower(MODIFIERS).includes(modifier.toLowerCase())) return `has an unknown modifier "${modifier}"`;
  }
  if (new Set(lower(modifiers)).size !== modifiers.length) return 'repeats a modifier';
  if (!lower(NAMED_KEYS).includes(key.toLowerCase()) && !SINGLE_KEY.test(key)) return `has an unknown key "${key}"`;
  if (modifiers.length === 0 && !/^F\d+$/i.test(key)) return 'needs a modifier such as Control or Alt (only F1–F24 may stand alone)';
  return null;
}
