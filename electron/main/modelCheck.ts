/**
 * Background model check at start-up: warms the OCR session (so the first "read the screen" is quick) and
 * reports each model's state as `model-state` events, announcing what is missing and the command that fixes it.
 * Runs after the window is up; nothing here blocks the user or touches the network.
 */
import sharp from 'sharp';
import type { ModelState } from '../common/ipc';
import type { SightlineService } from '../core/app/sightlineService';
import { checkPack } from '../core/app/packCheck';
import { toSightlineError } from '../core/common/errors';
import type { InferenceHost } from '../core/host/inferenceHost';
import { ocrModelDir } from '../core/ocr/modelFiles';
import { checkPreparedOcrModels } from '../core/ocr/preparedModels';
import '../core/ocr/types';

export interface ModelCheckOptions {
  readonly service: SightlineService;
  readonly host: InferenceHost;
  readonly modelsRoot: string;
  /** The OCR models folder the host was given (the bundled one when packaged); else the default. */
  readonly ocrModels: string | undefined;
  readonly pack: string;
}

export function startModelCheck(options: ModelCheckOptions): void {
  void run(options).catch((err: unknown) => options.service.announce(`Model check failed: ${toSightlineError(err).message}`, true));
}

async function run({ service, host, modelsRoot, ocrModels, pack }: ModelCheckOptions): Promise<void> {
  const state = (s: ModelState) => service.emit('model-state', s, null);
  state({ pack, task: 'ocr', state: 'loading', detail: 'Loading text recognition' });
  try {
    const blank = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#ffffff' } }).png().toBuffer();
    await host.run('ocr', { image: { kind: 'bytes', bytes: new Uint8Array(blank), label: 'warm-up' } });
    const damaged = await checkPreparedOcrModels(ocrModels ?? ocrModelDir());
    if (damaged.length > 0) {
      state({ pack, task: 'ocr', state: 'corrupt', detail: damaged.join('; ') });
      service.announce(`Text recognition models are damaged (${damaged.join('; ')}). Reinstall Sightline to repair them.`, true);
    } else {
      state({ pack, task: 'ocr', state: 'loaded', detail: 'Text recognition ready' });
    }
  } catch (err) {
    const e = toSightlineError(err);
    state({ pack, task: 'ocr', state: e.kind === 'model-missing' ? 'missing' : 'error', detail: e.message });
    service.announce(`Text recognition is not available: ${e.message}`, true);
  }
  const report = await checkPack(modelsRoot, pack, (s) => state(s), process.env.SIGHTLINE_DEVICE ?? service.settings.device);
  if (report.problems.length > 0) service.announce(report.summary, true);
}
