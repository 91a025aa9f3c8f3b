/**
 * Whole conversations, so a history entry can be reopened as it was: the description or reading the image got,
 * then every question and answer. One JSON file per conversation under `conversations/` in the user-data folder,
 * written atomically (atomicJson), so adding a question rewrites one small file and never the whole history.
 * Bounded: the oldest conversations are deleted first; their history entries keep only their summary.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ConversationTurn, ConversationView, DescribeView, ReadView } from '../../common/ipc';
import { createLogger } from '../common/logger';
import { createWriteQueue, readJson, writeJsonAtomic } from './atomicJson';

export const CONVERSATIONS_DIR = 'conversations';
/** Conversations kept on disk; history entries older than these can no longer be reopened. */
export const MAX_CONVERSATIONS = 100;
const FORMAT_VERSION = 1;
/** A conversation file larger than this is not one Sightline wrote (a full screen's blocks are ~100 KB). */
export const MAX_CONVERSATION_FILE_BYTES = 4 * 1024 * 1024;
/** Ids are sortable by creation time (base-36 milliseconds, fixed width) and safe as file names. */
export const CONVERSATION_ID_PATTERN = /^c-[0-9a-z]{9}-[0-9a-f]{8}$/;

export type ConversationRecord = Omit<ConversationView, 'askable'>;

export interface ConversationStore {
  readonly dir: string;
  /** Lists what is on disk (for pruning); never throws. */
  load(): Promise<void>;
  /** A new conversation for an image's first result; saved at once. */
  start(source: string, start: ConversationRecord['start']): Promise<ConversationRecord>;
  /** Saves the conversation with its turns so far. */
  update(conversationId: string, turns: readonly ConversationTurn[]): Promise<ConversationRecord | null>;
  /** The conversation, or null when it was never kept, was pruned, or its file is damaged. */
  get(conversationId: string): Promise<ConversationRecord | null>;
  clear(): Promise<number>;
}

const log = createLogger('conversations');

export const isConversationId = (value: unknown): value is string => typeof value === 'string' && CONVERSATION_ID_PATTERN.test(value);

const newId = () => `c-${Date.now().toString(36).padStart(9, '0')}-${randomUUID().slice(0, 8)}`;

const isStrings = (value: unknown): boolean => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Enough of a result's shape that the page can render it; a damaged file is refused rather than half-shown. */
function isResult(start: unknown): start is ConversationRecord['start'] {
  const s = start as { kind?: unknown; view?: Record<string, unknown> } | null;
  if (typeof s !== 'object' || s === null || (s.kind !== 'describe' && s.kind !== 'read')) return false;
  const v = s.view;
  if (typeof v !== 'object' || v === null) return false;
  if (typeof v.imageId !== 'string' || typeof v.source !== 'string' || typeof v.text !== 'string') return false;
  if (!Array.isArray(v.lines) || !Array.isArray(v.blocks) || !Array.isArray(v.panes)) return false;
  if (!v.lines.every((l: { text?: unknown }) => typeof l?.text === 'string')) return false;
  if (!v.blocks.every((b: { kind?: unknown }) => typeof b?.kind === 'string')) return false;
  return s.kind === 'read' || (typeof v.caption === 'string' && typeof v.description === 'string' && typeof v.mostlyText === 'boolean');
}

function isTurns(value: unknown): value is ConversationTurn[] {
  return Array.isArray(value) && value.every((t) => typeof t?.question === 'string' && typeof t?.answer === 'string');
}

function parse(value: unknown, id: string): ConversationRecord | null {
  const c = (value as { conversation?: Record<string, unknown> } | null)?.conversation;
  if (!c || c.conversationId !== id || typeof c.at !== 'string' || typeof c.source !== 'string' || !isResult(c.start) || !isTurns(c.turns)) return null;
  return c as unknown as ConversationRecord;
}

export function createConversationStore(userDataDir: string, options: { max?: number } = {}): ConversationStore {
  const dir = path.join(userDataDir, CONVERSATIONS_DIR);
  const max = options.max ?? MAX_CONVERSATIONS;
  const enqueue = createWriteQueue();
  /** Ids on disk, oldest first. */
  let ids: string[] = [];
  /** Conversations this run started or opened: updates need not re-read their files. */
  const recent = new Map<string, ConversationRecord>();
  const fileOf = (id: string) => path.join(dir, `${id}.json`);

  const write = (record: ConversationRecord) => enqueue(() => writeJsonAtomic(fileOf(record.conversationId), { version: FORMAT_VERSION, conversation: record }));

  const prune = async () => {
    while (ids.length > max) {
      const oldest = ids.shift()!;
      recent.delete(oldest);
      await enqueue(() => fs.rm(fileOf(oldest), { force: true }));
    }
  };

  const get = async (conversationId: string): Promise<ConversationRecord | null> => {
    if (!isConversationId(conversationId)) return null;
    const known = recent.get(conversationId);
    if (known) return known;
    const read = await readJson(fileOf(conversationId), MAX_CONVERSATION_FILE_BYTES);
    if (read.state !== 'ok') {
      if (read.state === 'corrupt') log.warn(`conversation ${conversationId}: ${read.reason}`);
      return null;
    }
    const record = parse(read.value, conversationId);
    if (!record) log.warn(`conversation ${conversationId}: not a Sightline conversation file`);
    return record;
  };

  return {
    dir,
    async load() {
      try {
        ids = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((n) => CONVERSATION_ID_PATTERN.test(n)).sort();
      } catch {
        ids = [];
      }
      await prune();
    },
    async start(source, start) {
      const record: ConversationRecord = Object.freeze({ conversationId: newId(), at: new Date().toISOString(), source, start, turns: Object.freeze([]) });
      recent.set(record.conversationId, record);
      ids.push(record.conversationId);
      await write(record);
      await prune();
      return record;
    },
    async update(conversationId, turns) {
      const known = recent.get(conversationId) ?? (await get(conversationId));
      if (!known) return null;
      const record: ConversationRecord = Object.freeze({ ...known, turns: Object.freeze([...turns]) });
      recent.set(conversationId, record);
      await write(record);
      return record;
    },
    get,
    async clear() {
      const count = ids.length;
      ids = [];
      recent.clear();
      await enqueue(() => fs.rm(dir, { recursive: true, force: true }));
      return count;
    },
  };
}
