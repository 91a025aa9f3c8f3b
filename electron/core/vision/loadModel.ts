import path from 'node:path';
import { SightlineError } from '../common/errors';
import { createLogger } from '../common/logger';
import { deviceClass, loadWithFallback } from '../models/device';
import { requireInstalled, type ResolvedModel } from '../models/resolve';
import type { DeviceName } from './types';
import { transformers, type Hf, type HfLoadOptions, type HfModel, type HfProcessor } from './runtime';

const log = createLogger('vision');

export interface LoadedModel {
  readonly t: Hf;
  readonly model: HfModel;
  readonly processor: HfProcessor;
  readonly device: DeviceName;
  readonly name: string;
}

/**
 * Loads a pack's model for one task: files checked first (a clear "not installed" instead of a stack trace),
 * then the processor, then the ONNX sessions on the first device that works, with the dtype the manifest
 * chose for that device class.
 */
export async function loadModel(resolved: ResolvedModel, what: string, pick: (t: Hf) => (dir: string, options: HfLoadOptions) => Promise<HfModel>): Promise<LoadedModel> {
  requireInstalled(resolved, what);
  const t = transformers(path.dirname(resolved.dir));
  const started = performance.now();
  let processor: HfProcessor;
  try {
    processor = await t.AutoProcessor.from_pretrained(resolved.dir, { local_files_only: true });
  } catch (err) {
    throw new SightlineError('model-missing', `${what} model ${resolved.name}: cannot load its processor (${(err as Error).message.split('\n')[0]})`);
  }
  const load = pick(t);
  const { value: model, device } = await loadWithFallback(`${what} model ${resolved.name}`, (device) =>
    load(resolved.dir, {
      device,
      dtype: resolved.dtypeFor(deviceClass(device)),
      local_files_only: true,
      // A GPU provider that cannot load is expected on many machines; its failure is logged once, by us.
      ...(device === 'cpu' ? {} : { session_options: { logSeverityLevel: 4 } }),
    }),
  ).catch((err: unknown) => {
    throw new SightlineError('model-missing', `${what} model ${resolved.name}: cannot load (${(err as Error).message.split('\n')[0]})`);
  });
  log.info(`${what} model ${resolved.name} loaded on ${device} in ${Math.round(performance.now() - started)} ms`);
  return { t, model, processor, device, name: resolved.name };
}
