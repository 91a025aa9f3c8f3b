import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, test } from 'node:test';
import { INPUT_LIMITS, type BlockView, type DescribeView, type LineView, type PaneView, type ReadView } from '../../electron/common/ipc';
import { LIMITS } from '../../electron/core/common/limits';

// The renderer's pure modules, compiled as ES modules into dist/renderer (which declares "type": "module").
const SRC = path.resolve(__dirname, '..', '..', 'renderer', 'renderer', 'src');

interface DocNode {
  readonly tag: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly children?: readonly DocNode[];
  readonly read?: { readonly block: number; readonly line?: number };
}
interface ResultModel {
  readonly title: string;
  readonly summary: string | null;
  readonly nodes: readonly DocNode[];
  readonly blocks: readonly { readonly lines: readonly string[] }[];
  readonly textLines: number;
  readonly copyText: string;
  readonly announcement: string;
}
type Start = { kind: 'describe'; view: DescribeView } | { kind: 'read'; view: ReadView };

let buildResult: (start: Start, titleId: string) => ResultModel;
let oneLine: { clip(text: string, max: number): string; oneLine(text: string): string; MAX_ANNOUNCEMENT_CHARS: number };
let deviceHelp: { deviceProblem(device: string, error: unknown, platform: string): string; platformOf(ua: string, inApp: boolean): string };
let imageFileProblem: (name: string, size: number) => string | null;
let progressText: (label: string, message: string, fraction: number | null) => string;

before(async () => {
  const load = (file: string) => import(pathToFileURL(path.join(SRC, file)).href);
  ({ buildResult } = await load('resultModel.js'));
  oneLine = await load('oneLine.js');
  deviceHelp = await load('deviceHelp.js');
  ({ imageFileProblem } = await load('imageLimits.js'));
  // work.js touches the DOM only when a WorkTracker is built; progressText is plain.
  ({ progressText } = await load('work.js'));
});

const box = [0, 0, 10, 10] as const;
const line = (text: string): LineView => ({ text, confidence: 0.99, box, block: 0 });

function describeView(blocks: BlockView[], lines: LineView[], extra: Partial<DescribeView> = {}): DescribeView {
  return {
    imageId: 'img-1', source: 'mail.png', width: 800, height: 600, caption: 'An email inbox', text: lines.map((l) => l.text).join('\n'),
    lines, blocks, panes: [{ kind: 'main', box }], description: 'An email inbox.\nText: …', mostlyText: false,
    models: { caption: 'florence', ocr: 'ppocr' }, device: 'cpu', warnings: [], timings: { totalMs: 12 }, ...extra,
  };
}

/** Every node, depth first, with its depth. */
function* walk(nodes: readonly DocNode[], depth = 0): Generator<[DocNode, number]> {
  for (const node of nodes) {
    yield [node, depth];
    if (node.children) yield* walk(node.children, depth + 1);
  }
}
const tags = (model: ResultModel) => [...walk(model.nodes)].map(([n]) => n.tag);
const textOf = (node: DocNode): string => node.text ?? (node.children ?? []).map(textOf).join('');
const allText = (model: ResultModel) => model.nodes.map(textOf).join('\n');

