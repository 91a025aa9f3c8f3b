import type { Settings, ShortcutAction } from '../../electron/common/ipc.js';
import type { ModalDialogs } from './dialogs.js';
import { byId, el } from './dom.js';
import { GLOBAL_SHORTCUT_LABELS, LOCAL_SHORTCUTS } from './shortcutsTable.js';

/** A row: the keys (each in its own <kbd>, never broken inside) and what they do. */
function row(keys: readonly string[], action: string): HTMLTableRowElement {
  const tr = el('tr');
  const th = el('th');
  th.scope = 'row';
  keys.forEach((key, i) => {
    if (i > 0) th.append(i === keys.length - 1 ? ' or ' : ', ');
    th.append(el('kbd', key));
  });
  tr.append(th, el('td', action));
  return tr;
}

/**
 * The Help dialog: getting started first, then every shortcut, local and global (the global ones as currently
 * configured). It always opens at its top, with focus on its title, so it is read from the beginning.
 */
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
      ...(Object.keys(GLOBAL_SHORTCUT_LABELS) as ShortcutAction[]).map((action) => row([shortcuts[action] ?? 'not set'], GLOBAL_SHORTCUT_LABELS[action])),
    );
    const title = byId('help-title');
    this.dialogs.open(this.dialog, title);
    this.dialog.scrollTop = 0;
  }
}
