import { SightlineError } from '../../common/errors';
import type { DecodedImage } from '../../image/intake';
import type { ResolvedModel } from '../../models/resolve';
import { abortCriterion, tokenStreamer, type StreamTiming } from '../generation';
import { loadModel, type LoadedModel } from '../loadModel';
import { toRawImage } from '../rawImage';
import type { Detail } from '../types';

/**
 * Florence-2 captions through its task prompts: one prompt per detail level, and a token budget to match.
 * (Florence-2 is a captioner, not a chat model: these three prompts are what it was trained on.)
 */
const TASKS: Readonly<Record<Detail, { readonly prompt: string; readonly maxNewTokens: number }>> = Object.freeze({
  brief: { prompt: '<CAPTION>', maxNewTokens: 40 },
  normal: { prompt: '<DETAILED_CAPTION>', maxNewTokens: 96 },
  full: { prompt: '<MORE_DETAILED_CAPTION>', maxNewTokens: 192 },
});

export interface Caption {
  readonly text: string;
  readonly firstTokenAt: number | null;
}

export class Florence2Captioner {
  private constructor(readonly loaded: LoadedModel) {}

  static async load(resolved: ResolvedModel): Promise<Florence2Captioner> {
    return new Florence2Captioner(await loadModel(resolved, 'caption', (t) => t.Florence2ForConditionalGeneration.from_pretrained.bind(t.Florence2ForConditionalGeneration)));
  }

  get name(): string {
    return this.loaded.name;
  }

  get device(): string {
    return this.loaded.device;
  }

  async caption(image: DecodedImage, detail: Detail, signal: AbortSignal, onText?: (text: string) => void): Promise<Caption> {
    const { t, model, processor } = this.loaded;
    const task = TASKS[detail];
    const raw = toRawImage(t, image);
    const inputs = await processor(raw, task.prompt);
    signal.throwIfAborted();
    const timing: StreamTiming = { firstTokenAt: null };
    const ids = await model.generate({
      ...inputs,
      max_new_tokens: task.maxNewTokens,
      stopping_criteria: [abortCriterion(t, signal)],
      streamer: tokenStreamer(t, processor.tokenizer, onText, timing),
    });
    if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
    const decoded = processor.batch_decode(ids, { skip_special_tokens: false })[0] ?? '';
    const post = processor.post_process_generation?.(decoded, task.prompt, raw.size)?.[task.prompt];
    const text = (typeof post === 'string' ? post : decoded.replace(/<\/?s>|<pad>/g, '')).trim();
    return { text, firstTokenAt: timing.firstTokenAt };
  }

  async dispose(): Promise<void> {
    await this.loaded.model.dispose();
  }
}
