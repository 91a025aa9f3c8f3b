import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LIMITS } from '../../common/limits';
import { SightlineError } from '../../common/errors';
import type { DecodedImage } from '../../image/intake';
import type { ResolvedModel } from '../../models/resolve';
import { abortCriterion, tokenStreamer, type StreamTiming } from '../generation';
import { loadModel, type LoadedModel } from '../loadModel';
import { BoundedLru } from '../lru';
import { toRawImage } from '../rawImage';
import type { HfInputs, HfTensor } from '../runtime';
import type { ConversationTurn } from '../types';

/** Vision encodings kept for follow-up questions (a SmolVLM-256M 1080p encoding is ~2 MB of float32). */
const MAX_CACHED_ENCODINGS = LIMITS.maxStoredImages;
const MAX_CACHED_BYTES = 128 * 1024 * 1024;
const MAX_NEW_TOKENS = 160;

interface Encoding {
  readonly features: HfTensor;
  /** The processor's image outputs minus pixels: rows/cols decide the prompt's image-token layout. */
  readonly imageInputs: HfInputs;
}

export interface Answer {
  readonly text: string;
  readonly firstTokenAt: number | null;
  readonly encodeMs: number;
  readonly reusedEncoding: boolean;
}

/**
 * The chat template where the repository keeps it: `chat_template.jinja` (newer exports) or `chat_template.json`
 * (SmolVLM's hub repositories), neither of which Transformers.js 4.3 reads for an Idefics3 processor. Null when the
 * repository has neither, and the tokenizer's own (tokenizer_config.json) applies.
 */
