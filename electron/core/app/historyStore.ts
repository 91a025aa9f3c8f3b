/**
 * What the user described, read and asked, newest first, kept in `history.json` in the user-data folder.
 * Bounded (LIMITS.maxHistoryEntries entries, LIMITS.maxHistoryFileBytes on disk); written atomically; a file that
 * does not parse, is of another shape, too large, or holds damaged entries is moved aside (kept) and reported.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { HistoryEntry } from '../../common/ipc';
import { LIMITS } from '../common/limits';
import { createLogger } from '../common/logger';
import { createWriteQueue, keptAs, moveAside, readJson, removeStaleTemps, writeJsonAtomic } from './atomicJson';
import type { StoreOptions } from './settingsStore';
import { isConversationId } from './conversationStore';

export const HISTORY_FILE = 'history.json';
const FORMAT_VERSION = 1;
/** Longest summary kept per entry: enough to recognise it in a list, short enough to keep the file small. */
export const MAX_SUMMARY_CHARS = 300;
const MAX_SOURCE_CHARS = 255;

export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'at'>;

export interface HistoryStore {
  readonly file: string;
  load(): Promise<void>;
  list(): readonly HistoryEntry[];
  add(entry: NewHistoryEntry): Promise<HistoryEntry>;
  /** Empties the history; returns how many entries were removed. */
  clear(): Promise<number>;
}

const KINDS: readonly string[] = Object.freeze(['describe', 'read', 'ask']);
const log = createLogger('history');

/** An entry as `add` writes it: bounded strings, a known kind. Anything else is damage (or hand editing). */
function isEntry(value: unknown): value is HistoryEntry {
  const e = value as Record<string, unknown> | null;
  const bounded = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
  return typeof e === 'object' && e !== null && !Array.isArray(e)
    && bounded(e.id, 100) && bounded(e.at, 40) && bounded(e.source, MAX_SOURCE_CHARS) && bounded(e.summary, MAX_SUMMARY_CHARS)
    && typeof e.kind === 'string' && KINDS.includes(e.kind);
}

/** An entry as loaded, with a conversation id only when it is one (the file may be older, damaged or hand-edited). */
function withValidConversation(entry: HistoryEntry): HistoryEntry {
  if (entry.conversationId === undefined || isConversationId(entry.conversationId)) return Object.freeze({ ...entry });
  const { conversationId: _dropped, ...rest } = entry;
  return Object.freeze(rest);
}

export function createHistoryStore(dir: string, options: StoreOptions = {}): HistoryStore {
  const file = path.join(dir, HISTORY_FILE);
  const enqueue = createWriteQueue();
  let entries: readonly HistoryEntry[] = [];
  const report = (message: string) => {
    log.warn(message);
    options.onProblem?.(message);
  };
  const persist = () => {
    const snapshot = entries;
    return enqueue(() => writeJsonAtomic(file, { version: FORMAT_VERSION, entries: snapshot }));
  };
  return {
    file,
    async load() {
      await removeStaleTemps(file);
      const read = await readJson(file, LIMITS.maxHistoryFileBytes);
      entries = [];
      if (read.state === 'missing') return;
      if (read.state === 'corrupt') {
        report(`History file ${file} ${read.reason}; starting with an empty history${keptAs(read.movedTo)}`);
        return;
      }
      const data = read.value as { entries?: unknown } | null;
      const raw = typeof data === 'object' && data !== null && !Array.isArray(data) ? data.entries : undefined;
      if (!Array.isArray(raw)) {
        report(`History file ${file} is not a Sightline history file; starting with an empty history${keptAs(await moveAside(file))}`);
        return;
      }
      const kept = raw.filter(isEntry);
      if (kept.length < raw.length) {
        // The next save would drop the damaged entries for good: the original is kept aside first.
        report(`History file ${file}: ${raw.length - kept.length} damaged entries were dropped${keptAs(await moveAside(file))}`);
      }
      entries = Object.freeze(kept.slice(0, LIMITS.maxHistoryEntries).map(withValidConversation));
    },
    list: () => entries,
    async add(entry) {
      const full: HistoryEntry = Object.freeze({
        id: randomUUID(),
        at: new Date().toISOString(),
        kind: entry.kind,
        source: entry.source.slice(0, MAX_SOURCE_CHARS),
        summary: entry.summary.length > MAX_SUMMARY_CHARS ? `${entry.summary.slice(0, MAX_SUMMARY_CHARS - 1)}…` : entry.summary,
        ...(entry.conversationId ? { conversationId: entry.conversationId } : {}),
      });
      entries = Object.freeze([full, ...entries].slice(0, LIMITS.maxHistoryEntries));
      await persist();
      return full;
    },
    async clear() {
      const count = entries.length;
      entries = Object.freeze([]);
      await persist();
      return count;
    },
  };
}
