import { existsSync } from 'node:fs';
import path from 'node:path';
import { SightlineError } from '../common/errors';
import { createLogger } from '../common/logger';
import { deviceClass, loadWithFallback } from '../models/device';
import { fetchHint } from '../models/paths';
import { filesFor, requireInstalled, type ResolvedModel } from '../models/resolve';
import { feedDeclaredTypes } from './declaredTypes';
import type { DeviceName } from './types';
import { transformers, type Hf, type HfLoadOptions, type HfModel, type HfProcessor } from './runtime';

const log = createLogger('vision');

export interface LoadedModel {
  readonly t: Hf;
  readonly model: HfModel;
  readonly processor: HfProcessor;
  /** The device the sessions actually run on, after any fallback. */
  readonly device: DeviceName;
  readonly name: string;
  /** Devices tried before `device`, each with why it was not used ("gpu file set not installed", a driver error…). */
  readonly skipped: readonly { readonly device: DeviceName; readonly reason: string }[];
  /** Graph inputs declared float16 (mixed precision), fed as such. */
  readonly halfInputs: readonly string[];
  readonly loadMs: number;
}

/**
 * Loads a pack's model for one task: files checked first (a clear "not installed" instead of a stack trace),
 * then the processor, then the ONNX sessions on the first device that works, with the manifest's dtype and file set
 * for that device class. A device whose file set is not installed is skipped with that reason (logged, reported).
 */
export async function loadModel(resolved: ResolvedModel, what: string, pick: (t: Hf) => (dir: string, options: HfLoadOptions) => Promise<HfModel>, preference?: string): Promise<LoadedModel> {
  // Whatever the device, the processor's files (config, tokenizer…) are shared; the CPU set is the fallback.
  const t = transformers();
  const started = performance.now();
  let processor: HfProcessor;
  // Checked once per file set: every GPU device uses the same one.
  const setInstalled = (cls: 'cpu' | 'gpu') => filesFor(resolved.model, cls).every((f) => existsSync(path.join(resolved.dir, f.path)));
  const has = { cpu: setInstalled('cpu'), gpu: setInstalled('gpu') };
  const installed = (device: DeviceName) => has[deviceClass(device)];
  if (!has.cpu && !has.gpu) requireInstalled(resolved, what);
  try {
    processor = await t.AutoProcessor.from_pretrained(resolved.dir, { local_files_only: true });
  } catch (err) {
    throw new SightlineError('model-missing', `${what} model ${resolved.name}: cannot load its processor (${(err as Error).message.split('\n')[0]})`);
  }
  const load = pick(t);
  const { value: model, device, skipped } = await loadWithFallback(`${what} model ${resolved.name}`, async (device) => {
    const cls = deviceClass(device);
    if (!installed(device)) throw new Error(`the ${cls} file set is not installed (${fetchHint(resolved.pack)} --device ${cls})`);
    return load(resolved.dir, {
      device,
      dtype: resolved.dtypeFor(cls),
      local_files_only: true,
      // A GPU provider that cannot load is expected on many machines; its failure is logged once, by us.
      ...(device === 'cpu' ? {} : { session_options: { logSeverityLevel: 4 } }),
    });
  }, preference).catch((err: unknown) => {
    throw new SightlineError('model-missing', `${what} model ${resolved.name}: cannot load (${(err as Error).message.split('\n')[0]})`);
  });
  const halfInputs = feedDeclaredTypes(model.sessions ?? {}, t.ortTensor());
  const loadMs = Math.round(performance.now() - started);
  log.info(`${what} model ${resolved.name} loaded on ${device} in ${loadMs} ms${skipped.length ? ` (not ${skipped.map((s) => `${s.device}: ${s.reason}`).join('; ')})` : ''}${halfInputs.length ? `; float16 inputs: ${halfInputs.join(', ')}` : ''}`);
  return { t, model, processor, device, name: resolved.name, skipped, halfInputs, loadMs };
}
