import { prepareAudio } from '../audio/prepare';
import type { TaskHandler } from '../host/protocol';
import type { TranscribeRequest, TranscribeResult } from './types';
import { locateWhisper } from './whisperFiles';
import { loadWhisper, type WhisperSession } from './whisperSession';

/**
 * The `transcribe` host task. Audio is prepared (decoded, 16 kHz mono, silence trimmed) before the model is
 * touched, so bad input and silence are answered without loading Whisper; the session loads on the first
 * real speech and is reused.
 */
export function createTranscribeTask(): TaskHandler<TranscribeRequest, TranscribeResult> {
  let session: Promise<WhisperSession> | undefined;
  let modelName = '';
  const sessionFor = () => {
    // Located on first use, not at task creation: bad audio and silence are answered even with no model installed.
    session ??= Promise.resolve().then(() => {
      const files = locateWhisper();
      modelName = files.name;
      return loadWhisper(files);
    });
    session.catch(() => (session = undefined));
    return session;
  };
  return {
    async run(request, { signal }) {
      const started = performance.now();
      const audio = await prepareAudio(request.audio);
      let text = '';
      let transcribeMs = 0;
      if (audio.hasSpeech) {
        const t0 = performance.now();
        text = await (await sessionFor()).transcribe(audio.samples, signal);
        transcribeMs = performance.now() - t0;
      }
      return {
        text,
        durationMs: audio.durationMs,
        noSpeech: text.length === 0,
        model: modelName,
        timings: {
          decodeMs: round(audio.decodeMs),
          prepareMs: round(audio.prepareMs),
          transcribeMs: round(transcribeMs),
          totalMs: round(performance.now() - started),
        },
      };
    },
    async dispose() {
      const pending = session;
      session = undefined;
      if (pending) await (await pending).dispose();
    },
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
