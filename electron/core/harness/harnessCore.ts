import { randomUUID } from 'node:crypto';
import type { EventChannel } from '../../common/ipc';
import { createModelsPort } from '../app/modelsPort';
import { SightlineService } from '../app/sightlineService';
import { InferenceHost } from '../host/inferenceHost';
import { modelsRoot } from '../models/paths';
import { harnessCapture, imageFileCapture } from './harnessCapture';
import type { BridgeBackend } from './harnessServer';
import { createHarnessSpeech, type HarnessSpeechMode } from './harnessSpeech';

export interface HarnessCoreOptions {
  /** Settings and history live here. */
  readonly userDataDir: string;
  /** The model pack (SIGHTLINE_PACK), passed to the inference host like the CLI does. */
  readonly pack?: string;
  readonly speech: HarnessSpeechMode;
  /** A browser tab cannot see the user's screen reader: whether to act as if one were running (default: no). */
  readonly screenReaderRunning?: boolean;
  /** An image file that stands in for the screen (describe-screen, read-screen); absent: capture is refused. */
  readonly screenImage?: string;
}

export interface HarnessCore {
  readonly backend: BridgeBackend;
  readonly service: SightlineService;
  dispose(): Promise<void>;
}

/**
 * The real core behind the harness: the same SightlineService Electron's main uses (validation, history,
 * settings, cancellation), with the inference host, speech, and a capture provider fit for a browser tab.
 */
export async function createHarnessCore(options: HarnessCoreOptions): Promise<HarnessCore> {
  const host = new InferenceHost({ env: options.pack ? { SIGHTLINE_PACK: options.pack } : {} });
  let service: SightlineService | undefined;
  const speech = createHarnessSpeech(options.speech, (text, assertive) => service?.relaySpeech(text, assertive));
  service = await SightlineService.create({
    host,
    speech,
    capture: options.screenImage ? imageFileCapture(options.screenImage) : harnessCapture,
    userDataDir: options.userDataDir,
    // The same models root as the CLI ($SIGHTLINE_MODELS or the repository's models/), for status and downloads.
    models: createModelsPort(modelsRoot()),
    modelsRoot: modelsRoot(),
  });
  const core = service;
  if (options.pack && core.settings.pack !== options.pack) await core.handle('set-settings', { patch: { pack: options.pack } }, 'harness');
  for (const problem of core.startupProblems) core.announce(problem, true);
  core.setScreenReaderRunning(options.screenReaderRunning ?? false);
  // As in the desktop app, the host's sessions belong to the pack it started with.
  core.onSettingsChange((next, previous) => {
    if (next.pack !== previous.pack) core.announce(`The model pack "${next.pack}" will be used after the harness restarts.`, false);
  });

  const backend: BridgeBackend = {
    connect(send) {
      const sender = `page-${randomUUID()}`;
      const unsubscribe = core.onEvent((event) => {
        if (event.target === null || event.target === sender) send(event.channel as EventChannel, event.payload);
      });
      return {
        invoke: (channel, request) => core.handle(channel, request, sender),
        close() {
          unsubscribe();
          core.releaseSender(sender);
        },
      };
    },
  };

  return {
    backend,
    service: core,
    async dispose() {
      core.dispose();
      await speech.dispose();
      await host.dispose();
    },
  };
}
