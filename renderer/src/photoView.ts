import type { AskView, ConversationTurn, EncodedImage } from '../../electron/common/ipc.js';
import type { Bridge } from './bridge.js';
import type { DescribeViewPanel } from './describeView.js';
import { byId, el } from './dom.js';
import type { Presenter } from './presenter.js';
import type { StatusLine } from './status.js';
import { RecordingTooShort, VoiceRecorder } from './voiceInput.js';
import type { WorkTracker } from './work.js';

/** Mirrors the core's LIMITS.maxQuestionChars; the core checks again. */
const MAX_QUESTION_CHARS = 500;

/**
 * The Photo view: opening an image (file picker, drag-and-drop, paste), describing it, and asking about
 * it by typing or by voice, with the conversation so far.
 */
export class PhotoViewPanel {
  private readonly input = byId('photo-input', HTMLInputElement);
  private readonly openButton = byId('open-photo', HTMLButtonElement);
  private readonly describeButton = byId('describe-photo', HTMLButtonElement);
  private readonly figure = byId('photo-figure');
  private readonly image = byId('photo-image', HTMLImageElement);
  private readonly figcaption = byId('photo-caption');
  private readonly question = byId('question-input', HTMLInputElement);
  private readonly askButton = byId('ask-button', HTMLButtonElement);
  private readonly voiceButton = byId('voice-button', HTMLButtonElement);
  private readonly conversation = byId('conversation');
  private readonly conversationEmpty = byId('conversation-empty');
  private readonly recorder = new VoiceRecorder(() => void this.finishVoice());
  private current: EncodedImage | null = null;
  private imageId: string | null = null;
  private objectUrl: string | null = null;

