import { INPUT_LIMITS, type AskView, type ConversationTurn, type ConversationView, type Settings } from '../../electron/common/ipc.js';
import type { Announcer } from './announcer.js';
import type { Bridge } from './bridge.js';
import { copyText } from './clipboard.js';
import { byId, el } from './dom.js';
import type { FocusKeeper } from './focus.js';
import { clip, count, MAX_ANNOUNCEMENT_CHARS } from './oneLine.js';
import { DocumentReader } from './reader.js';
import { elementAt, positionOf, renderNodes } from './resultDocument.js';
import { buildResult, type ResultModel } from './resultModel.js';
import type { SpeechOut } from './speechOut.js';
import type { StatusLine } from './status.js';
import { heardBlocks, StreamedReading } from './streamedReading.js';
import type { ViewName } from './views.js';
import type { Outcome, WorkTracker } from './work.js';

export type ConversationStart = ConversationView['start'];

export interface PanelDeps {
  readonly bridge: Bridge;
  readonly work: WorkTracker;
  readonly status: StatusLine;
  readonly announcer: Announcer;
  readonly speech: SpeechOut;
  readonly focus: FocusKeeper;
  readonly settings: () => Settings;
  /** Told when this panel got a result: it becomes the conversation F2 and Control+Alt+A ask about. */
  readonly onActive: (panel: ConversationPanel) => void;
  /** The microphone, started from this panel's button. */
  readonly toggleVoice: (panel: ConversationPanel) => void;
  /** Where focus goes when nothing better is left (the view's heading): never <body>. */
  readonly heading: () => HTMLElement;
}

/** Elements that keep their own keys: the reader's keys never act while one of these has focus. */
const INTERACTIVE = 'input, textarea, select, button, summary, a[href], [contenteditable="true"]';

/** Mirrors LIMITS.maxQuestionChars; the core checks again. */
const MAX_QUESTION_CHARS = INPUT_LIMITS.maxQuestionChars;

/** Sightline's own spoken cue can reach the microphone; a question never starts with it. */
const SPOKEN_CUE = /^\s*listening\b[\s.,!]*/i;

const answerLine = (prefix: string, answer: string) => {
  const room = MAX_ANNOUNCEMENT_CHARS - prefix.length;
  const said = clip(answer, room);
  return said.endsWith('…') && room > 40 ? `${prefix}${clip(answer, room - 16)} Read on below.` : `${prefix}${said}`;
};

/**
 * One image's conversation, in the view where the user is: a heading for the image, its caption once, its text as
 * a document (headings, paragraphs, lists, tables), then every question and its answer, asked right there by
 * typing or by voice. Focus goes to where each result appears; the announcement is one short line; the long text
 * is read from the document, by the user's screen reader or by Sightline's reader (for people without one).
 */
export class ConversationPanel {
  private readonly empty: HTMLElement;
  private readonly pending: HTMLElement;
  private readonly article: HTMLElement;
  private readonly documentRoot: HTMLElement;
  private readonly warnings: HTMLElement;
  private readonly readButton: HTMLButtonElement;
  private readonly readerHint: HTMLElement;
  private readonly details: HTMLElement;
  private readonly turnList: HTMLOListElement;
  private readonly question: HTMLInputElement;
  private readonly askButton: HTMLButtonElement;
  private readonly voiceButton: HTMLButtonElement;
  private readonly askNote: HTMLElement;
  private readonly reader: DocumentReader;
  /** The screen's text being spoken as it is recognised, until the result's reading takes over. */
  private stream: StreamedReading | null = null;
  private model: ResultModel | null = null;
  private turns: ConversationTurn[] = [];
  private imageId: string | null = null;
  private askable = false;
  private answerDetails = '';
  private voiceTurn: HTMLLIElement | null = null;

