/**
 * Transformers.js, configured so that it can never reach the network: models load only from local directories
 * (installed by `sightline models fetch`), and nothing is written to its download cache.
 * Loaded lazily: a host that only reads text never pays for it.
 *
 * The library's own typings are broad unions; the narrow shapes below are the parts Sightline relies on, so a
 * Transformers.js upgrade that changes them fails here, in one place.
 */

export interface HfTensor {
  readonly dims: number[];
  readonly data: ArrayLike<unknown>;
  readonly type: string;
  slice(...ranges: Array<null | number | [number, number | null]>): HfTensor;
  dispose?(): void;
}

export type HfInputs = Record<string, unknown>;

export interface HfTokenizer {
  readonly all_special_ids: number[];
}

export interface HfProcessor {
  (...args: unknown[]): Promise<HfInputs>;
  readonly tokenizer: HfTokenizer;
  readonly components: Record<string, unknown>;
  /** A template passed to every apply_chat_template call (Processor's own field in Transformers.js). */
  chat_template: string | null;
  batch_decode(ids: HfTensor, options?: { skip_special_tokens?: boolean }): string[];
  apply_chat_template(messages: unknown[], options?: { add_generation_prompt?: boolean }): string;
  post_process_generation?(text: string, task: string, size: [number, number]): Record<string, unknown>;
}

export interface HfModel {
  /** ONNX Runtime sessions by name (vision_encoder, decoder_model_merged…). */
  readonly sessions?: Record<string, unknown>;
  generate(options: Record<string, unknown>): Promise<HfTensor>;
  dispose(): Promise<unknown>;
  encode_image(inputs: HfInputs): Promise<HfTensor>;
}

export interface HfLoadOptions {
  readonly device: string;
  readonly dtype: string | Readonly<Record<string, string>>;
  readonly local_files_only: true;
  readonly session_options?: Record<string, unknown>;
}

interface HfModelClass {
  from_pretrained(dir: string, options: HfLoadOptions): Promise<HfModel>;
}

export interface Hf {
  readonly env: { allowRemoteModels: boolean; allowLocalModels: boolean; useFSCache: boolean; useBrowserCache: boolean; logLevel: number };
  readonly Florence2ForConditionalGeneration: HfModelClass;
  readonly AutoModelForVision2Seq: HfModelClass;
  readonly WhisperForConditionalGeneration: HfModelClass;
  readonly AutoProcessor: { from_pretrained(dir: string, options: { local_files_only: true }): Promise<HfProcessor> };
  readonly RawImage: new (data: Uint8ClampedArray, width: number, height: number, channels: 3) => { readonly size: [number, number] };
  readonly Tensor: new (type: string, data: unknown, dims: number[]) => HfTensor;
  readonly TextStreamer: new (tokenizer: HfTokenizer, options: Record<string, unknown>) => object;
  readonly StoppingCriteria: new () => { _call(inputIds: unknown[][]): boolean[] };
  /** ONNX Runtime's own Tensor class (the one Transformers.js feeds to sessions). */
  ortTensor(): new (type: string, data: unknown, dims: readonly number[]) => { readonly type: string; readonly dims: readonly number[]; readonly data: unknown };
}

let loaded: Hf | null = null;

/**
 * The one Transformers.js instance of this process. Every model (captions, questions, speech) loads through it,
 * always by require() of the package's CommonJS build: a second import() would load its ESM build, a second copy
 * with its own env, caches and ONNX Runtime bindings.
 */
export function transformers(): Hf {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const lib = require('@huggingface/transformers') as Omit<Hf, 'ortTensor'>;
    lib.env.allowRemoteModels = false;
    lib.env.allowLocalModels = true;
    lib.env.useFSCache = false;
    lib.env.useBrowserCache = false;
    lib.env.logLevel = 40; // errors only: its warnings about unused initializers would flood stderr
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    loaded = Object.assign(Object.create(lib) as Hf, { ortTensor: () => (require('onnxruntime-node') as { Tensor: ReturnType<Hf['ortTensor']> }).Tensor });
  }
  return loaded;
}
