import type { BlockView, ControlRole, ControlState, DescribeView, LineView, PaneView, ReadView } from '../../electron/common/ipc.js';
import { LANGUAGE_TAG } from '../../electron/common/languages.js';
import { clip, count, lowerFirst, MAX_ANNOUNCEMENT_CHARS, withoutStop } from './oneLine.js';

/**
 * A result as a document: plain data describing semantic HTML (a heading for the image, the caption once, then
 * the text as headings, paragraphs, lists and tables), plus what Sightline's own reader says block by block and
 * line by line, and what "Copy all" copies. Pure (no DOM), so it is tested under Node; resultDocument.ts turns
 * it into elements.
 */

export type DocTag = 'h3' | 'h4' | 'h5' | 'h6' | 'p' | 'span' | 'ul' | 'li' | 'table' | 'thead' | 'tbody' | 'tr' | 'th' | 'td' | 'section';

export interface DocNode {
  readonly tag: DocTag;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly children?: readonly DocNode[];
  /** The reading position this element shows: block index, and line index within the block. */
  readonly read?: { readonly block: number; readonly line?: number };
}

/** One unit Sightline's reader moves through: a heading, a paragraph, a list item, a table (a line per row). */
export interface ReadBlock {
  readonly lines: readonly string[];
  /** The block's language when the OCR knows it, so Sightline's own voice reads it with a voice of that language. */
  readonly lang?: string;
}

export interface ResultModel {
  readonly title: string;
  /** The caption (or "A screen with mostly text."), said once; null when there is none. */
  readonly summary: string | null;
  readonly nodes: readonly DocNode[];
  readonly blocks: readonly ReadBlock[];
  /** The reader's index of the text's first block (after the title and summary): the view's block i is `firstText + i`. */
  readonly firstText: number;
  /** Lines of recognised text (a table row counts as one). */
  readonly textLines: number;
  readonly copyText: string;
  /** What happened, in one line for the screen reader (at most 160 characters). */
  readonly announcement: string;
}

type Source = { readonly kind: 'describe'; readonly view: DescribeView } | { readonly kind: 'read'; readonly view: ReadView };

const ROLE_WORDS: Readonly<Record<ControlRole, string>> = Object.freeze({
  button: 'button',
  checkbox: 'check box',
  radio: 'radio button',
  toggle: 'switch',
  link: 'link',
  'text-field': 'text field',
});

const STATE_WORDS: Readonly<Record<ControlState, string>> = Object.freeze({
  checked: 'checked',
  unchecked: 'not checked',
  mixed: 'partly checked',
  on: 'on',
  off: 'off',
});

const PANE_WORDS: Readonly<Record<PaneView['kind'], string>> = Object.freeze({
  main: 'Main part',
  sidebar: 'Sidebar',
  panel: 'Panel',
});

/** The image's heading is h3 (views are h2); text headings nest under it. */
const HEADING_TAGS: readonly DocTag[] = Object.freeze(['h4', 'h5', 'h6']);

const firstLine = (text: string) => text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
const sentence = (text: string) => (text && !/[.!?…:]$/.test(text) ? `${text}.` : text);

function summaryOf(source: Source): string | null {
  if (source.kind === 'read') return null;
  const view = source.view;
  const said = view.mostlyText ? firstLine(view.description) : view.caption.trim();
  return said ? sentence(said) : null;
}

const langAttrs = (block: BlockView) => (block.lang && LANGUAGE_TAG.test(block.lang) ? { lang: block.lang } : undefined);

/** A table's rows, a checklist row's first cell followed by its mark's role and state ("AE (check box, checked)"). */
function markedRows(block: Extract<BlockView, { kind: 'table' }>): readonly (readonly string[])[] {
  return block.rows.map((row, i) => {
    const mark = block.rowMarks?.[i];
    if (!mark || row.length === 0) return row;
    return [`${row[0]} ${roleAndState(mark.role, mark.state)}`, ...row.slice(1)];
  });
}

function lineTexts(block: BlockView, lines: readonly LineView[]): string[] {
  if (block.kind === 'table') {
    const rows = markedRows(block);
    return rows.map((row) => rowLine(row, block.rows.slice(0, block.headerRows)));
  }
  const fromLines = block.lines.map((i) => lines[i]?.text.trim() ?? '').filter(Boolean);
  const text = block.text.trim();
  // A block's own lines when they add up to its text; otherwise its text as one line.
  return fromLines.length > 1 && fromLines.join(' ').length >= text.length * 0.8 ? fromLines : [text].filter(Boolean);
}

