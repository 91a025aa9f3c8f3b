import type { Detail } from '../../electron/common/ipc.js';
import type { Bridge } from './bridge.js';
import type { ConversationPanel, ConversationStart } from './conversation.js';
import { byId } from './dom.js';
import type { WorkTracker } from './work.js';

/**
 * The Screen view: describe or read the screen, and the conversation about that capture right below (its
 * description, then questions and answers). The global shortcuts land here too.
 */
export class ScreenViewPanel {
  private readonly detail = byId('detail-select', HTMLSelectElement);

  constructor(
    private readonly bridge: Bridge,
    private readonly work: WorkTracker,
    readonly panel: ConversationPanel,
    private readonly showView: () => void,
  ) {
    byId('describe-screen').addEventListener('click', () => void this.describeScreen());
    byId('read-screen').addEventListener('click', () => void this.readScreen());
  }

  get detailLevel(): Detail {
    return this.detail.value as Detail;
  }

  setDetail(detail: Detail): void {
    this.detail.value = detail;
  }

  /**
   * Describes the screen, speaking its text as it is recognised. The core reads the text first and captions the
   * picture after (and not at all when the screen is mostly text), so waiting for the caption would keep the user
   * waiting for the whole screen and the captioner too: instead the text starts at once, and the caption is said
   * when it exists, right after the block being spoken, before the rest of the text (streamedReading.ts).
   */
  async describeScreen(): Promise<void> {
    this.showView();
    this.panel.beginWork('Describing the screen…');
    await this.streamed(
      'Describing the screen',
      'screen',
      (requestId) => this.bridge.call('describe-screen', { requestId, target: 'screen', detail: this.detailLevel }),
      (view) => ({ kind: 'describe', view }),
    );
  }

  /** Reads the screen's text, speaking each block as soon as it is recognised, in reading order. */
  async readScreen(): Promise<void> {
    this.showView();
    this.panel.beginWork('Reading the screen…');
    await this.streamed(
      'Reading the screen',
      'read',
      (requestId) => this.bridge.call('read-screen', { requestId, target: 'screen' }),
      (view) => ({ kind: 'read', view }),
    );
  }

  /** Runs a screen request whose text is spoken as it comes (startStream), then shows its result, going on from the stream. */
  private async streamed<T>(label: string, prefix: string, call: (requestId: string) => Promise<T>, start: (value: T) => ConversationStart): Promise<void> {
    const stream = this.panel.startStream();
    const outcome = await this.work.run(label, prefix, (requestId) => {
      stream.follow(requestId);
      return call(requestId);
    });
    this.panel.endWork(outcome);
    if (outcome.ok) this.panel.show(start(outcome.value), { focus: true, deliver: true, stream });
  }
}
