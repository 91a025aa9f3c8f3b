import { SightlineError } from '../common/errors';
import type { TaskHandler } from '../host/protocol';
import { decodeImage } from '../image/intake';
import { getOcrEngine, type OcrEngine } from '../ocr/ocrEngine';
import { composeDescription, isMostlyText } from './compose';
import { imageIdFor, rememberImage } from './imageStore';
import { captioner, disposeVisionSessions } from './sessions';
import type { DescribeRequest, DescribeResult, TokenEvent } from './types';
import type { OcrTextEvent } from '../ocr/types';
import { OCR_MODEL_NAME } from './ocrName';

const DETAILS = new Set(['brief', 'normal', 'full']);

const ms = (from: number, to: number = performance.now()) => Math.round(to - from);

/**
 * The host's `describe` task: decode once, read the text (OCR), and unless the image is mostly text, caption it
 * with the pack's captioner, streaming its words. The same pixels go to both models.
 */
export function createDescribeTask(): TaskHandler<DescribeRequest, DescribeResult, TokenEvent | OcrTextEvent> {
  let ocr: OcrEngine | null = null;
  return {
    async run(request, { signal, emit }) {
      if (!request || typeof request !== 'object' || !request.image) throw new SightlineError('usage', 'describe: no image given');
      const detail = request.detail ?? 'normal';
      if (!DETAILS.has(detail)) throw new SightlineError('usage', `describe: unknown detail level "${String(detail)}" (brief, normal or full)`);
      if (request.imageId !== undefined && (typeof request.imageId !== 'string' || !request.imageId)) throw new SightlineError('usage', 'describe: imageId must be a non-empty string');
      const started = performance.now();
      const image = await decodeImage(request.image);
      const decodeMs = ms(started);
      const imageId = request.imageId ?? (await imageIdFor(request.image));
      rememberImage(imageId, request.image);
      signal.throwIfAborted();

      const ocrStarted = performance.now();
      ocr = await getOcrEngine();
      // The screen's text streams in reading order while it is read (a caller can speak the first line early).
      const read = await ocr.recognize(image, signal, { languages: request.languages, onText: emit });
      const ocrMs = ms(ocrStarted);
      signal.throwIfAborted();

      const warnings: string[] = [];
      let caption: string | null = null;
      let captionModel: string | null = null;
      let device = 'cpu';
      let captionMs = 0;
      let firstTokenMs = 0;
      const mostlyText = isMostlyText(read.lines, image.width, image.height, image);
      const cap = await captioner();
      if (cap.session) {
        captionModel = cap.session.name;
        device = cap.session.device;
        if (!mostlyText) {
          const captionStarted = performance.now();
          const result = await cap.session.caption(image, detail, signal, (text) => emit({ kind: 'token', text }));
          caption = result.text;
          captionMs = ms(captionStarted);
          firstTokenMs = result.firstTokenAt === null ? 0 : ms(started, result.firstTokenAt);
        }
      } else {
        warnings.push(`no caption: ${cap.reason}`);
      }

      const composed = composeDescription({ width: image.width, height: image.height, caption, lines: read.lines, detail, pixels: image });
      return {
        imageId,
        file: image.source,
        source: image.source,
        width: image.width,
        height: image.height,
        caption,
        text: read.text,
        lines: read.lines,
        blocks: read.blocks,
        panes: read.panes,
        description: composed.description,
        mostlyText: composed.mostlyText,
        models: { caption: captionModel, ocr: OCR_MODEL_NAME },
        device,
        warnings,
        timings: { decodeMs, ocrMs, captionMs, firstTokenMs, totalMs: ms(started) },
      };
    },
    async dispose() {
      await disposeVisionSessions();
      await ocr?.dispose().catch(() => undefined);
      ocr = null;
    },
  };
}
