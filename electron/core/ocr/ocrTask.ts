import { decodeImage } from '../image/intake';
import type { TaskHandler } from '../host/protocol';
import { disposeOcrSessions, getOcrEngine } from './ocrEngine';
import type { OcrRequest, OcrResult, OcrTextEvent } from './types';

const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return Math.round((used.user + used.system) / 1000);
};

/** The host's `ocr` task: decode (timed), then the shared engine; cancellation is honoured between stages. */
export function createOcrTask(): TaskHandler<OcrRequest, OcrResult, OcrTextEvent> {
  return {
    async run(request, { signal, emit }) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const image = await decodeImage(request.image);
      const decodeMs = Math.round(performance.now() - started);
      signal.throwIfAborted();
      const engine = await getOcrEngine();
      const reading = performance.now();
      // Lines and blocks stream out in reading order as they are recognized (speech can start on the first).
      const { lines, blocks, panes, text, timings } = await engine.recognize(image, signal, { languages: request.languages, onText: emit });
      return {
        width: image.width,
        height: image.height,
        lines,
        blocks,
        panes,
        text,
        timings: { decodeMs, ...timings, firstLineMs: Math.round(reading - started) + timings.firstLineMs, totalMs: Math.round(performance.now() - started), cpuMs: cpuMsSince(cpu) },
      };
    },
    dispose: disposeOcrSessions,
  };
}
