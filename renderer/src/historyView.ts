import type { HistoryEntry } from '../../electron/common/ipc.js';
import { type Bridge, errorMessage } from './bridge.js';
import type { ConversationPanel } from './conversation.js';
import type { ModalDialogs } from './dialogs.js';
import { byId, el } from './dom.js';
import { count } from './oneLine.js';
import type { StatusLine } from './status.js';
import type { WorkTracker } from './work.js';

const KIND_LABELS: Readonly<Record<HistoryEntry['kind'], string>> = Object.freeze({
  describe: 'Described',
  read: 'Read',
  ask: 'Asked about',
});

const CONVERSATION_ID = /^c-[0-9a-z]{9}-[0-9a-f]{8}$/;

/**
 * The History view: earlier results, newest first. Each entry reopens its whole conversation (description, text,
 * every question and answer) right here, above the list; asking more works while the image is still open.
 */
export class HistoryViewPanel {
  private readonly list = byId('history-list');
  private readonly empty = byId('history-empty');

  constructor(
    private readonly bridge: Bridge,
    private readonly work: WorkTracker,
    private readonly status: StatusLine,
    private readonly dialogs: ModalDialogs,
    readonly panel: ConversationPanel,
  ) {
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
    this.list.replaceChildren(...entries.map((entry) => this.item(entry)));
    this.empty.hidden = entries.length > 0;
    if (announce) this.status.info(entries.length === 1 ? '1 entry in history.' : `${entries.length} entries in history.`);
  }

  private item(entry: HistoryEntry): HTMLLIElement {
    const item = el('li');
    const when = new Date(entry.at);
    const time = el('time', when.toLocaleString());
    time.dateTime = entry.at;
    const what = `${KIND_LABELS[entry.kind] ?? entry.kind} ${entry.source}`;
    if (entry.conversationId && CONVERSATION_ID.test(entry.conversationId)) {
      const open = el('button', what, 'history-open');
      open.type = 'button';
      const conversationId = entry.conversationId;
      open.addEventListener('click', () => void this.open(conversationId, open));
      item.append(open, ' ', time, document.createTextNode(': '), el('span', entry.summary));
    } else {
      item.append(el('span', what), ' ', time, document.createTextNode(': '), el('span', entry.summary), el('span', ' (this entry cannot be reopened)', 'note'));
    }
    return item;
  }

  private async open(conversationId: string, from: HTMLElement): Promise<void> {
    from.focus();
    this.panel.beginWork('Opening the conversation…');
    const outcome = await this.work.run('Opening the conversation', 'history', () => this.bridge.call('open-conversation', { conversationId }));
    this.panel.endWork(outcome);
    if (!outcome.ok) return;
    const c = outcome.value;
    const turns = c.turns.length ? `, ${count(c.turns.length, 'question', 'questions')}` : '';
    this.panel.show(c.start, {
      focus: true,
      deliver: true,
      turns: c.turns,
      askable: c.askable,
      announcement: `Reopened ${c.source} from ${new Date(c.at).toLocaleString()}${turns}.`,
    });
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
