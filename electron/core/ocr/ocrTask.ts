import { decodeImage } from '../image/intake';
import type { TaskHandler } from '../host/protocol';
import { disposeOcrSessions, getOcrEngine } from './ocrEngine';
import type { OcrRequest, OcrResult } from './types';

/** The host's `ocr` task: decode (timed), then the shared engine; cancellation is honoured between stages. */
export function createOcrTask(): TaskHandler<OcrRequest, OcrResult> {
  return {
    async run(request, { signal }) {
      const started = performance.now();
      const image = await decodeImage(request.image);
      const decodeMs = Math.round(performance.now() - started);
      signal.throwIfAborted();
      const engine = await getOcrEngine();
      const { lines, blocks, panes, text, timings } = await engine.recognize(image, signal, { languages: request.languages });
      return {
        width: image.width,
        height: image.height,
        lines,
        blocks,
        panes,
        text,
        timings: { decodeMs, ...timings, totalMs: Math.round(performance.now() - started) },
      };
    },
    dispose: disposeOcrSessions,
  };
}