describe('the result document built from typed blocks', () => {
  const lines = ['Inbox', 'Meeting at noon', 'Bring the slides', 'Buy milk', 'Call Ann', 'Name | Age', 'Ann | 31', 'Send'].map(line);
  const blocks: BlockView[] = [
    { kind: 'heading', level: 1, text: 'Inbox', box, pane: 0, lines: [0] },
    { kind: 'paragraph', text: 'Meeting at noon Bring the slides', box, pane: 0, lines: [1, 2] },
    { kind: 'list-item', text: 'Buy milk', box, pane: 0, lines: [3] },
    { kind: 'list-item', text: 'Call Ann', box, pane: 0, lines: [4], lang: 'de' },
    { kind: 'table', rows: [['Name', 'Age'], ['Ann', '31'], ['Bob', '42']], headerRows: 1, box, pane: 0, lines: [5, 6] },
    { kind: 'control', role: 'checkbox', state: 'checked', text: 'Remember me', box, pane: 0, lines: [7] },
  ];

  test('a heading for the image, the caption once, then headings, paragraphs, one list and a real table', () => {
    const model = buildResult({ kind: 'describe', view: describeView(blocks, lines) }, 't-1');
    const [title, summary] = model.nodes;
    assert.deepEqual([title?.tag, title?.text, title?.attrs?.id, title?.attrs?.tabindex], ['h3', 'mail.png', 't-1', '-1']);
    assert.deepEqual([summary?.tag, summary?.text], ['p', 'An email inbox.']);
    assert.equal(allText(model).split('An email inbox').length - 1, 1, 'the caption appears once');
    assert.deepEqual(tags(model).filter((t) => /^h\d$/.test(t)), ['h3', 'h4'], 'a level-1 text heading nests under the image heading');
    assert.equal(tags(model).filter((t) => t === 'ul').length, 1, 'consecutive list items share one list');
    assert.equal(tags(model).filter((t) => t === 'li').length, 2);
    const table = [...walk(model.nodes)].find(([n]) => n.tag === 'table')![0];
    const headerCells = [...walk([table])].filter(([n]) => n.tag === 'th').map(([n]) => [n.text, n.attrs?.scope]);
    assert.deepEqual(headerCells, [['Name', 'col'], ['Age', 'col']], 'header rows become th with scope=col');
    const bodyRows = [...walk([table])].filter(([n]) => n.tag === 'tr').map(([n]) => n.children!.map((c) => `${c.tag}:${c.text}`));
    assert.deepEqual(bodyRows, [['th:Name', 'th:Age'], ['td:Ann', 'td:31'], ['td:Bob', 'td:42']]);
    assert.ok(!tags(model).includes('listbox' as string));
    const german = [...walk(model.nodes)].find(([n]) => n.attrs?.lang === 'de');
    assert.equal(german?.[0].tag, 'li', 'a block in another language carries lang');
    assert.match(allText(model), /Remember me \(check box, checked\)/, 'a control is described, never made interactive');
  });

  test("Sightline's reader moves by block and line: a paragraph keeps its lines, a table reads a row per line with its headers", () => {
    const model = buildResult({ kind: 'describe', view: describeView(blocks, lines) }, 't');
    assert.deepEqual(model.blocks.map((b) => b.lines), [
      ['mail.png'],
      ['An email inbox.'],
      ['Inbox'],
      ['Meeting at noon', 'Bring the slides'],
      ['Buy milk'],
      ['Call Ann'],
      ['Name, Age', 'Name: Ann, Age: 31', 'Name: Bob, Age: 42'],
      ['Remember me (check box, checked)'],
    ]);
    // Every reading position is shown by an element, so the reader can highlight it.
    const marked = new Set([...walk(model.nodes)].filter(([n]) => n.read).map(([n]) => n.read!.block));
    assert.deepEqual([...marked].sort((a, b) => a - b), model.blocks.map((_, i) => i));
  });

  test('Copy all has each thing once: the name, the caption, every block, a table row per line', () => {
    const model = buildResult({ kind: 'describe', view: describeView(blocks, lines) }, 't');
    assert.equal(model.copyText, ['mail.png', 'An email inbox.', 'Inbox', 'Meeting at noon Bring the slides', '• Buy milk', '• Call Ann', 'Name\tAge', 'Ann\t31', 'Bob\t42', 'Remember me (check box, checked)'].join('\n'));
  });

  test('a checklist\'s rows say their marks, in the reader, the table and Copy all', () => {
    const checklist: BlockView[] = [{ kind: 'table', rows: [['AD', 'Andorra'], ['AE', 'Emirates']], headerRows: 0, rowMarks: [{ role: 'checkbox', state: 'checked' }, null], box, pane: 0, lines: [0, 1] }];
    const model = buildResult({ kind: 'describe', view: describeView(checklist, [line('AD | Andorra'), line('AE | Emirates')]) }, 't');
    assert.deepEqual(model.blocks.at(-1)?.lines, ['AD (check box, checked), Andorra', 'AE, Emirates']);
    const cells = [...walk(model.nodes)].filter(([n]) => n.tag === 'td').map(([n]) => n.text);
    assert.deepEqual(cells, ['AD (check box, checked)', 'Andorra', 'AE', 'Emirates']);
    assert.match(model.copyText, /AD \(check box, checked\)\tAndorra\nAE\tEmirates$/);
  });

  test('a radio button, and a checkbox partly set, are described with their role and state', () => {
    const radio: BlockView[] = [{ kind: 'control', role: 'radio', state: 'unchecked', text: 'Large print', box, pane: 0, lines: [0] }];
    const model = buildResult({ kind: 'describe', view: describeView(radio, [line('Large print')]) }, 't');
    assert.match(allText(model), /Large print \(radio button, not checked\)/);
    const mixed: BlockView[] = [{ kind: 'control', role: 'checkbox', state: 'mixed', text: 'All files', box, pane: 0, lines: [0] }];
    assert.match(allText(buildResult({ kind: 'describe', view: describeView(mixed, [line('All files')]) }, 't')), /All files \(check box, partly checked\)/);
  });

  test('the announcement is one line of at most 160 characters that says what happened', () => {
    const model = buildResult({ kind: 'describe', view: describeView(blocks, lines) }, 't');
    assert.equal(model.announcement, 'Described mail.png: an email inbox, 9 lines of text.');
    const long = buildResult({ kind: 'describe', view: describeView(blocks, lines, { caption: 'A very long caption '.repeat(30) }) }, 't');
    assert.ok(long.announcement.length <= 160, `${long.announcement.length}: ${long.announcement}`);
    assert.match(long.announcement, /^Described mail\.png: a very long caption .*…, 9 lines of text\.$/);
    assert.doesNotMatch(long.announcement, /\n/);
  });

  test('a screen of mostly text says so once instead of an invented scene; a reading has no caption', () => {
    const text = describeView(blocks, lines, { mostlyText: true, caption: 'A cat on a sofa', description: 'A screen with mostly text.\nInbox' });
    const model = buildResult({ kind: 'describe', view: text }, 't');
    assert.equal(model.summary, 'A screen with mostly text.');
    assert.doesNotMatch(allText(model), /cat/);
    const read: ReadView = { imageId: 'img-2', source: 'screen', lines, blocks, panes: [{ kind: 'main', box }], text: '', timings: {} };
    const reading = buildResult({ kind: 'read', view: read }, 't');
    assert.equal(reading.summary, null);
    assert.equal(reading.announcement, 'Read screen: 9 lines of text.');
    const empty = buildResult({ kind: 'read', view: { ...read, lines: [], blocks: [] } }, 't');
    assert.equal(empty.announcement, 'Read screen: no text found.');
    assert.match(allText(empty), /No text found\./);
  });

  test('panes become named regions, in reading order, only when the screen has more than one', () => {
    const panes: PaneView[] = [{ kind: 'main', box }, { kind: 'sidebar', box }];
    const paned: BlockView[] = [
      { kind: 'paragraph', text: 'Folders', box, pane: 1, lines: [0] },
      { kind: 'paragraph', text: 'Message', box, pane: 0, lines: [1] },
    ];
    const model = buildResult({ kind: 'describe', view: describeView(paned, [line('Folders'), line('Message')], { panes }) }, 't');
    const sections = model.nodes.filter((n) => n.tag === 'section').map((n) => [n.attrs?.['aria-label'], textOf(n)]);
    assert.deepEqual(sections, [['Sidebar', 'Folders'], ['Main part', 'Message']]);
  });

  test('a result without blocks (an older core) still becomes paragraphs, one per line', () => {
    const model = buildResult({ kind: 'describe', view: describeView([], [line('First'), line('Second')]) }, 't');
    assert.deepEqual(model.nodes.slice(2).map((n) => [n.tag, textOf(n)]), [['p', 'First'], ['p', 'Second']]);
  });
});

