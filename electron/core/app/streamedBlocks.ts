/**
 * Blocks the inference host streams while it reads a screen (the OCR engine's `{ kind: 'text' }` events), checked
 * before they go to a renderer. The host is our own worker, but what it sends crosses a thread and then the bridge:
 * like the token path, the shape is checked field by field, and only the fields of a BlockView are copied, frozen.
 */
import type { BlockView, BoxView, ControlMark, ControlRole, ControlState } from '../../common/ipc';
import { LANGUAGE_TAG } from '../../common/languages';

/** Bounds no real screen comes near; past them an event is taken as malformed rather than sent on. */
const MAX_BLOCKS_PER_EVENT = 5000;
const MAX_BLOCK_LINES = 5000;
const MAX_TEXT_CHARS = 100_000;
const MAX_TABLE_CELLS = 20_000;

const ROLES: ReadonlySet<string> = new Set<ControlRole>(['button', 'checkbox', 'radio', 'toggle', 'link', 'text-field']);
const STATES: ReadonlySet<string> = new Set<ControlState>(['checked', 'unchecked', 'mixed', 'on', 'off']);

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT_CHARS;

function boxOf(value: unknown): BoxView | null {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  return Object.freeze([value[0], value[1], value[2], value[3]] as const);
}

function rowsOf(value: unknown): readonly (readonly string[])[] | null {
  if (!Array.isArray(value)) return null;
  let cells = 0;
  const rows: (readonly string[])[] = [];
  for (const row of value) {
    if (!Array.isArray(row) || !row.every(isText)) return null;
    cells += row.length;
    if (cells > MAX_TABLE_CELLS) return null;
    rows.push(Object.freeze([...row] as string[]));
  }
  return Object.freeze(rows);
}

const MARK_ROLES: ReadonlySet<string> = new Set<ControlMark['role']>(['checkbox', 'radio']);
const MARK_STATES: ReadonlySet<string> = new Set<ControlMark['state']>(['checked', 'unchecked', 'mixed']);

/** A table's row marks, one per row, each null or a checkbox's or radio button's state; null when malformed. */
function rowMarksOf(value: unknown, rows: number): readonly (ControlMark | null)[] | null {
  if (!Array.isArray(value) || value.length !== rows) return null;
  const marks: (ControlMark | null)[] = [];
  for (const mark of value) {
    if (mark === null) { marks.push(null); continue; }
    if (!isObject(mark) || typeof mark.role !== 'string' || !MARK_ROLES.has(mark.role) || typeof mark.state !== 'string' || !MARK_STATES.has(mark.state)) return null;
    marks.push(Object.freeze({ role: mark.role as ControlMark['role'], state: mark.state as ControlMark['state'] }));
  }
  return Object.freeze(marks);
}

/** One block as a frozen BlockView, or null when any field is missing or of the wrong kind. */
export function blockViewOf(value: unknown): BlockView | null {
  if (!isObject(value)) return null;
  const box = boxOf(value.box);
  if (!box || !isIndex(value.pane)) return null;
  if (!Array.isArray(value.lines) || value.lines.length > MAX_BLOCK_LINES || !value.lines.every(isIndex)) return null;
  if (value.lang !== undefined && (typeof value.lang !== 'string' || !LANGUAGE_TAG.test(value.lang))) return null;
  const common = { box, pane: value.pane, lines: Object.freeze([...(value.lines as number[])]), ...(value.lang !== undefined ? { lang: value.lang as string } : {}) };
  switch (value.kind) {
    case 'heading': {
      const level = value.level;
      if (!isText(value.text) || typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 6) return null;
      return Object.freeze({ ...common, kind: 'heading', level: level as 1 | 2 | 3 | 4 | 5 | 6, text: value.text });
    }
    case 'paragraph':
    case 'list-item':
      if (!isText(value.text)) return null;
      return Object.freeze({ ...common, kind: value.kind, text: value.text });
    case 'table': {
      const rows = rowsOf(value.rows);
      if (!rows || !isIndex(value.headerRows) || value.headerRows > rows.length) return null;
      const rowMarks = value.rowMarks === undefined ? undefined : rowMarksOf(value.rowMarks, rows.length);
      if (rowMarks === null) return null;
      return Object.freeze({ ...common, kind: 'table', rows, headerRows: value.headerRows, ...(rowMarks ? { rowMarks } : {}) });
    }
    case 'control': {
      if (!isText(value.text) || typeof value.role !== 'string' || !ROLES.has(value.role)) return null;
      if (value.state !== undefined && (typeof value.state !== 'string' || !STATES.has(value.state))) return null;
      const state = value.state === undefined ? {} : { state: value.state as ControlState };
      return Object.freeze({ ...common, kind: 'control', role: value.role as ControlRole, text: value.text, ...state });
    }
    default:
      return null;
  }
}

/**
 * The blocks of a host `text` event as frozen BlockViews, or null when the event is malformed: not a text event,
 * no `blocks` array, too many blocks, or any block that is not a BlockView (one bad block drops the whole event, so
 * what is streamed never has a hole in its reading order).
 */
export function streamedBlocksOf(event: unknown): readonly BlockView[] | null {
  if (!isObject(event) || event.kind !== 'text' || !Array.isArray(event.blocks) || event.blocks.length > MAX_BLOCKS_PER_EVENT) return null;
  const blocks: BlockView[] = [];
  for (const value of event.blocks) {
    const block = blockViewOf(value);
    if (!block) return null;
    blocks.push(block);
  }
  return Object.freeze(blocks);
}
