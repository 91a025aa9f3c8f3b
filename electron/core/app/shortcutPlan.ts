/**
 * Which global shortcuts to register for the current settings, and what to tell the user about those that
 * cannot be: Electron's globalShortcut.register returns false when another program holds the keys.
 */
import type { ShortcutAction } from '../../common/ipc';
import { acceleratorProblem } from './accelerator';

/** Spoken names of the actions, for announcements and the help table. */
export const SHORTCUT_LABELS: Readonly<Record<ShortcutAction, string>> = Object.freeze({
  describeScreen: 'describe the screen',
  readScreen: "read the screen's text",
  askImage: 'ask about the current image',
  stopSpeech: 'stop speech',
});

export interface PlannedShortcut {
  readonly action: ShortcutAction;
  readonly accelerator: string;
}

export interface ShortcutPlan {
  readonly register: readonly PlannedShortcut[];
  /** One line each, ready to announce. */
  readonly problems: readonly string[];
}

const ALIASES: Readonly<Record<string, string>> = Object.freeze({
  ctrl: 'control', cmd: 'command', cmdorctrl: 'commandorcontrol', option: 'alt', esc: 'escape', return: 'enter',
});

/** One spelling per key combination, so "Ctrl+Alt+D" and "alt+control+d" are seen as the same shortcut. */
export function canonicalAccelerator(accelerator: string): string {
  const parts = accelerator.split('+').map((p) => ALIASES[p.toLowerCase()] ?? p.toLowerCase());
  const key = parts.pop() ?? '';
  return [...parts.sort(), key].join('+');
}

export function planShortcuts(shortcuts: Readonly<Record<ShortcutAction, string>>): ShortcutPlan {
  const register: PlannedShortcut[] = [];
  const problems: string[] = [];
  const taken = new Map<string, ShortcutAction>();
  for (const [action, accelerator] of Object.entries(shortcuts) as Array<[ShortcutAction, string]>) {
    if (accelerator === '') continue; // the user turned this shortcut off
    const problem = acceleratorProblem(accelerator);
    if (problem) {
      problems.push(`The shortcut ${accelerator} to ${SHORTCUT_LABELS[action]} ${problem}; choose another in Settings.`);
      continue;
    }
    const key = canonicalAccelerator(accelerator);
    const other = taken.get(key);
    if (other) {
      problems.push(`The shortcut ${accelerator} is set both to ${SHORTCUT_LABELS[other]} and to ${SHORTCUT_LABELS[action]}; only the first works. Change one in Settings.`);
      continue;
    }
    taken.set(key, action);
    register.push({ action, accelerator });
  }
  return { register, problems };
}

export function registrationFailedMessage(shortcut: PlannedShortcut): string {
  return `The shortcut ${shortcut.accelerator} to ${SHORTCUT_LABELS[shortcut.action]} could not be registered; another program may be using it. Choose another in Settings.`;
}
