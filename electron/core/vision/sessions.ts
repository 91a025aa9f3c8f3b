import { SightlineError } from '../common/errors';
import { fetchHint } from '../models/paths';
import { resolveModel, type ResolvedModel } from '../models/resolve';
import { Florence2Captioner } from './florence2/captioner';
import { SmolVlmAnswerer } from './smolvlm/answerer';

/**
 * The host's vision sessions, one per task, loaded on first use and reused by every request (describe and ask
 * both live in the same worker, so they share this module). A failed load is not cached: the user may run
 * `sightline models fetch` and ask again without restarting.
 */

interface Slot<T> {
  key: string | null;
  pending: Promise<T> | null;
}

const captionSlot: Slot<Florence2Captioner> = { key: null, pending: null };
const vqaSlot: Slot<SmolVlmAnswerer> = { key: null, pending: null };

const CAPTION_LOADERS: Readonly<Record<string, (m: ResolvedModel) => Promise<Florence2Captioner>>> = Object.freeze({
  florence2: (m) => Florence2Captioner.load(m),
});
const VQA_LOADERS: Readonly<Record<string, (m: ResolvedModel) => Promise<SmolVlmAnswerer>>> = Object.freeze({
  idefics3: (m) => SmolVlmAnswerer.load(m),
});

function getOrLoad<T>(slot: Slot<T>, resolved: ResolvedModel, loaders: Readonly<Record<string, (m: ResolvedModel) => Promise<T>>>, what: string): Promise<T> {
  const key = `${resolved.pack}:${resolved.key}:${resolved.dir}`;
  if (slot.pending && slot.key === key) return slot.pending;
  const loader = loaders[resolved.family];
  if (!loader) return Promise.reject(new SightlineError('model-missing', `${what} model ${resolved.name}: family "${resolved.family}" cannot serve ${what}`));
  const pending = loader(resolved);
  slot.key = key;
  slot.pending = pending;
  pending.catch(() => {
    if (slot.pending === pending) {
      slot.pending = null;
      slot.key = null;
    }
  });
  return pending;
}

/** The pack's captioner, or null (with the reason) when the pack has none or it is not installed. */
export async function captioner(): Promise<{ session: Florence2Captioner } | { session: null; reason: string }> {
  const resolved = resolveModel(undefined, 'caption');
  if (!resolved) return { session: null, reason: `the ${process.env.SIGHTLINE_PACK || 'default'} pack has no caption model` };
  try {
    return { session: await getOrLoad(captionSlot, resolved, CAPTION_LOADERS, 'caption') };
  } catch (err) {
    if ((err as SightlineError).kind === 'model-missing') return { session: null, reason: (err as Error).message };
    throw err;
  }
}

/** The pack's question-answering model; throws model-missing (exit 4) naming the install command. */
export async function answerer(): Promise<SmolVlmAnswerer> {
  const resolved = resolveModel(undefined, 'vqa');
  if (!resolved) {
    const pack = process.env.SIGHTLINE_PACK || 'default';
    throw new SightlineError('model-missing', `the ${pack} pack has no question-answering model; ${fetchHint(pack)}`);
  }
  return getOrLoad(vqaSlot, resolved, VQA_LOADERS, 'question-answering');
}

export async function disposeVisionSessions(): Promise<void> {
  for (const slot of [captionSlot, vqaSlot] as Slot<{ dispose(): Promise<void> }>[]) {
    const pending = slot.pending;
    slot.pending = null;
    slot.key = null;
    if (pending) await pending.then((s) => s.dispose(), () => undefined);
  }
}
