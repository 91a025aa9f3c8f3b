import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, test } from 'node:test';
import type { BlockView, EventMap } from '../../electron/common/ipc';

// The renderer's modules, compiled as ES modules into dist/renderer; these three touch no DOM.
const SRC = path.resolve(__dirname, '..', '..', 'renderer', 'renderer', 'src');

interface Owner {
  spoken(): void;
  interrupted(): void;
}
type Continuation = (heard: ReadonlyMap<number, BlockView>, how: 'now' | 'paused') => void;
interface StreamedReading extends Owner {
  follow(requestId: string): void;
  readonly started: boolean;
  add(e: { from: number; blocks: readonly BlockView[] }): void;
  finish(then: Continuation): void;
  cancel(): void;
  silence(): void;
}
interface StreamedReadingModule {
  StreamedReading: new (deps: unknown) => StreamedReading;
  heardBlocks(heard: ReadonlyMap<number, BlockView>, result: readonly BlockView[], firstText: number): Set<number>;
}
interface DocumentReader extends Owner {
  load(blocks: readonly { lines: readonly string[]; lang?: string }[]): void;
  sayAll(from?: { block: number; line: number }, skip?: ReadonlySet<number>): boolean;
  pauseBefore(skip: ReadonlySet<number>): void;
  toggle(): void;
  readonly reading: boolean;
  readonly isPaused: boolean;
}

let streamed: StreamedReadingModule;
let Reader: new (speech: unknown, elementAt: () => null, onChange?: (reading: boolean) => void) => DocumentReader;

before(async () => {
  const load = (file: string) => import(pathToFileURL(path.join(SRC, file)).href);
  streamed = await load('streamedReading.js');
  ({ DocumentReader: Reader } = await load('reader.js'));
});

interface Said {
  readonly text: string;
  readonly lang: string | undefined;
  readonly queued: boolean;
}

/** SpeechOut as the page's code sees it: records each utterance and tells the previous owner it was cut off. */
function fakeSpeech() {
  const said: Said[] = [];
  let owner: Owner | null = null;
  return {
    said,
    get owner() {
      return owner;
    },
    speech: {
      speaking: false,
      async speak(text: string, by: Owner, lang?: string, options: { queued?: boolean } = {}) {
        const previous = owner;
        owner = by;
        if (previous && previous !== by) previous.interrupted();
        said.push({ text, lang, queued: options.queued === true });
        return true;
      },
    },
    /** The core reports the utterance spoken (its speech-state went idle). */
    finishUtterance() {
      const done = owner;
      owner = null;
      done?.spoken();
    },
    /** Other speech (an announcement) takes over. */
    interrupt() {
      const cut = owner;
      owner = null;
      cut?.interrupted();
    },
  };
}

