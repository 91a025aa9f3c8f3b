import type { HistoryEntry } from '../../electron/common/ipc.js';
import { type Bridge, errorMessage } from './bridge.js';
import type { ModalDialogs } from './dialogs.js';
import { byId, el } from './dom.js';
import type { StatusLine } from './status.js';

const KIND_LABELS: Readonly<Record<HistoryEntry['kind'], string>> = Object.freeze({
  describe: 'Described',
  read: 'Read',
  ask: 'Asked about',
});

/** The History view: earlier results, newest first, and clearing them after a confirmation. */
export class HistoryViewPanel {
  private readonly list = byId('history-list');
  private readonly empty = byId('history-empty');

  constructor(private readonly bridge: Bridge, private readonly status: StatusLine, private readonly dialogs: ModalDialogs) {
    byId('history-refresh').addEventListener('click', () => void this.refresh(true));
    byId('history-clear').addEventListener('click', () => void this.clear());
  }

  async refresh(announce = false): Promise<void> {
    let entries: readonly HistoryEntry[];
    try {
      entries = await this.bridge.call('list-history', {});
    } catch (err) {
      this.status.error(`Could not load history: ${errorMessage(err)}`);
      return;
    }
    this.list.replaceChildren(
      ...entries.map((entry) => {
        const item = el('li');
        const time = el('time', new Date(entry.at).toLocaleString());
        time.dateTime = entry.at;
        item.append(time, document.createTextNode(` — ${KIND_LABELS[entry.kind] ?? entry.kind} ${entry.source}: `), el('span', entry.summary));
        return item;
      }),
    );
    this.empty.hidden = entries.length > 0;
    if (announce) this.status.info(entries.length === 1 ? '1 entry in history.' : `${entries.length} entries in history.`);
  }

  private async clear(): Promise<void> {
    const confirmed = await this.dialogs.confirm(byId('confirm-dialog', HTMLDialogElement), byId('confirm-yes'), byId('confirm-no'));
    if (!confirmed) {
      this.status.info('History kept.');
      return;
    }
    try {
      const { cleared } = await this.bridge.call('clear-history', {});
      this.status.info(cleared === 1 ? 'History cleared: 1 entry removed.' : `History cleared: ${cleared} entries removed.`);
    } catch (err) {
      this.status.error(`Could not clear history: ${errorMessage(err)}`);
    }
    await this.refresh();
  }
}