describe('short announcements and the small things', () => {
  test('announcements are one line of at most 160 characters, cut at a word', () => {
    const long = `Describing ${'word '.repeat(60)}`;
    const said = oneLine.oneLine(long);
    assert.ok(said.length <= oneLine.MAX_ANNOUNCEMENT_CHARS && said.endsWith('…'), said);
    assert.doesNotMatch(said, /wor…$/, 'not cut inside a word');
    assert.equal(oneLine.oneLine('two\nlines'), 'two lines');
  });

  test('progress never repeats the same words ("Describing mail.png: Describing mail.png")', () => {
    assert.ok(progressText, 'work.js loads under Node');
    assert.equal(progressText('Describing mail.png', 'Describing mail.png', null), 'Describing mail.png…');
    assert.equal(progressText('Answering', 'Thinking about your question', null), 'Answering: Thinking about your question');
    assert.equal(progressText('Downloading', 'Downloading', 0.5), 'Downloading: 50 %');
  });

  test('a denied microphone or camera says how to grant it on this system', () => {
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    assert.match(deviceHelp.deviceProblem('microphone', denied, 'windows'), /Settings, Privacy & security, Microphone/);
    assert.match(deviceHelp.deviceProblem('microphone', denied, 'mac'), /System Settings, Privacy & Security, Microphone, and turn on Sightline/);
    assert.match(deviceHelp.deviceProblem('camera', denied, 'linux'), /GNOME: Settings, Privacy, Camera/);
    assert.match(deviceHelp.deviceProblem('camera', denied, 'browser'), /Allow the camera for this page/);
    assert.match(deviceHelp.deviceProblem('microphone', Object.assign(new Error('x'), { name: 'NotFoundError' }), 'linux'), /No microphone was found/);
    assert.equal(deviceHelp.platformOf('Mozilla/5.0 (Windows NT 10.0)', true), 'windows');
    assert.equal(deviceHelp.platformOf('Mozilla/5.0 (X11; Linux x86_64)', true), 'linux');
    assert.equal(deviceHelp.platformOf('Mozilla/5.0 (Macintosh)', false), 'browser');
  });

  test('an image file over 200 MB is refused in the page before it is read, with a clear message', () => {
    assert.deepEqual(INPUT_LIMITS.maxImageBytes, LIMITS.maxImageBytes, 'the page mirrors the core limit');
    assert.equal(INPUT_LIMITS.maxQuestionChars, LIMITS.maxQuestionChars);
    assert.equal(INPUT_LIMITS.maxAudioSeconds, LIMITS.maxAudioSeconds);
    assert.equal(imageFileProblem('cat.png', LIMITS.maxImageBytes), null);
    assert.equal(imageFileProblem('big.tif', LIMITS.maxImageBytes + 1), 'big.tif is 200 MB; Sightline opens images up to 200 MB. Choose a smaller file.');
    assert.match(imageFileProblem('huge.png', 3 * 1024 ** 3) ?? '', /huge\.png is 3072 MB/);
    assert.match(imageFileProblem('empty.png', 0) ?? '', /empty/);
  });
});
