/**
 * Settings persisted in the user-data folder as `settings.json` ({ version, settings }). Each field is checked
 * on load with the same rules as IPC patches: a bad field falls back to its default and is reported; a file that
 * does not parse, is of another shape, is too large or holds a bad field is moved aside (kept for the user) before
 * anything is written; the app always starts.
 */
import path from 'node:path';
import { DEFAULT_SETTINGS, DEFAULT_SHORTCUTS, type Settings } from '../../common/ipc';
import { createLogger } from '../common/logger';
import { LIMITS } from '../common/limits';
import { createWriteQueue, keptAs, moveAside, readJson, removeStaleTemps, writeJsonAtomic } from './atomicJson';
import { validateSettingsPatch, type SettingsPatch } from './validate';

export const SETTINGS_FILE = 'settings.json';
const FORMAT_VERSION = 1;

export interface SettingsStore {
  readonly file: string;
  /** Reads the file; never throws for a bad file (problems go to `onProblem`), only returns defaults. */
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

export interface StoreOptions {
  /** Told about a corrupt or partly invalid file, in one line the user can act on. */
  readonly onProblem?: (message: string) => void;
}

const log = createLogger('settings');

/** Merges a validated patch over settings; shortcuts merge key by key. */
export function applySettingsPatch(base: Settings, patch: SettingsPatch): Settings {
  const { shortcuts, ...rest } = patch;
  return Object.freeze({
    ...base,
    ...rest,
    shortcuts: Object.freeze({ ...base.shortcuts, ...(shortcuts ?? {}) }),
  });
}

/**
 * Keeps every field that passes its check and names the others. A file of another shape gives the defaults.
 * Problems are returned rather than reported so the caller can first set the original aside.
 */
function salvage(raw: unknown, file: string): { settings: Settings; problems: string[] } {
  const data = raw as { version?: unknown; settings?: unknown } | null;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof data.settings !== 'object' || data.settings === null || Array.isArray(data.settings)) {
    return { settings: DEFAULT_SETTINGS, problems: [`${file}: not a Sightline settings file; using the defaults`] };
  }
  const problems: string[] = [];
  let settings: Settings = DEFAULT_SETTINGS;
  const fields = data.settings as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_SETTINGS, key)) continue; // a newer version's field: ignore
    try {
      const patch = key === 'shortcuts' ? salvageShortcuts(value, file, problems) : validateSettingsPatch({ [key]: value }, file);
      settings = applySettingsPatch(settings, patch);
    } catch (err) {
      problems.push(`${(err as Error).message}; using the default`);
    }
  }
  return { settings, problems };
}

function salvageShortcuts(value: unknown, file: string, problems: string[]): SettingsPatch {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${file}: shortcuts must be an object; using the defaults`);
    return {};
  }
  const shortcuts: Record<string, string> = {};
  for (const [action, accelerator] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_SHORTCUTS, action)) continue;
    try {
      Object.assign(shortcuts, validateSettingsPatch({ shortcuts: { [action]: accelerator } }, file).shortcuts);
    } catch (err) {
      problems.push(`${(err as Error).message}; using the default`);
    }
  }
  return { shortcuts };
}

export function createSettingsStore(dir: string, options: StoreOptions = {}): SettingsStore {
  const file = path.join(dir, SETTINGS_FILE);
  const enqueue = createWriteQueue();
  const report = (message: string) => {
    log.warn(message);
    options.onProblem?.(message);
  };
  return Object.freeze({
    file,
    async load(): Promise<Settings> {
      await removeStaleTemps(file);
      const read = await readJson(file, LIMITS.maxSettingsFileBytes);
      if (read.state === 'missing') return DEFAULT_SETTINGS;
      if (read.state === 'corrupt') {
        report(`Settings file ${file} ${read.reason}; using the defaults${keptAs(read.movedTo)}`);
        return DEFAULT_SETTINGS;
      }
      const { settings, problems } = salvage(read.value, file);
      if (problems.length > 0) {
        // What the user wrote is kept before the next save replaces it with what could be used.
        const kept = keptAs(await moveAside(file));
        for (const problem of problems) report(`${problem}${kept}`);
      }
      return settings;
    },
    save(settings: Settings): Promise<void> {
      return enqueue(() => writeJsonAtomic(file, { version: FORMAT_VERSION, settings }));
    },
  });
}
