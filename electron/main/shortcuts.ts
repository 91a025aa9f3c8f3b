import { globalShortcut } from 'electron';
import type { Settings, ShortcutAction } from '../common/ipc';
import { planShortcuts, registrationFailedMessage } from '../core/app/shortcutPlan';

/**
 * Registers the global shortcuts of the current settings, replacing earlier ones. Each problem (a bad or
 * duplicate accelerator, or keys another program holds) is handed to `report` so the user hears it.
 */
export function applyShortcuts(settings: Settings, onAction: (action: ShortcutAction) => void, report: (message: string) => void): void {
  globalShortcut.unregisterAll();
  const plan = planShortcuts(settings.shortcuts);
  for (const problem of plan.problems) report(problem);
  for (const shortcut of plan.register) {
    let ok = false;
    try {
      ok = globalShortcut.register(shortcut.accelerator, () => onAction(shortcut.action));
    } catch {
      ok = false; // Electron throws for accelerators it cannot parse on this platform
    }
    if (!ok) report(registrationFailedMessage(shortcut));
  }
}
