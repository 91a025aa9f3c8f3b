/**
 * One schema per IPC channel. Everything that arrives from a renderer (Electron's ipcMain or the harness's
 * WebSocket) is untrusted: it is checked here, field by field, before the service touches it. Failures are
 * one line naming the channel and the field, e.g. `ask: question is longer than 500 characters`.
 * Hand-written checkers in a frozen table; no schema library, so the rules read in one place.
 */
import { SightlineError, type ErrorKind } from '../common/errors';
import { LIMITS } from '../common/limits';
import { printable } from '../common/printable';
import {
  DEFAULT_SHORTCUTS,
  type InvokeChannel,
  type InvokeRequest,
  type Settings,
  type ShortcutAction,
} from '../../common/ipc';
import { acceleratorProblem } from './accelerator';
import { CONVERSATION_ID_PATTERN } from './conversationStore';
import { MAX_READING_LANGUAGES, READING_LANGUAGE_CODES, READING_LANGUAGES } from '../../common/languages';

/** A field that failed its check; turned into a SightlineError naming the channel by `validateRequest`. */
export class FieldProblem extends Error {
  constructor(readonly field: string, readonly reason: string, readonly kind: ErrorKind = 'usage') {
    super(`${field} ${reason}`);
    this.name = 'FieldProblem';
  }
}

/** Checks `value` found at `field` and returns it typed, or throws a FieldProblem. */
export type Check<T> = (value: unknown, field: string) => T;

const describeValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

export function text(options: { min?: number; max: number; pattern?: RegExp; patternHint?: string; limitKind?: ErrorKind }): Check<string> {
  const min = options.min ?? 0;
  return (value, field) => {
    if (typeof value !== 'string') throw new FieldProblem(field, `must be a string, got ${describeValue(value)}`);
    if (value.length < min) throw new FieldProblem(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    if (value.length > options.max) throw new FieldProblem(field, `is longer than ${options.max} characters`, options.limitKind ?? 'usage');
    if (options.pattern && !options.pattern.test(value)) throw new FieldProblem(field, options.patternHint ?? 'has characters that are not allowed');
    return value;
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (value, field) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new FieldProblem(field, `must be one of ${values.map((v) => `"${v}"`).join(', ')}`);
    }
    return value as T;
  };
}

export const bool: Check<boolean> = (value, field) => {
  if (typeof value !== 'boolean') throw new FieldProblem(field, `must be true or false, got ${describeValue(value)}`);
  return value;
};

export function integer(min: number, max: number): Check<number> {
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new FieldProblem(field, `must be a whole number, got ${describeValue(value)}`);
    if (value < min || value > max) throw new FieldProblem(field, `must be between ${min} and ${max}`);
    return value;
  };
}

/** Encoded bytes (a Buffer is a Uint8Array too), non-empty and bounded. */
export function bytes(maxBytes: number): Check<Uint8Array> {
  return (value, field) => {
    if (!(value instanceof Uint8Array)) throw new FieldProblem(field, `must be a Uint8Array, got ${describeValue(value)}`);
    if (value.byteLength === 0) throw new FieldProblem(field, 'is empty (0 bytes)', 'bad-input');
    if (value.byteLength > maxBytes) throw new FieldProblem(field, `is ${value.byteLength} bytes, over the ${maxBytes}-byte limit`, 'bad-input');
    return value;
  };
}

/** Mono PCM samples, bounded in length, every sample a finite number (NaN would poison the model silently). */
export function pcm(maxSamples: number, sampleRate: number): Check<Float32Array> {
  return (value, field) => {
    if (!(value instanceof Float32Array)) throw new FieldProblem(field, `must be a Float32Array, got ${describeValue(value)}`);
    if (value.length > maxSamples) {
      throw new FieldProblem(field, `holds ${(value.length / sampleRate).toFixed(1)} s of audio, over the ${maxSamples / sampleRate}-second limit`, 'bad-input');
    }
    for (let i = 0; i < value.length; i++) {
      if (!Number.isFinite(value[i])) throw new FieldProblem(field, `has a non-finite sample at index ${i}`);
    }
    return value;
  };
}

type Shape = Readonly<Record<string, Check<unknown>>>;
type Built<S extends Shape> = { -readonly [K in keyof S]: S[K] extends Check<infer T> ? T : never };

const join = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

function checkKeys(value: Record<string, unknown>, shape: Shape, field: string): void {
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new FieldProblem(join(field, key), 'is not a known field');
  }
}

