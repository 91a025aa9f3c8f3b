import type { DoctorView } from '../../common/ipc';
import type { InferenceHost } from '../host/inferenceHost';
import '../host/smokeTypes';
import { deviceSetFor } from '../models/device';
import { activePack } from '../models/paths';
import { verifyPack } from '../models/verify';

export interface DoctorOptions {
  readonly host: InferenceHost;
  readonly root: string;
  readonly pack?: string;
  /** Device preference: $SIGHTLINE_DEVICE or the Settings value. */
  readonly preference?: string;
  readonly signal?: AbortSignal;
}

/**
 * `sightline doctor` and the Settings view's check: the pack's files against their pins (the file set the device
 * preference needs), then a load-and-run smoke of every task in the inference host — skipped when files are
 * missing, since the smoke would only repeat "not installed".
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorView> {
  const pack = activePack(options.pack);
  const preference = options.preference ?? process.env.SIGHTLINE_DEVICE ?? 'auto';
  const fileSet = deviceSetFor(preference);
  const check = await verifyPack(pack, { root: options.root, device: fileSet });
  const files = check.files.map((f) => ({ model: f.model, path: f.path, state: f.state, reason: f.reason }));
  const tasks = check.ok ? await options.host.run('smoke', {}, { signal: options.signal }) : [];
  return { pack, root: check.root, preference, fileSet, files, tasks, ok: check.ok && tasks.every((t) => t.ok) };
}
