/**
 * What the application service needs from the world, as narrow interfaces, so Electron main, the browser
 * harness and the tests each plug in their own (desktopCapturer, "not available in the harness", real files).
 */
import type { CaptureTarget, DownloadProgress, EncodedImage, ModelState } from '../../common/ipc';
import type { SpeechService } from '../speech/types';

/** An encoded screenshot (PNG) and what to call it when speaking about it ("screen", "active window"). */
export interface CapturedImage {
  readonly bytes: Uint8Array;
  readonly label: string;
}

export interface CaptureProvider {
  /** Throws SightlineError('bad-input' | 'internal', …) with a message the user can hear when capture is impossible. */
  capture(target: CaptureTarget, signal: AbortSignal): Promise<CapturedImage>;
}

/** The speech service's parts the app uses (see electron/core/speech/types.ts). */
export type SpeechPort = Pick<SpeechService, 'speak' | 'stop' | 'onState' | 'voices' | 'configure' | 'checkVoice'>;

/** Model packs: state of installed models and downloading a pack (issue 3's `models` commands, as a library). */
export interface ModelsPort {
  /** `device` (the Settings value) picks which file set is checked. */
  status(pack: string, device?: string): Promise<readonly ModelState[]>;
  /** `device` (the Settings value) picks the file set: a GPU preference installs the GPU graphs. */
  fetch(pack: string, options: { signal: AbortSignal; onProgress: (progress: DownloadProgress) => void; device?: string }): Promise<void>;
}

export type OpenImageDialog = () => Promise<EncodedImage | null>;