/** A plain object with exactly these fields (unknown fields are refused, so typos never pass silently). */
export function object<S extends Shape>(shape: S): Check<Built<S>> {
  return (value, field) => {
    if (!isPlainObject(value)) throw new FieldProblem(field || 'request', `must be an object, got ${describeValue(value)}`);
    checkKeys(value, shape, field);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) throw new FieldProblem(join(field, key), 'is missing');
      out[key] = shape[key]!(value[key], join(field, key));
    }
    return out as Built<S>;
  };
}

/** A plain object with any subset of these fields. */
export function partial<S extends Shape>(shape: S): Check<Partial<Built<S>>> {
  return (value, field) => {
    if (!isPlainObject(value)) throw new FieldProblem(field || 'request', `must be an object, got ${describeValue(value)}`);
    checkKeys(value, shape, field);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = shape[key]!(value[key], join(field, key));
    return out as Partial<Built<S>>;
  };
}

/**
 * `base` plus optional fields: each present one is checked and kept, an absent one stays absent (a compatible
 * extension of a channel's request).
 */
export function withOptional<T, O extends Shape>(base: Check<T>, optional: O): Check<T & Partial<Built<O>>> {
  return (value, field) => {
    if (!isPlainObject(value)) return base(value, field) as T & Partial<Built<O>>;
    const rest: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (Object.prototype.hasOwnProperty.call(optional, key)) extra[key] = optional[key]!(v, join(field, key));
      else rest[key] = v;
    }
    return { ...(base(rest, field) as object), ...extra } as T & Partial<Built<O>>;
  };
}

/** `{}`; an absent payload counts as empty so `invoke('get-settings')` works from any caller. */
const empty: Check<Record<string, never>> = (value, field) => {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw new FieldProblem(field || 'request', `must be an empty object, got ${describeValue(value)}`);
  checkKeys(value, {}, field);
  return {};
};

/** Renderer-chosen ids: short, printable, safe to log and to use as a map key. */
export const requestId = text({ min: 1, max: 100, pattern: /^[A-Za-z0-9._:-]+$/, patternHint: 'may hold only letters, digits, ".", "_", ":" and "-"' });
const imageId = text({ min: 1, max: 100, pattern: /^[A-Za-z0-9._:-]+$/, patternHint: 'may hold only letters, digits, ".", "_", ":" and "-"' });
const detail = oneOf(['brief', 'normal', 'full'] as const);
// Control characters in a file name would garble logs and spoken messages; names are labels, never paths.
const imageName = text({ min: 1, max: 255, pattern: /^[^\u0000-\u001f\u007f]+$/, patternHint: 'has control characters' });
const encodedImage = object({ name: imageName, bytes: bytes(LIMITS.maxImageBytes) });

const accelerator: Check<string> = (value, field) => {
  const s = text({ max: 64 })(value, field);
  const problem = acceleratorProblem(s);
  if (problem) throw new FieldProblem(field, problem);
  return s;
};

const SHORTCUT_SHAPE: Readonly<Record<ShortcutAction, Check<string>>> = Object.freeze(
  Object.fromEntries(Object.keys(DEFAULT_SHORTCUTS).map((action) => [action, accelerator])) as Record<ShortcutAction, Check<string>>,
);

const isReadingLanguage = (value: unknown): value is string => typeof value === 'string' && Object.prototype.hasOwnProperty.call(READING_LANGUAGES, value);
const languageHint = `must be one of ${READING_LANGUAGE_CODES.map((c) => `"${c}"`).join(', ')}`;

const readingLanguage: Check<string> = (value, field) => {
  if (!isReadingLanguage(value)) throw new FieldProblem(field, languageHint);
  return value;
};

/** Reading languages: supported codes, each once, at most MAX_READING_LANGUAGES; empty means automatic. */
const readingLanguages: Check<readonly string[]> = (value, field) => {
  if (!Array.isArray(value)) throw new FieldProblem(field, `must be a list of language codes, got ${describeValue(value)}`);
  if (value.length > MAX_READING_LANGUAGES) throw new FieldProblem(field, `may hold at most ${MAX_READING_LANGUAGES} languages`);
  value.forEach((code, i) => {
    if (!isReadingLanguage(code)) throw new FieldProblem(`${field}[${i}]`, typeof code === 'string' ? languageHint : `must be a string, got ${describeValue(code)}`);
    if (value.indexOf(code) !== i) throw new FieldProblem(`${field}[${i}]`, `repeats "${code}"`);
  });
  return Object.freeze([...value] as string[]);
};

const voiceName = text({ max: 200, pattern: /^[^\u0000-\u001f\u007f]*$/, patternHint: 'has control characters' });

