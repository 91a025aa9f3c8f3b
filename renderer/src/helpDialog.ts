import type { Settings, ShortcutAction } from '../../electron/common/ipc.js';
import type { ModalDialogs } from './dialogs.js';
import { byId, el } from './dom.js';
import { GLOBAL_SHORTCUT_LABELS, LOCAL_SHORTCUTS } from './shortcutsTable.js';

function row(keys: string, action: string): HTMLTableRowElement {
  const tr = el('tr');
  const th = el('th');
  th.scope = 'row';
  th.append(el('kbd', keys));
  tr.append(th, el('td', action));
  return tr;
}

/** The Help dialog: every shortcut, local and global (the global ones as currently configured). */
export class HelpDialog {
  private readonly dialog = byId('help-dialog', HTMLDialogElement);

  constructor(private readonly dialogs: ModalDialogs, private readonly settings: () => Settings) {
    byId('help-local-shortcuts').replaceChildren(...LOCAL_SHORTCUTS.map((s) => row(s.keys, s.action)));
    byId('help-button').addEventListener('click', () => this.open());
    byId('help-close').addEventListener('click', () => this.dialog.close());
  }

  open(): void {
    const shortcuts = this.settings().shortcuts;
    byId('help-global-shortcuts').replaceChildren(
      ...(Object.keys(GLOBAL_SHORTCUT_LABELS) as ShortcutAction[]).map((action) => row(shortcuts[action] ?? 'not set', GLOBAL_SHORTCUT_LABELS[action])),
    );
    this.dialogs.open(this.dialog, byId('help-close'));
  }
}
