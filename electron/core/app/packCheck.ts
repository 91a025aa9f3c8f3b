/**
 * Start-up check of the bundled model pack: which task's model is ready, missing or corrupt, as ModelState
 * values for the renderer, plus one sentence the user hears when something needs fixing (and the command
 * that fixes it). Hashing streams the files, so it runs in the background without blocking anything.
 */
import type { ModelState } from '../../common/ipc';
import { toSightlineError } from '../common/errors';
import { loadManifest, MODEL_TASKS } from '../models/manifest';
import { deviceSetFor } from '../models/device';
import { fetchHint } from '../models/paths';
import { verifyPack, type FileCheck } from '../models/verify';

export interface PackReport {
  readonly states: readonly ModelState[];
  readonly problems: readonly string[];
  /** Empty when everything is ready. */
  readonly summary: string;
}

const FILE_STATES: Readonly<Record<Exclude<FileCheck['state'], 'ok'>, string>> = Object.freeze({
  missing: 'missing',
  corrupt: 'corrupt',
  // Not installed, and `models fetch` refuses it until the manifest pins it.
  unpinned: 'not pinned in the manifest yet',
});

const describeFiles = (files: readonly FileCheck[]) =>
  (Object.keys(FILE_STATES) as (keyof typeof FILE_STATES)[]).flatMap((state) => {
    const n = files.filter((f) => f.state === state).length;
    return n ? [`${n} file${n > 1 ? 's' : ''} ${FILE_STATES[state]}`] : [];
  }).join(', ');

/** `device` is the Settings/env preference: a GPU preference checks the GPU file set, the one the host will load. */
export async function checkPack(root: string, pack: string, onState: (state: ModelState) => void = () => undefined, device?: string): Promise<PackReport> {
  let tasks: Array<[ModelState['task'], string]>;
  try {
    const entry = loadManifest(root).packs[pack];
    if (!entry) throw new Error(`unknown model pack "${pack}"`);
    tasks = MODEL_TASKS.flatMap((t) => (entry.tasks[t] ? [[t, entry.tasks[t]!] as [ModelState['task'], string]] : []));
  } catch (err) {
    const message = toSightlineError(err).message;
    return { states: [], problems: [message], summary: `Models cannot be checked: ${message}` };
  }
  for (const [task, key] of tasks) onState({ pack, task, state: 'verifying', detail: `Checking ${key}` });
  let files: readonly FileCheck[];
  try {
    files = (await verifyPack(pack, { root, device: deviceSetFor(device) })).files;
  } catch (err) {
    const message = toSightlineError(err).message;
    return { states: [], problems: [message], summary: `Models cannot be checked: ${message}` };
  }
  const states: ModelState[] = [];
  const problems: string[] = [];
  for (const [task, key] of tasks) {
    const own = files.filter((f) => f.model === key);
    const broken = own.filter((f) => f.state !== 'ok');
    const state: ModelState = broken.length === 0
      ? { pack, task, state: 'ready', detail: `${key} ready` }
      : { pack, task, state: broken.some((f) => f.state === 'corrupt') ? 'corrupt' : 'missing', detail: `${key}: ${describeFiles(broken)}` };
    if (broken.length > 0) problems.push(`${task} model ${state.detail}`);
    states.push(state);
    onState(state);
  }
  const summary = problems.length === 0 ? '' : `Model pack "${pack}" is incomplete: ${problems.join('; ')}. To fix it, ${fetchHint(pack)}.`;
  return { states, problems, summary };
}