  constructor(
    private readonly bridge: Bridge,
    private readonly work: WorkTracker,
    private readonly presenter: Presenter,
    private readonly status: StatusLine,
    private readonly describe: DescribeViewPanel,
    private readonly showView: () => void,
  ) {
    this.openButton.addEventListener('click', () => this.openPicker());
    this.input.addEventListener('change', () => {
      const file = this.input.files?.[0];
      if (file) void this.openFile(file);
      this.input.value = '';
    });
    this.describeButton.addEventListener('click', () => void this.describeCurrent());
    byId('ask-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.askTyped();
    });
    this.voiceButton.addEventListener('click', () => void (this.recorder.recording ? this.finishVoice() : this.startVoice()));
    this.wireDrop(byId('view-photo'));
    document.addEventListener('paste', (e) => this.onPaste(e));
  }

  get hasImage(): boolean {
    return this.current !== null;
  }

  get recording(): boolean {
    return this.recorder.recording;
  }

  openPicker(): void {
    this.input.click();
  }

  async openFile(file: File): Promise<void> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    await this.openImage({ name: file.name || 'pasted image', bytes }, file.type || 'application/octet-stream');
  }

  async openImage(image: EncodedImage, mime: string): Promise<void> {
    this.showView();
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = URL.createObjectURL(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: mime }));
    this.current = image;
    this.imageId = null;
    this.image.src = this.objectUrl;
    this.image.alt = `Photo ${image.name}, not described yet`;
    this.figcaption.textContent = image.name;
    this.figure.hidden = false;
    this.describeButton.disabled = false;
    this.setAskEnabled(false);
    this.renderTurns([]);
    this.status.info(`Opened ${image.name}.`);
    await this.describeCurrent();
  }

  async describeCurrent(): Promise<void> {
    const image = this.current;
    if (!image) {
      this.status.error('Open a photo first.');
      return;
    }
    const view = await this.work.run(`Describing ${image.name}`, 'photo', (requestId) =>
      this.bridge.call('describe-image', { requestId, image, detail: this.describe.detailLevel }),
    );
    if (!view || this.current !== image) return;
    this.imageId = view.imageId;
    const alt = view.caption || view.text.split('\n')[0] || 'no description';
    this.image.alt = `Photo ${image.name}: ${alt}`;
    this.figcaption.textContent = `${image.name}: ${alt}`;
    this.setAskEnabled(true);
    this.describe.showDescription(view, `${image.name} described. The full result is in the Describe view.`);
  }

  focusQuestion(): void {
    this.showView();
    if (this.question.disabled) this.status.error('Open a photo before asking about it.');
    else this.question.focus();
  }

  async askTyped(): Promise<void> {
    const question = this.question.value.trim();
    if (!question) {
      this.status.error('Type a question first.');
      this.question.focus();
      return;
    }
    if (question.length > MAX_QUESTION_CHARS) {
      this.status.error(`The question is ${question.length} characters; the limit is ${MAX_QUESTION_CHARS}.`);
      return;
    }
    if (await this.ask(question)) this.question.value = '';
  }

  /** Push-to-talk start (F2 pressed, or the button). */
  async startVoice(): Promise<void> {
    if (!this.imageId) {
      this.status.error('Open and describe a photo before asking about it.');
      return;
    }
    try {
      await this.recorder.start();
      this.voiceButton.setAttribute('aria-pressed', 'true');
      this.voiceButton.textContent = 'Stop and send question';
      this.status.info('Listening. Release F2, or press the button again, to send.', { announce: false });
    } catch (err) {
      this.status.error(`Cannot use the microphone: ${(err as Error).message}`);
    }
  }

  /** Push-to-talk end: transcribe, show and announce what was heard, then ask it. */
  async finishVoice(): Promise<void> {
    if (!this.recorder.recording) return;
    this.voiceButton.setAttribute('aria-pressed', 'false');
    this.voiceButton.textContent = 'Ask by voice';
    let pcm16k: Float32Array;
    try {
      pcm16k = await this.recorder.stop();
    } catch (err) {
      if (err instanceof RecordingTooShort) this.status.error('Too short: hold F2 while you speak your question.');
      else this.status.error(`Recording failed: ${(err as Error).message}`);
      return;
    }
    const transcript = await this.work.run('Listening to your question', 'voice', (requestId) =>
      this.bridge.call('transcribe', { requestId, pcm16k }),
    );
    if (!transcript) return;
    if (transcript.noSpeech || !transcript.text.trim()) {
      this.status.error('No speech heard. Hold F2 and speak your question.');
      return;
    }
    this.question.value = transcript.text.trim();
    this.status.info(`Heard: ${transcript.text.trim()}`);
    if (await this.ask(transcript.text.trim())) this.question.value = '';
  }

  cancelVoice(): boolean {
    if (!this.recorder.recording) return false;
    this.recorder.cancel();
    this.voiceButton.setAttribute('aria-pressed', 'false');
    this.voiceButton.textContent = 'Ask by voice';
    return true;
  }

  private async ask(question: string): Promise<boolean> {
    const imageId = this.imageId;
    if (!imageId) {
      this.status.error('Open and describe a photo before asking about it.');
      return false;
    }
    const view: AskView | undefined = await this.work.run('Answering', 'ask', (requestId) =>
      this.bridge.call('ask', { requestId, imageId, question }),
    );
    if (!view) return false;
    this.renderTurns(view.turns.length ? view.turns : [{ question, answer: view.answer }]);
    this.presenter.present(`Answered: ${view.answer}`, `Answer: ${view.answer}`);
    return true;
  }

  private renderTurns(turns: readonly ConversationTurn[]): void {
    this.conversation.replaceChildren(
      ...turns.map((turn) => {
        const item = el('li');
        item.append(el('p', `You asked: ${turn.question}`, 'turn-question'), el('p', `Answer: ${turn.answer}`, 'turn-answer'));
        return item;
      }),
    );
    this.conversationEmpty.hidden = turns.length > 0;
  }

  private setAskEnabled(enabled: boolean): void {
    this.question.disabled = !enabled;
    this.askButton.disabled = !enabled;
    this.voiceButton.disabled = !enabled;
  }

  private wireDrop(zone: HTMLElement): void {
    const dropArea = byId('drop-zone');
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      dropArea.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => dropArea.classList.remove('dragging'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      dropArea.classList.remove('dragging');
      const file = [...(e.dataTransfer?.files ?? [])][0];
      if (file) void this.openFile(file);
      else this.status.error('Nothing to open: drop an image file.');
    });
  }

  private onPaste(e: ClipboardEvent): void {
    const target = e.target as HTMLElement | null;
    // Pasting text into a field stays ordinary pasting.
    if (target && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file) return;
    e.preventDefault();
    void this.openFile(file);
  }
}
