import { SightlineError } from '../common/errors';
import type { ResolvedModel } from '../models/resolve';
import { abortCriterion } from '../vision/generation';
import { loadModel, type LoadedModel } from '../vision/loadModel';
import type { HfTensor } from '../vision/runtime';

/** A loaded Whisper: feature extractor, model and tokenizer, reused for every request. */
export interface WhisperSession {
  /** The device the sessions run on (after any fallback) and the load report, for `sightline doctor`. */
  readonly loaded: LoadedModel;
  transcribe(samples16k: Float32Array, signal: AbortSignal): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * Loads Whisper through the process's one Transformers.js instance (vision/runtime.ts) with the loader every model
 * uses: the device preference ($SIGHTLINE_DEVICE / Settings), the manifest's dtype and file set for that device
 * class, fallback to the CPU with its reason. Nothing is ever fetched at run time. The model and processor are used
 * directly (rather than the ASR pipeline) so generation can be cancelled between tokens.
 */
export async function loadWhisper(resolved: ResolvedModel): Promise<WhisperSession> {
  const loaded = await loadModel(resolved, 'speech (whisper)', (t) => t.WhisperForConditionalGeneration.from_pretrained.bind(t.WhisperForConditionalGeneration));
  const { t, model, processor } = loaded;
  return {
    loaded,
    async transcribe(samples16k, signal) {
      const inputs = await processor(samples16k);
      if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
      const output = await model.generate({ ...inputs, stopping_criteria: [abortCriterion(t, signal)] });
      if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
      const [text] = processor.batch_decode(output as HfTensor, { skip_special_tokens: true });
      return (text ?? '').trim();
    },
    async dispose() {
      await model.dispose();
    },
  };
}