/** A table row as one line: "Name: Ann, Age: 31" under a header row, else "Ann, 31". */
function rowLine(row: readonly string[], headers: readonly (readonly string[])[]): string {
  const header = headers[headers.length - 1];
  return row.map((cell, i) => (header?.[i] && header[i] !== cell ? `${header[i]}: ${cell}` : cell)).filter(Boolean).join(', ');
}

/** "(check box, checked)": a control's role and, where it has one, its state, as the reader says them. */
function roleAndState(role: ControlRole, state?: ControlState): string {
  return `(${ROLE_WORDS[role] ?? role}${state ? `, ${STATE_WORDS[state] ?? state}` : ''})`;
}

function controlText(block: Extract<BlockView, { kind: 'control' }>): string {
  return `${block.text} ${roleAndState(block.role, block.state)}`;
}

function lineSpans(texts: readonly string[], block: number): DocNode[] {
  return texts.map((text, line) => ({ tag: 'span' as const, text: line < texts.length - 1 ? `${text} ` : text, read: { block, line } }));
}

function tableNode(block: Extract<BlockView, { kind: 'table' }>, index: number): DocNode {
  const rows = markedRows(block);
  const head = rows.slice(0, block.headerRows);
  const body = rows.slice(block.headerRows);
  const row = (cells: readonly string[], line: number, cellTag: 'th' | 'td'): DocNode => ({
    tag: 'tr',
    read: { block: index, line },
    children: cells.map((text) => ({ tag: cellTag, text, ...(cellTag === 'th' ? { attrs: { scope: 'col' } } : {}) })),
  });
  const children: DocNode[] = [];
  if (head.length) children.push({ tag: 'thead', children: head.map((cells, i) => row(cells, i, 'th')) });
  children.push({ tag: 'tbody', children: body.map((cells, i) => row(cells, head.length + i, 'td')) });
  return { tag: 'table', attrs: langAttrs(block), read: { block: index }, children };
}

/**
 * What Sightline's reader says for one block: its lines (a table row each, a control with its role and state), with
 * its language. `lines` are the result's lines; a block streamed before the result (no lines yet) is said from its text.
 */
export function readBlockOf(block: BlockView, lines: readonly LineView[] = []): ReadBlock {
  return { lines: block.kind === 'control' ? [controlText(block)] : lineTexts(block, lines), ...langAttrs(block) };
}

/** Whether two blocks show the same thing at the same place: a streamed block and the result's block it became. */
export function sameBlock(a: BlockView, b: BlockView): boolean {
  const content = (block: BlockView) => (block.kind === 'table' ? JSON.stringify(block.rows) : block.text);
  return a.kind === b.kind && content(a) === content(b) && a.box.every((n, i) => n === b.box[i]);
}

/** The text blocks as nodes; consecutive list items share one list. `offset` is the first block's reading index. */
function textNodes(blocks: readonly BlockView[], lines: readonly LineView[], offset: number, readBlocks: ReadBlock[]): DocNode[] {
  const nodes: DocNode[] = [];
  let list: DocNode[] | null = null;
  blocks.forEach((block, i) => {
    const index = offset + i;
    const read = readBlockOf(block, lines);
    readBlocks.push(read);
    const texts = read.lines; // lineTexts(block, lines) for every kind but a control, which does not use it
    if (block.kind !== 'list-item') list = null;
    switch (block.kind) {
      case 'heading': {
        const tag = HEADING_TAGS[Math.min(block.level, HEADING_TAGS.length) - 1] ?? 'h6';
        nodes.push({ tag, text: texts.join(' '), attrs: langAttrs(block), read: { block: index, line: 0 } });
        break;
      }
      case 'list-item': {
        if (!list) {
          list = [];
          nodes.push({ tag: 'ul', children: list });
        }
        list.push({ tag: 'li', attrs: langAttrs(block), read: { block: index }, children: lineSpans(texts, index) });
        break;
      }
      case 'table':
        nodes.push(tableNode(block, index));
        break;
      case 'control':
        nodes.push({ tag: 'p', attrs: { class: 'control', ...langAttrs(block) }, read: { block: index, line: 0 }, text: controlText(block) });
        break;
      default:
        nodes.push({ tag: 'p', attrs: langAttrs(block), read: { block: index }, children: lineSpans(texts, index) });
    }
  });
  return nodes;
}