/** A voice per language: keys are reading-language codes, values voice names (the engine judges them on save). */
const languageVoices: Check<Readonly<Record<string, string>>> = (value, field) => {
  if (!isPlainObject(value)) throw new FieldProblem(field, `must be an object of language code to voice, got ${describeValue(value)}`);
  const out: Record<string, string> = {};
  for (const [code, voice] of Object.entries(value)) {
    if (!isReadingLanguage(code)) throw new FieldProblem(join(field, code), `is not a reading language (${languageHint.replace('must be ', '')})`);
    const checked = voiceName(voice, join(field, code));
    if (checked) out[code] = checked;
  }
  return Object.freeze(out);
};

/** Every settings field's rule; used for `set-settings` patches and for settings files read from disk. */
export const SETTINGS_FIELDS = Object.freeze({
  speechEngine: oneOf(['auto', 'say', 'speech-dispatcher', 'espeak-ng'] as const),
  voice: voiceName,
  rate: integer(80, 450),
  screenReaderMode: bool,
  screenReader: oneOf(['auto', 'on', 'off'] as const),
  verbosity: oneOf(['brief', 'normal', 'full'] as const),
  announce: oneOf(['polite', 'assertive'] as const),
  theme: oneOf(['system', 'light', 'dark', 'high-contrast'] as const),
  largeText: bool,
  pack: text({ min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9._-]*$/, patternHint: 'must be a pack name such as "default"' }),
  device: oneOf(['auto', 'cpu', 'gpu'] as const),
  // A patch may change some shortcuts only; the service merges it over the current ones.
  shortcuts: partial(SHORTCUT_SHAPE),
  readingLanguages,
  languageVoices,
});

export type SettingsPatch = Partial<Omit<Settings, 'shortcuts'>> & { shortcuts?: Partial<Settings['shortcuts']> };

const settingsPatch: Check<SettingsPatch> = partial(SETTINGS_FIELDS);

type RequestChecks = { readonly [C in InvokeChannel]: Check<InvokeRequest<C>> };

/** The schema of every channel's request. A channel missing here is a compile error. */
export const REQUEST_CHECKS: RequestChecks = Object.freeze({
  'describe-screen': object({ requestId, target: oneOf(['screen', 'window'] as const), detail }),
  'read-screen': object({ requestId, target: oneOf(['screen', 'window'] as const) }),
  'describe-image': object({ requestId, image: encodedImage, detail }),
  ask: object({ requestId, imageId, question: text({ min: 1, max: LIMITS.maxQuestionChars, limitKind: 'bad-input' }) }),
  transcribe: object({ requestId, pcm16k: pcm(LIMITS.maxAudioSeconds * LIMITS.pcmSampleRate, LIMITS.pcmSampleRate) }),
  cancel: object({ requestId }),
  speak: withOptional(
    object({ text: text({ min: 1, max: LIMITS.maxSpeakChars, limitKind: 'bad-input' }), interrupt: bool }),
    { lang: readingLanguage },
  ),
  'stop-speech': empty,
  'open-image-dialog': empty,
  'get-settings': empty,
  // Partial shortcuts are merged by the service; the wire type names the full record.
  'set-settings': object({ patch: settingsPatch }) as Check<InvokeRequest<'set-settings'>>,
  'list-history': empty,
  'clear-history': empty,
  'model-status': empty,
  'fetch-models': object({ requestId, pack: SETTINGS_FIELDS.pack }),
  'list-voices': empty,
  doctor: empty,
  'open-conversation': object({
    conversationId: text({ min: 1, max: 100, pattern: CONVERSATION_ID_PATTERN, patternHint: 'must be a conversation id from the history' }),
  }),
});

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_CHECKS, value);
}

/**
 * Checks one request. Throws a SightlineError whose message is one line: `<channel>: <field> <reason>`;
 * kind is `usage` for a malformed payload and `bad-input` for one over a documented limit.
 */
export function validateRequest<C extends InvokeChannel>(channel: C, request: unknown): InvokeRequest<C>;
export function validateRequest(channel: unknown, request: unknown): unknown;
export function validateRequest(channel: unknown, request: unknown): unknown {
  if (!isInvokeChannel(channel)) {
    const shown = typeof channel === 'string' ? `"${printable(channel.slice(0, 60))}"` : describeValue(channel);
    throw new SightlineError('usage', `unknown channel ${shown}`);
  }
  try {
    return (REQUEST_CHECKS[channel] as Check<unknown>)(request, '');
  } catch (err) {
    if (err instanceof FieldProblem) throw new SightlineError(err.kind, `${channel}: ${err.message}`);
    throw err;
  }
}

/** Checks a settings patch on its own (settings files on disk use it field by field). */
export function validateSettingsPatch(patch: unknown, where = 'settings'): SettingsPatch {
  try {
    return settingsPatch(patch, '');
  } catch (err) {
    if (err instanceof FieldProblem) throw new SightlineError(err.kind, `${where}: ${err.message}`);
    throw err;
  }
}
