/**
 * The models port over the model-pack library: status = the start-up pack check (present and hashes match),
 * fetch = `sightline models fetch` as a library call. Downloading is the only network use in the app, and only
 * when the user asks for it; everything else refuses the network.
 */
import { SightlineError, isErrorKind } from '../common/errors';
import { deviceSetFor } from '../models/device';
import { fetchPack } from '../models/fetchPack';
import { checkPack } from './packCheck';
import type { ModelsPort } from './ports';

export function createModelsPort(root: string): ModelsPort {
  return Object.freeze({
    async status(pack: string, device?: string) {
      const report = await checkPack(root, pack, undefined, device);
      if (report.states.length === 0 && report.problems.length > 0) throw new SightlineError('model-missing', report.problems[0]!);
      return report.states;
    },
    async fetch(pack: string, options: Parameters<ModelsPort['fetch']>[1]) {
      const report = await fetchPack(pack, { root, signal: options.signal, onProgress: options.onProgress, device: deviceSetFor(options.device) });
      const failed = report.files.find((f) => f.outcome === 'failed');
      if (failed) {
        const kind = failed.error && isErrorKind(failed.error.kind) ? failed.error.kind : 'network';
        throw new SightlineError(kind, `${failed.model}/${failed.path}: ${failed.error?.message ?? 'download failed'}`);
      }
    },
  });
}