/** Blocks from a core that sent none (older results, reopened history): a paragraph per line. */
function blocksOrLines(blocks: readonly BlockView[], lines: readonly LineView[]): readonly BlockView[] {
  if (blocks.length > 0 || lines.length === 0) return blocks;
  return lines.map((line, i) => ({ kind: 'paragraph' as const, text: line.text, box: line.box, pane: 0, lines: [i] }));
}

/** Groups consecutive blocks of one pane into a named region when the screen has more than one pane. */
function byPane(blocks: readonly BlockView[], panes: readonly PaneView[], build: (slice: readonly BlockView[], start: number) => DocNode[]): DocNode[] {
  if (panes.length <= 1) return build(blocks, 0);
  const nodes: DocNode[] = [];
  const seen = new Map<string, number>();
  let start = 0;
  while (start < blocks.length) {
    const pane = blocks[start]!.pane;
    let end = start;
    while (end < blocks.length && blocks[end]!.pane === pane) end++;
    const kind = panes[pane]?.kind ?? 'panel';
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    const label = n > 1 ? `${PANE_WORDS[kind]} ${n}` : PANE_WORDS[kind];
    nodes.push({ tag: 'section', attrs: { 'aria-label': label }, children: build(blocks.slice(start, end), start) });
    start = end;
  }
  return nodes;
}

function announcementFor(source: Source, summary: string | null, textLines: number): string {
  const lines = textLines === 0 ? 'no text' : count(textLines, 'line of text', 'lines of text');
  const name = source.view.source;
  if (source.kind === 'read') return clip(`Read ${name}: ${textLines === 0 ? 'no text found' : lines}.`, MAX_ANNOUNCEMENT_CHARS);
  const head = `Described ${name}: `;
  const tail = `, ${lines}.`;
  const room = MAX_ANNOUNCEMENT_CHARS - head.length - tail.length;
  const what = summary ? lowerFirst(withoutStop(summary)) : 'nothing recognised';
  return clip(`${head}${clip(what, Math.max(room, 20))}${tail}`, MAX_ANNOUNCEMENT_CHARS);
}

/** Builds the document of a description or a reading. `titleId` names the heading so it can take focus. */
export function buildResult(source: Source, titleId: string): ResultModel {
  const view = source.view;
  const title = view.source || 'Image';
  const summary = summaryOf(source);
  const readBlocks: ReadBlock[] = [{ lines: [title] }];
  const nodes: DocNode[] = [{ tag: 'h3', text: title, attrs: { id: titleId, tabindex: '-1' }, read: { block: 0, line: 0 } }];
  if (summary) {
    nodes.push({ tag: 'p', text: summary, attrs: { class: 'summary' }, read: { block: readBlocks.length, line: 0 } });
    readBlocks.push({ lines: [summary] });
  }
  const blocks = blocksOrLines(view.blocks, view.lines);
  const offset = readBlocks.length;
  nodes.push(...byPane(blocks, view.panes, (slice, start) => textNodes(slice, view.lines, offset + start, readBlocks)));
  if (blocks.length === 0 && source.kind === 'read') {
    nodes.push({ tag: 'p', text: 'No text found.', read: { block: readBlocks.length, line: 0 } });
    readBlocks.push({ lines: ['No text found.'] });
  }
  const textBlocks = readBlocks.slice(offset);
  const textLines = textBlocks.reduce((n, b) => n + b.lines.length, 0) - (blocks.length === 0 && source.kind === 'read' ? 1 : 0);
  const copyLines = [title, ...(summary ? [summary] : []), ...copyBlocks(blocks, view.lines)];
  return Object.freeze({
    title,
    summary,
    nodes,
    blocks: readBlocks,
    firstText: offset,
    textLines,
    copyText: copyLines.join('\n'),
    announcement: announcementFor(source, summary, textLines),
  });
}

/** What "Copy all" copies of the text: each block once, a table row per line with cells tab-separated. */
function copyBlocks(blocks: readonly BlockView[], lines: readonly LineView[]): string[] {
  return blocks.flatMap((block) => {
    if (block.kind === 'table') return markedRows(block).map((row) => row.join('\t'));
    if (block.kind === 'control') return [controlText(block)];
    if (block.kind === 'list-item') return [`• ${lineTexts(block, lines).join(' ')}`];
    return [lineTexts(block, lines).join(' ')];
  });
}