async function repositoryChatTemplate(dir: string): Promise<string | null> {
  for (const [file, parse] of CHAT_TEMPLATE_FILES) {
    let text: string;
    try {
      text = await readFile(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    try {
      const template = parse(text);
      if (typeof template === 'string' && template.trim()) return template;
    } catch { /* fall through */ }
    throw new SightlineError('model-missing', `${path.join(dir, file)}: no chat template in it`);
  }
  return null;
}

const CHAT_TEMPLATE_FILES: ReadonlyArray<readonly [string, (text: string) => unknown]> = Object.freeze([
  ['chat_template.jinja', (text: string) => text],
  ['chat_template.json', (text: string) => (JSON.parse(text) as { chat_template?: unknown }).chat_template],
]);

const tensorBytes = (t: HfTensor) => t.dims.reduce((a, b) => a * b, 1) * (t.type === 'float16' ? 2 : 4);

/**
 * Questions about an image with an Idefics3-family model (SmolVLM). The image's vision encoding is cached per
 * imageId: a follow-up question runs only the language model, which is most of the point of asking again.
 */
export class SmolVlmAnswerer {
  private readonly encodings = new BoundedLru<string, Encoding>(MAX_CACHED_ENCODINGS, MAX_CACHED_BYTES, (e) => e.features.dispose?.());
  /** The imageId whose features the current generate() call may store or reuse. */
  private current: { key: string; encodeMs: number; features: HfTensor | null } | null = null;

  private constructor(readonly loaded: LoadedModel) {
    const model = loaded.model;
    const encode = model.encode_image.bind(model);
    // Transformers.js runs the vision encoder inside generate(); wrapping it is how a cached encoding is reused.
    model.encode_image = async (inputs: HfInputs) => {
      const current = this.current;
      const cached = current ? this.encodings.get(current.key) : undefined;
      if (cached) return cached.features;
      const started = performance.now();
      const features = await encode(inputs);
      if (current) {
        current.encodeMs = performance.now() - started;
        current.features = features;
      }
      return features;
    };
  }

  static async load(resolved: ResolvedModel): Promise<SmolVlmAnswerer> {
    const loaded = await loadModel(resolved, 'question-answering', (t) => t.AutoModelForVision2Seq.from_pretrained.bind(t.AutoModelForVision2Seq));
    const template = await repositoryChatTemplate(resolved.dir);
    // Passed explicitly: Transformers.js's Idefics3 processor reads a template only from tokenizer_config.json.
    if (template) loaded.processor.chat_template = template;
    return new SmolVlmAnswerer(loaded);
  }

  get name(): string {
    return this.loaded.name;
  }

  get device(): string {
    return this.loaded.device;
  }

  /** True when this image's encoding is cached, so the caller need not decode the image at all. */
  hasEncoding(imageId: string): boolean {
    return this.encodings.get(imageId) !== undefined;
  }

  private prompt(question: string, history: readonly ConversationTurn[]): string {
    const messages: unknown[] = [];
    const turns = history.slice(-LIMITS.maxConversationTurns);
    turns.forEach((turn, i) => {
      messages.push({ role: 'user', content: [...(i === 0 ? [{ type: 'image' }] : []), { type: 'text', text: turn.question }] });
      messages.push({ role: 'assistant', content: [{ type: 'text', text: ` ${turn.answer}` }] });
    });
    messages.push({ role: 'user', content: [...(turns.length === 0 ? [{ type: 'image' }] : []), { type: 'text', text: question }] });
    return this.loaded.processor.apply_chat_template(messages, { add_generation_prompt: true });
  }

  /**
   * Answers a question. `image` may be null only when `hasEncoding(imageId)` is true: the prompt is then built
   * from the cached layout and the vision encoder does not run.
   */
  async ask(imageId: string, image: DecodedImage | null, question: string, history: readonly ConversationTurn[], signal: AbortSignal, onText?: (text: string) => void): Promise<Answer> {
    const { t, model, processor } = this.loaded;
    const prompt = this.prompt(question, history);
    const cached = this.encodings.get(imageId);
    let inputs: HfInputs;
    if (cached) {
      // Same prompt expansion as a fresh image, from the cached layout, without touching pixels.
      const real = processor.components.image_processor;
      processor.components.image_processor = async () => cached.imageInputs;
      try {
        inputs = await processor(prompt, [[null]]);
      } finally {
        processor.components.image_processor = real;
      }
    } else {
      if (!image) throw new SightlineError('bad-input', `${imageId}: image no longer available; send the image again`);
      inputs = await processor(prompt, [toRawImage(t, image)]);
    }
    signal.throwIfAborted();

    const current = { key: imageId, encodeMs: 0, features: null as HfTensor | null };
    this.current = current;
    const timing: StreamTiming = { firstTokenAt: null };
    let ids: HfTensor;
    try {
      ids = await model.generate({
        ...inputs,
        max_new_tokens: MAX_NEW_TOKENS,
        stopping_criteria: [abortCriterion(t, signal)],
        streamer: tokenStreamer(t, processor.tokenizer, onText, timing),
      });
    } finally {
      this.current = null;
    }
    if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
    if (!cached && current.features) this.remember(imageId, inputs, current.features);
    const promptLength = (inputs.input_ids as HfTensor).dims.at(-1) ?? 0;
    const text = (processor.batch_decode(ids.slice(null, [promptLength, null]), { skip_special_tokens: true })[0] ?? '').trim();
    return { text, firstTokenAt: timing.firstTokenAt, encodeMs: current.encodeMs, reusedEncoding: !!cached };
  }

  /** Keeps the encoding generate() just computed, with a one-pixel stand-in for the pixels it no longer needs. */
  private remember(imageId: string, inputs: HfInputs, features: HfTensor): void {
    const { t } = this.loaded;
    const mask = inputs.pixel_attention_mask as HfTensor | undefined;
    const imageInputs: HfInputs = {
      pixel_values: new t.Tensor('float32', new Float32Array(1), [1, 1, 1, 1, 1]),
      ...(mask ? { pixel_attention_mask: new t.Tensor('bool', [true], [1, 1, 1, 1]) } : {}),
      rows: inputs.rows,
      cols: inputs.cols,
    };
    this.encodings.set(imageId, { features, imageInputs }, tensorBytes(features));
  }

  async dispose(): Promise<void> {
    this.encodings.clear();
    await this.loaded.model.dispose();
  }
}
