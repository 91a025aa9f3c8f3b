import path from 'node:path';
import { SightlineError } from '../common/errors';
import { createLogger } from '../common/logger';
import type { WhisperFiles } from './whisperFiles';

const log = createLogger('whisper');

/** A loaded Whisper: feature extractor, model and tokenizer, reused for every request. */
export interface WhisperSession {
  transcribe(samples16k: Float32Array, signal: AbortSignal): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * Loads Whisper through Transformers.js with remote loading disabled: nothing is ever fetched at run time.
 * The model, processor and tokenizer are used directly (rather than the ASR pipeline) so generation can be
 * cancelled between tokens through the request's signal.
 */
export async function loadWhisper(files: WhisperFiles): Promise<WhisperSession> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.localModelPath = path.dirname(files.dir) + path.sep;
  const id = path.basename(files.dir);
  let processor: Awaited<ReturnType<typeof tf.AutoProcessor.from_pretrained>>;
  let tokenizer: Awaited<ReturnType<typeof tf.AutoTokenizer.from_pretrained>>;
  let model: Awaited<ReturnType<typeof tf.WhisperForConditionalGeneration.from_pretrained>>;
  try {
    processor = await tf.AutoProcessor.from_pretrained(id, { local_files_only: true });
    tokenizer = await tf.AutoTokenizer.from_pretrained(id, { local_files_only: true });
    model = await tf.WhisperForConditionalGeneration.from_pretrained(id, { local_files_only: true, dtype: files.dtype, device: 'cpu' });
  } catch (err) {
    throw new SightlineError('model-missing', `speech model (whisper) in ${files.dir} could not be loaded: ${(err as Error).message.split('\n')[0]}`);
  }
  log.info(`loaded ${files.name} (${files.dtype})`);

  class AbortCriteria extends tf.StoppingCriteria {
    constructor(private readonly signal: AbortSignal) {
      super();
    }
    override _call(inputIds: number[][]): boolean[] {
      return inputIds.map(() => this.signal.aborted);
    }
  }

  return {
    async transcribe(samples16k, signal) {
      const inputs = await processor(samples16k);
      if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
      const stopping = new tf.StoppingCriteriaList();
      stopping.push(new AbortCriteria(signal));
      const output = (await model.generate({ ...inputs, stopping_criteria: stopping })) as InstanceType<typeof tf.Tensor>;
      if (signal.aborted) throw new SightlineError('cancelled', 'cancelled');
      const [text] = tokenizer.batch_decode(output, { skip_special_tokens: true });
      return (text ?? '').trim();
    },
    async dispose() {
      await model.dispose();
    },
  };
}
