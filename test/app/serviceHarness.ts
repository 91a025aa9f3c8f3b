/**
 * Builds the real application service for tests: the real InferenceHost (worker thread, real OCR models),
 * real settings/history files in a temp folder, and the announce-only speech port (real code: it forwards text
 * to the live regions, which here are the recorded `announce` events). Capture comes from a provider that
 * returns a real PNG, since there is no screen to grab under Node.
 */
import { InferenceHost, type InferenceHostOptions } from '../../electron/core/host/inferenceHost';
import { SightlineService, type ServiceEvent } from '../../electron/core/app/sightlineService';
import { createAnnounceOnlySpeech } from '../../electron/core/app/announceOnlySpeech';
import type { CaptureProvider } from '../../electron/core/app/ports';
import { SightlineError } from '../../electron/core/common/errors';

export interface TestApp {
  readonly service: SightlineService;
  readonly host: InferenceHost;
  readonly events: ServiceEvent[];
  close(): Promise<void>;
}

/** A capture provider showing a fixed PNG; with `holdUntilAborted`, it waits (like a slow capture) until cancelled. */
export function pngCapture(png: Uint8Array, options: { holdUntilAborted?: boolean } = {}): CaptureProvider {
  return {
    capture: (target, signal) =>
      new Promise((resolve, reject) => {
        if (!options.holdUntilAborted) return resolve({ bytes: png, label: target === 'screen' ? 'screen' : 'active window' });
        signal.addEventListener('abort', () => reject(new SightlineError('cancelled', 'cancelled')), { once: true });
      }),
  };
}

export async function startTestApp(userDataDir: string, capture: CaptureProvider, hostOptions: InferenceHostOptions = {}): Promise<TestApp> {
  const host = new InferenceHost(hostOptions);
  const events: ServiceEvent[] = [];
  let service: SightlineService | undefined;
  const speech = createAnnounceOnlySpeech((message, assertive) => service?.announce(message, assertive));
  service = await SightlineService.create({ host, speech, capture, userDataDir });
  service.onEvent((e) => events.push(e));
  const live = service;
  return {
    service: live,
    host,
    events,
    async close() {
      live.dispose();
      await host.dispose();
    },
  };
}