  constructor(
    readonly view: ViewName,
    private readonly id: string,
    private readonly deps: PanelDeps,
    emptyText: string,
  ) {
    const slot = byId(`${id}-slot`);
    this.empty = el('p', emptyText, 'empty-note');
    this.pending = el('p', '', 'pending');
    this.pending.id = `${id}-pending`;
    this.pending.tabIndex = -1;
    this.pending.hidden = true;
    this.article = el('article', undefined, 'conversation');
    this.article.id = `${id}-conversation`;
    this.article.setAttribute('aria-labelledby', `${id}-title`);
    this.article.hidden = true;
    this.documentRoot = el('div', undefined, 'result-document');
    this.warnings = el('ul', undefined, 'warnings');
    this.warnings.setAttribute('aria-label', 'Warnings');
    this.warnings.hidden = true;

    const actions = el('div', undefined, 'toolbar');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', 'Result actions');
    this.readButton = el('button', 'Read aloud');
    this.readButton.type = 'button';
    this.readButton.setAttribute('aria-describedby', `${id}-reader-hint`);
    const copyButton = el('button', 'Copy all');
    copyButton.type = 'button';
    actions.append(this.readButton, copyButton);
    this.readerHint = el('p', 'Sightline reads aloud: Down and Up read the next or previous line, Control+Down and Control+Up the next or previous block, Space pauses and resumes, Enter reads on from the line you are at.', 'hint');
    this.readerHint.id = `${id}-reader-hint`;

    const disclosure = el('details', undefined, 'details');
    this.details = el('p', '', 'meta');
    disclosure.append(el('summary', 'Details'), this.details);

    this.turnList = el('ol', undefined, 'turns');
    this.turnList.setAttribute('aria-label', 'Questions and answers');
    this.turnList.hidden = true;

    const form = el('form', undefined, 'ask-form');
    form.noValidate = true;
    const label = el('label', 'Ask about this image');
    label.htmlFor = `${id}-question`;
    const row = el('div', undefined, 'ask-row');
    this.question = el('input');
    this.question.type = 'text';
    this.question.id = `${id}-question`;
    this.question.maxLength = MAX_QUESTION_CHARS;
    this.question.autocomplete = 'off';
    this.question.setAttribute('aria-describedby', `${id}-ask-hint`);
    this.askButton = el('button', 'Ask');
    this.askButton.type = 'submit';
    this.voiceButton = el('button', 'Ask by voice');
    this.voiceButton.type = 'button';
    this.voiceButton.setAttribute('aria-pressed', 'false');
    this.voiceButton.setAttribute('aria-keyshortcuts', 'F2');
    row.append(this.question, this.askButton, this.voiceButton);
    const hint = el('p', 'Type a question and press Enter. Or speak: tap F2, speak, and tap F2 again; or hold F2 while you speak and let go.', 'hint');
    hint.id = `${id}-ask-hint`;
    this.askNote = el('p', '', 'note');
    this.askNote.hidden = true;
    form.append(label, row, hint, this.askNote);

    this.article.append(this.documentRoot, this.warnings, actions, this.readerHint, disclosure, this.turnList, form);
    slot.append(this.empty, this.pending, this.article);

    this.reader = new DocumentReader(deps.speech, (p) => elementAt(this.documentRoot, p), (reading) => this.showReading(reading));
    this.readButton.addEventListener('click', () => this.reader.toggle());
    copyButton.addEventListener('click', () => void this.copyAll());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.askTyped();
    });
    this.voiceButton.addEventListener('click', () => deps.toggleVoice(this));
    this.article.addEventListener('keydown', (e) => this.onKey(e));
    this.documentRoot.addEventListener('click', (e) => {
      const position = positionOf(e.target as Element);
      if (position && !this.deps.settings().screenReaderMode) this.reader.setPosition(position);
    });
  }

  get hasResult(): boolean {
    return this.model !== null;
  }

  /** There is an image here to ask about. */
  get canAsk(): boolean {
    return this.imageId !== null && this.askable;
  }

  get title(): HTMLElement | null {
    return this.documentRoot.querySelector('h3');
  }

  /** Screen-reader mode changed: Sightline's reader and its keys are for people without a screen reader. */
  applyMode(): void {
    const own = !this.deps.settings().screenReaderMode;
    this.readButton.hidden = !own;
    this.readerHint.hidden = !own;
    if (!own) {
      this.reader.stop();
      this.stream?.silence();
    }
  }

  /**
   * Speaks the text of the work about to start as it is recognised (describe-screen, read-screen): `follow` it with
   * the request's id; `show` takes over when the result comes, `endWork` drops it when there is none.
   */
  startStream(): StreamedReading {
    this.stream?.cancel();
    this.stream = new StreamedReading({
      bridge: this.deps.bridge,
      speech: this.deps.speech,
      screenReader: () => this.deps.settings().screenReaderMode,
      note: (text) => this.deps.announcer.announce(text), // only called in screen-reader mode
    });
    return this.stream;
  }

  /** Escape while the work runs: no block that is still on its way is spoken. */
  stopStream(): void {
    this.stream?.cancel();
    this.stream = null;
  }

  /** Work starts: focus goes to where its result will appear, which says what is happening. */
  beginWork(text: string): void {
    this.pending.textContent = text;
    this.pending.classList.remove('error');
    this.pending.hidden = false;
    this.empty.hidden = true;
    this.deps.focus.moveTo(this.pending);
  }

  /** Work ended without a result: a failure stays where the result would have been; a cancel goes back. */
  endWork(outcome: Outcome<unknown>): void {
    if (outcome.ok) {
      this.pending.hidden = true;
      return;
    }
    this.stopStream();
    if (outcome.cancelled) {
      this.pending.hidden = true;
      this.empty.hidden = this.hasResult;
      if (!this.deps.focus.returnFocus()) this.deps.focus.rescue(this.title ?? this.deps.heading());
      return;
    }
    this.pending.textContent = outcome.message;
    this.pending.classList.add('error');
  }

  /**
   * Shows a description or reading. `focus`: move focus to its heading (an action the user took); otherwise
   * focus stays where it is unless it was inside what is replaced. `deliver`: announce it / read it aloud.
   * `stream`: the reading that spoke the text as it came (startStream); the result's reading goes on from it.
   */
  show(
    start: ConversationStart,
    options: { focus: boolean; deliver: boolean; turns?: readonly ConversationTurn[]; askable?: boolean; announcement?: string; stream?: StreamedReading },
  ): void {
    this.reader.stop();
    const screenReader = this.deps.settings().screenReaderMode;
    // A stream already replaced by a newer one (the screen read again meanwhile) leaves the newer one alone.
    const stream = options.stream ?? null;
    const current = stream !== null && stream === this.stream;
    const goesOn = current && stream.started && options.deliver && !screenReader;
    if (!goesOn && (stream === null || current)) this.stopStream();
    const hadFocus = this.article.contains(document.activeElement);
    const model = buildResult(start, `${this.id}-title`);
    this.model = model;
    this.documentRoot.replaceChildren(...renderNodes(model.nodes));
    this.pending.hidden = true;
    this.empty.hidden = true;
    this.article.hidden = false;
    const warnings = start.kind === 'describe' ? start.view.warnings : [];
    this.warnings.replaceChildren(...warnings.map((w) => el('li', w)));
    this.warnings.hidden = warnings.length === 0;
    this.details.textContent = this.detailsOf(start);
    this.answerDetails = '';
    this.turns = [...(options.turns ?? [])];
    this.renderTurns();
    this.imageId = start.view.imageId;
    this.askable = options.askable ?? true;
    this.setAskable();
    this.reader.load(model.blocks);
    this.applyMode();
    const title = this.title!;
    if (options.focus) this.deps.focus.handOver(title);
    else if (hadFocus) this.deps.focus.rescue(title);
    this.deps.onActive(this);
    const line = options.announcement ?? model.announcement;
    this.deps.status.quiet(line);
    if (!options.deliver) return;
    if (screenReader) this.deps.announcer.announce(line);
    else if (goesOn && stream) this.readOnAfter(stream, start, model);
    else this.reader.sayAll({ block: 0, line: 0 });
  }

  /**
   * The result of a streamed screen: once the block being spoken ends, the reader goes on with what was not heard
   * (a description's caption first, as it is first in the document, then the text still unsaid), never saying a
   * block twice. Other speech that cut the stream off leaves the reader paused there, as it would have left the
   * reader; the user's own reading (a reader key, a click on a line, Read aloud) simply goes on.
   */
  private readOnAfter(stream: StreamedReading, start: ConversationStart, model: ResultModel): void {
    stream.finish((heard, how) => {
      // Not when something else took over meanwhile: Escape, another result, screen-reader mode, the user's reading.
      if (this.stream !== stream) return;
      this.stream = null;
      if (this.model !== model || this.deps.settings().screenReaderMode) return;
      if (how === 'paused' && this.deps.speech.owns(this.reader)) return;
      const skip = heardBlocks(heard, start.view.blocks, model.firstText);
      if (how === 'now') this.reader.sayAll({ block: 0, line: 0 }, skip);
      else this.reader.pauseBefore(skip);
    });
  }

  focusQuestion(): boolean {
    if (!this.canAsk) return false;
    this.deps.focus.moveTo(this.question);
    return true;
  }

  async askTyped(): Promise<void> {
    const question = this.question.value.trim();
    if (!question) {
      this.deps.status.error('Type a question first.');
      this.question.focus();
      return;
    }
    if (question.length > MAX_QUESTION_CHARS) {
      this.deps.status.error(`The question is ${question.length} characters; the limit is ${MAX_QUESTION_CHARS}.`);
      return;
    }
    const turn = this.newTurn(`You asked: ${question}`);
    this.deps.focus.moveTo(turn.heading);
    if (await this.ask(question, turn, 'Answer: ')) this.question.value = '';
  }

  /** The microphone is starting for this conversation: focus goes at once to where the question will appear. */
  voiceOpening(): void {
    this.setVoiceButton(true);
    if (this.voiceTurn) return;
    const turn = this.newTurn('Starting the microphone…');
    this.voiceTurn = turn.item;
    this.deps.focus.moveTo(turn.heading);
  }

  /** The microphone is on: the place for the question says so. */
  voiceStarted(): void {
    if (!this.voiceTurn) this.voiceOpening();
    const heading = this.voiceTurn?.querySelector('.turn-question');
    if (heading) heading.textContent = 'Listening…';
  }

  voiceState(on: boolean): void {
    this.setVoiceButton(on);
  }

  /** The microphone went off without a question: the place made for it goes, and focus goes back. */
  voiceEnded(): void {
    this.setVoiceButton(false);
    const item = this.voiceTurn;
    this.voiceTurn = null;
    if (!item) return;
    const hadFocus = item.contains(document.activeElement);
    item.remove();
    this.turnList.hidden = this.turnList.children.length === 0;
    if (hadFocus && !this.deps.focus.returnFocus()) this.deps.focus.rescue(this.question.disabled ? this.title ?? this.deps.heading() : this.question);
  }

  /** A spoken question: transcribed, shown where it was asked, then answered there. */
  async askSpoken(pcm16k: Float32Array): Promise<void> {
    this.setVoiceButton(false);
    const item = this.voiceTurn ?? this.newTurn('Listening…').item;
    this.voiceTurn = null;
    const heading = item.querySelector<HTMLElement>('.turn-question')!;
    const answer = item.querySelector<HTMLElement>('.turn-answer')!;
    heading.textContent = 'Transcribing your question…';
    if (!item.contains(document.activeElement)) this.deps.focus.handOver(heading);
    const heard = await this.deps.work.run('Transcribing your question', 'voice', (requestId) => this.deps.bridge.call('transcribe', { requestId, pcm16k }));
    if (!heard.ok) {
      this.failTurn(item, heard);
      return;
    }
    const question = heard.value.text.replace(SPOKEN_CUE, '').trim();
    if (heard.value.noSpeech || !question) {
      heading.textContent = 'No speech heard.';
      answer.textContent = 'Nothing was asked. Speak after the tone, then tap F2 again or let it go.';
      this.deps.status.error('No speech heard. Speak after the tone, then tap F2 again or let it go.');
      return;
    }
    heading.textContent = `You asked: ${question}`;
    await this.ask(question, { item, heading, answer }, `You asked: ${clip(question, 50)}. Answer: `);
  }

  async copyAll(): Promise<void> {
    const model = this.model;
    if (!model) return;
    const qa = this.turns.flatMap((t) => [`Question: ${t.question}`, `Answer: ${t.answer}`]);
    const ok = await copyText([model.copyText, ...qa].join('\n'));
    if (!ok) {
      this.deps.status.error('Copying failed: the clipboard is not available.');
      return;
    }
    const parts = [model.summary ? 'the description' : null, model.textLines ? count(model.textLines, 'line of text', 'lines of text') : null, this.turns.length ? count(this.turns.length, 'answer', 'answers') : null].filter(Boolean);
    this.deps.status.info(`Copied ${parts.length ? parts.join(', ') : model.title}.`);
  }

  /** Stops Sightline's reader and what is left of a streamed screen (Escape); true when it was reading. */
  stopReading(): boolean {
    const was = this.reader.reading;
    this.reader.stop();
    this.stopStream();
    return was;
  }

  private async ask(question: string, turn: { item: HTMLLIElement; heading: HTMLElement; answer: HTMLElement }, prefix: string): Promise<boolean> {
    const imageId = this.imageId;
    if (!imageId || !this.askable) {
      this.failTurn(turn.item, { ok: false, cancelled: false, message: 'Describe the screen or open a photo before asking about it.' });
      this.deps.status.error('Describe the screen or open a photo before asking about it.');
      return false;
    }
    turn.answer.textContent = 'Thinking…';
    const outcome: Outcome<AskView> = await this.deps.work.run('Answering', 'ask', (requestId) => this.deps.bridge.call('ask', { requestId, imageId, question }));
    if (!outcome.ok) {
      this.failTurn(turn.item, outcome);
      return false;
    }
    const view = outcome.value;
    turn.answer.textContent = view.answer;
    this.turns = [...(view.turns.length ? view.turns : [...this.turns, { question, answer: view.answer }])];
    this.answerDetails = ` Answers: ${view.models.vqa} on ${view.device}${view.timings.totalMs !== undefined ? `, the last took ${Math.round(view.timings.totalMs)} ms` : ''}.`;
    this.details.textContent = `${this.details.textContent?.replace(/ Answers: .*$/, '') ?? ''}${this.answerDetails}`;
    this.deps.focus.rescue(turn.heading);
    this.deps.onActive(this);
    const line = answerLine(prefix, view.answer);
    this.deps.status.quiet(line);
    if (this.deps.settings().screenReaderMode) this.deps.announcer.announce(line);
    else void this.deps.speech.speak(`${prefix}${view.answer}`);
    return true;
  }

  private failTurn(item: HTMLLIElement, outcome: Outcome<unknown>): void {
    if (outcome.ok) return;
    if (outcome.cancelled) {
      const hadFocus = item.contains(document.activeElement);
      item.remove();
      this.turnList.hidden = this.turnList.children.length === 0;
      if (hadFocus && !this.deps.focus.returnFocus()) this.deps.focus.rescue(this.question);
      return;
    }
    const answer = item.querySelector('.turn-answer');
    if (answer) answer.textContent = `No answer: ${outcome.message}`;
  }

  private newTurn(text: string): { item: HTMLLIElement; heading: HTMLElement; answer: HTMLElement } {
    const item = el('li', undefined, 'turn');
    const heading = el('h4', text, 'turn-question');
    heading.tabIndex = -1;
    const answer = el('p', '', 'turn-answer');
    item.append(heading, answer);
    this.turnList.append(item);
    this.turnList.hidden = false;
    return { item, heading, answer };
  }

  private renderTurns(): void {
    this.voiceTurn = null;
    this.turnList.replaceChildren(
      ...this.turns.map((t) => {
        const item = el('li', undefined, 'turn');
        const heading = el('h4', `You asked: ${t.question}`, 'turn-question');
        heading.tabIndex = -1;
        item.append(heading, el('p', t.answer, 'turn-answer'));
        return item;
      }),
    );
    this.turnList.hidden = this.turns.length === 0;
  }

  private setAskable(): void {
    const enabled = this.canAsk;
    this.question.disabled = !enabled;
    this.askButton.disabled = !enabled;
    this.voiceButton.disabled = !enabled;
    this.askNote.hidden = enabled;
    this.askNote.textContent = enabled ? '' : 'This image is no longer open, so no more questions can be asked. Open or describe it again to ask more.';
  }

  private setVoiceButton(on: boolean): void {
    this.voiceButton.setAttribute('aria-pressed', String(on));
    this.voiceButton.textContent = on ? 'Stop and send' : 'Ask by voice';
  }

  private showReading(reading: boolean): void {
    this.readButton.textContent = reading ? 'Pause reading' : this.reader.isPaused ? 'Resume reading' : 'Read aloud';
  }

  private onKey(e: KeyboardEvent): void {
    if (this.deps.settings().screenReaderMode || !this.model) return;
    if ((e.target as Element).closest(INTERACTIVE)) return;
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'c' && !document.getSelection()?.toString()) {
      // With nothing selected, Control+C copies what the reader is at, so a line can be copied without a mouse.
      e.preventDefault();
      void this.copyCurrent();
      return;
    }
    if (this.reader.handleKey(e)) e.preventDefault();
  }

  private async copyCurrent(): Promise<void> {
    const line = this.documentRoot.querySelector('.reading')?.textContent?.trim() || this.model?.title || '';
    if (!line) return;
    if (await copyText(line)) this.deps.status.info(`Copied: ${clip(line, 120)}`);
    else this.deps.status.error('Copying failed: the clipboard is not available.');
  }

  private detailsOf(start: ConversationStart): string {
    const total = start.view.timings.totalMs;
    const took = total !== undefined ? ` Took ${Math.round(total)} ms.` : '';
    if (start.kind === 'read') return `Text recognition read ${count(start.view.lines.length, 'line', 'lines')}.${took}`;
    const v = start.view;
    return `${v.width} × ${v.height} pixels. Caption model: ${v.models.caption ?? 'none'}. Text model: ${v.models.ocr}. Device: ${v.device}.${took}`;
  }
}