function fakeBridge() {
  const listeners = new Set<(e: EventMap['text-blocks']) => void>();
  return {
    listeners,
    bridge: {
      on(channel: string, listener: (e: EventMap['text-blocks']) => void) {
        assert.equal(channel, 'text-blocks');
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      call: async () => assert.fail('the stream makes no calls of its own'),
    },
    send(e: EventMap['text-blocks']) {
      for (const listener of [...listeners]) listener(e);
    },
  };
}

const box = [0, 0, 100, 20] as const;
const para = (text: string, lang?: string): BlockView => ({ kind: 'paragraph', text, box, pane: 0, lines: [0], ...(lang ? { lang } : {}) });

function setup(options: { screenReader?: boolean } = {}) {
  const voice = fakeSpeech();
  const wire = fakeBridge();
  const notes: string[] = [];
  let screenReader = options.screenReader ?? false;
  const stream = new streamed.StreamedReading({
    bridge: wire.bridge,
    speech: voice.speech,
    screenReader: () => screenReader,
    note: (text: string) => notes.push(text),
  });
  stream.follow('r-1');
  const send = (from: number, blocks: BlockView[], requestId = 'r-1') => wire.send({ requestId, from, blocks });
  return { stream, voice, wire, notes, send, setScreenReader: (on: boolean) => (screenReader = on) };
}

describe('a streamed screen, spoken block by block', () => {
  test('each block is spoken once the one before has been: the first interrupts, the rest queue behind, each in its language', () => {
    const { stream, voice, send } = setup();
    assert.equal(stream.started, false);
    send(0, [para('Quarterly report'), para('Revenue grew', 'de')]);
    assert.deepEqual(voice.said, [{ text: 'Quarterly report.', lang: undefined, queued: false }], 'one block at a time');
    assert.equal(stream.started, true);
    send(2, [para('Costs fell.')]);
    assert.equal(voice.said.length, 1, 'a block is never cut off by the next');
    voice.finishUtterance();
    assert.deepEqual(voice.said[1], { text: 'Revenue grew.', lang: 'de', queued: true });
    voice.finishUtterance();
    assert.deepEqual(voice.said[2], { text: 'Costs fell.', lang: undefined, queued: true });
    voice.finishUtterance();
    send(3, [para('Outlook')]);
    assert.deepEqual(voice.said[3], { text: 'Outlook.', lang: undefined, queued: true }, 'a block after a quiet moment starts at once');
    send(4, [para('Other request')], 'r-2');
    voice.finishUtterance();
    assert.equal(voice.said.length, 4, "another request's blocks are not this stream's");
  });

  test('when the result comes, the block being spoken ends first; blocks still waiting are left to the result', () => {
    const { stream, voice, send, wire } = setup();
    send(0, [para('One'), para('Two'), para('Three')]);
    const handed: [number[], string][] = [];
    stream.finish((heard, how) => handed.push([[...heard.keys()], how]));
    assert.equal(wire.listeners.size, 0, 'no more blocks are taken');
    assert.deepEqual(handed, [], 'not while "One" is being spoken');
    voice.finishUtterance();
    assert.deepEqual(handed, [[[0], 'now']]);
    assert.deepEqual(voice.said.map((s) => s.text), ['One.'], '"Two" and "Three" are read from the result');
  });

  test('with nothing being spoken, the result takes over at once', () => {
    const { stream, voice, send } = setup();
    send(0, [para('One')]);
    voice.finishUtterance();
    const handed: [number[], string][] = [];
    stream.finish((heard, how) => handed.push([[...heard.keys()], how]));
    assert.deepEqual(handed, [[[0], 'now']]);
  });

  test('speech that cuts a block off ends the stream: that block is not heard, and the result is left paused', () => {
    const { stream, voice, send } = setup();
    send(0, [para('One'), para('Two')]);
    voice.finishUtterance();
    voice.interrupt(); // "Two" cut off
    send(2, [para('Three')]);
    assert.deepEqual(voice.said.map((s) => s.text), ['One.', 'Two.']);
    const handed: [number[], string][] = [];
    stream.finish((heard, how) => handed.push([[...heard.keys()], how]));
    assert.deepEqual(handed, [[[0], 'paused']]);
  });

  test('cut off while the result waits for it: handed over paused', () => {
    const { stream, voice, send } = setup();
    send(0, [para('One')]);
    const handed: string[] = [];
    stream.finish((_heard, how) => handed.push(how));
    voice.interrupt();
    assert.deepEqual(handed, ['paused']);
  });

  test('cancelled (Escape, a failure): nothing more is said and nothing follows', () => {
    const { stream, voice, send, wire } = setup();
    send(0, [para('One'), para('Two')]);
    stream.cancel();
    assert.equal(wire.listeners.size, 0);
    voice.finishUtterance();
    send(2, [para('Three')]);
    const handed: string[] = [];
    stream.finish((_heard, how) => handed.push(how));
    assert.deepEqual(voice.said.map((s) => s.text), ['One.']);
    assert.deepEqual(handed, []);
  });

  test('a gap in the numbering: what came before it is still spoken, nothing after it', () => {
    const { voice, send } = setup();
    send(0, [para('One'), para('Two')]);
    send(5, [para('Six')]);
    send(2, [para('Three')]);
    voice.finishUtterance();
    voice.finishUtterance();
    assert.deepEqual(voice.said.map((s) => s.text), ['One.', 'Two.']);
  });

  test('in screen-reader mode nothing is spoken: the first block is one note, then silence', () => {
    const { stream, voice, notes, send } = setup({ screenReader: true });
    send(0, [para('  '), para('Quarterly report'), para('Revenue grew')]);
    send(3, [para('Costs fell')]);
    assert.deepEqual(voice.said, []);
    assert.deepEqual(notes, ['Quarterly report']);
    assert.equal(stream.started, true);
  });

  test('screen-reader mode coming on mid-stream silences it; going off again does not wake it', () => {
    const { stream, voice, send, setScreenReader } = setup();
    send(0, [para('One'), para('Two')]);
    setScreenReader(true);
    stream.silence();
    voice.finishUtterance();
    setScreenReader(false);
    send(2, [para('Three')]);
    assert.deepEqual(voice.said.map((s) => s.text), ['One.']);
  });

  test("the reader's blocks already heard: the title and each streamed block the result still has at its index", () => {
    const heard = new Map<number, BlockView>([[0, para('One')], [1, para('Two')], [2, para('Three')]]);
    const result = [para('One'), para('Two, now longer'), para('Three'), para('Four')];
    assert.deepEqual([...streamed.heardBlocks(heard, result, 2)].sort(), [0, 2, 4], 'a block typed again differently is read again');
    assert.deepEqual([...streamed.heardBlocks(new Map(), result, 1)], [], 'nothing heard: the title is read as usual');
  });
});

describe("the reader going on after a streamed screen", () => {
  const blocks = [{ lines: ['screen'] }, { lines: ['A chart.'] }, { lines: ['One'] }, { lines: ['Two', 'lines'] }, { lines: ['Three'] }];

  test('reads only the blocks not heard, in order, and ends', () => {
    const voice = fakeSpeech();
    const reader = new Reader(voice.speech, () => null);
    reader.load(blocks);
    assert.equal(reader.sayAll({ block: 0, line: 0 }, new Set([0, 2, 4])), true);
    voice.finishUtterance();
    voice.finishUtterance();
    assert.deepEqual(voice.said.map((s) => s.text), ['A chart.', 'Two.\nlines.']);
    assert.equal(reader.reading, false);
  });

  test('with everything heard already, says nothing', () => {
    const voice = fakeSpeech();
    const reader = new Reader(voice.speech, () => null);
    reader.load(blocks);
    assert.equal(reader.sayAll({ block: 0, line: 0 }, new Set([0, 1, 2, 3, 4])), false);
    assert.deepEqual(voice.said, []);
  });

  test('left paused: resuming reads on from the first block not heard, still passing over the heard ones', () => {
    const voice = fakeSpeech();
    const states: boolean[] = [];
    const reader = new Reader(voice.speech, () => null, (reading) => states.push(reading));
    reader.load(blocks);
    reader.pauseBefore(new Set([0, 1, 2]));
    assert.equal(reader.isPaused, true);
    assert.equal(voice.said.length, 0, 'nothing is said until the user resumes');
    reader.toggle();
    voice.finishUtterance();
    assert.deepEqual(voice.said.map((s) => s.text), ['Two.\nlines.', 'Three.']);
  });
});
