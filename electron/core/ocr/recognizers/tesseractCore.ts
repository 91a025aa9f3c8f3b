import { SightlineError } from '../../common/errors';
import { createLogger } from '../../common/logger';
import { languageDataFile, readLanguageData } from './languageData';

/**
 * Tesseract 5 compiled to WebAssembly (the npm package tesseract.js-core, the engine under tesseract.js), loaded in
 * this process: the same code on every OS, no native build, no worker thread and no network. Only its LSTM-only
 * builds are used (the legacy engine is never run): the SIMD one, or the plain one where WebAssembly SIMD is
 * missing. Language data is written into the module's in-memory file system from local files (languageData.ts).
 */
const log = createLogger('ocr');

/** The part of the Emscripten module and its TessBaseAPI binding this code uses. */
export interface TessApi {
  Init(dataPath: string, languages: string, oem: number): number;
  SetPageSegMode(mode: number): void;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exif: number, angle: number): void;
  Recognize(monitor: null): number;
  GetTSVText(page: number): string;
  Clear(): void;
  End(): void;
}
interface TessModule {
  readonly FS: { mkdir(path: string): void; writeFile(path: string, data: Uint8Array): void; unlink(path: string): void; analyzePath(path: string): { exists: boolean } };
  readonly TessBaseAPI: new () => TessApi;
}
type Factory = (options: { print: (s: string) => void; printErr: (s: string) => void }) => Promise<TessModule>;

const BUILDS = Object.freeze(['tesseract.js-core/tesseract-core-simd-lstm.wasm.js', 'tesseract.js-core/tesseract-core-lstm.wasm.js']);
/** Tesseract's engine mode 1: LSTM only. */
const OEM_LSTM_ONLY = 1;
const DATA_DIR = '/tessdata';
/** Where a line image is written for SetImageFile (the module reads it with Leptonica). */
export const INPUT_FILE = '/input';

/**
 * Characters a model knows but today's text in its language never uses: the Greek model was trained with polytonic
 * Greek too and writes "οποῖο" or "Ἂν" for the monotonic "οποίο", "Αν" of every screen since 1982.
 */
const POLYTONIC_GREEK = Array.from({ length: 0x1fff - 0x1f00 + 1 }, (_, i) => String.fromCodePoint(0x1f00 + i)).join('');
const BLACKLISTS: Readonly<Record<string, string>> = Object.freeze({ ell: POLYTONIC_GREEK });

let loading: Promise<TessModule> | null = null;

async function loadModule(): Promise<TessModule> {
  let lastError: unknown;
  for (const build of BUILDS) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const factory = require(build) as Factory;
      const module = await factory({ print: () => undefined, printErr: (s) => log.debug(`tesseract: ${s}`) });
      module.FS.mkdir(DATA_DIR);
      log.debug(`tesseract core: ${build}`);
      return module;
    } catch (err) {
      lastError = err;
    }
  }
  throw new SightlineError('model-missing', `tesseract.js-core: cannot load the WebAssembly engine (${(lastError as Error)?.message ?? 'not installed'})`);
}

/** Whether the engine was ever asked for in this process (English- and Chinese-only reading never loads it). */
export const tesseractRequested = (): boolean => loading !== null || apis.size > 0;

/** The process's one engine module, loaded on first use; a failed load is retried next time. */
export function tesseractModule(): Promise<TessModule> {
  if (!loading) {
    const started = loadModule();
    loading = started;
    started.catch(() => { if (loading === started) loading = null; });
  }
  return loading;
}

const written = new Set<string>();
const apis = new Map<string, Promise<TessApi>>();

/**
 * An engine initialised for `languages` (Tesseract codes joined by "+", the first one tried first), kept for the
 * life of the process: initialising reads the models (a few hundred ms), recognising a line does not.
 */
export function tesseractApi(languages: readonly string[]): Promise<TessApi> {
  const key = languages.join('+');
  let api = apis.get(key);
  if (!api) {
    api = (async () => {
      const module = await tesseractModule();
      for (const code of languages) {
        if (written.has(code)) continue;
        module.FS.writeFile(`${DATA_DIR}/${code}.traineddata`, await readLanguageData(code));
        written.add(code);
      }
      const instance = new module.TessBaseAPI();
      if (instance.Init(DATA_DIR, key, OEM_LSTM_ONLY) !== 0) {
        instance.End();
        // Read again next time: the user may have replaced the file.
        for (const code of languages) written.delete(code);
        const files = languages.map((code) => languageDataFile(code) ?? code).join(', ');
        throw new SightlineError('model-missing', `${files}: not usable Tesseract language data (damaged, or another format)`);
      }
      // The user's words are not in Tesseract's dictionaries either (names, commands): its LSTM reads what it sees.
      instance.SetVariable('debug_file', '/dev/null');
      const blacklist = languages.map((code) => BLACKLISTS[code] ?? '').join('');
      if (blacklist) instance.SetVariable('tessedit_char_blacklist', blacklist);
      return instance;
    })();
    apis.set(key, api);
    api.catch(() => apis.delete(key));
  }
  return api;
}

/** Releases every engine (the module itself stays: WebAssembly memory is not returned to the system anyway). */
export async function disposeTesseract(): Promise<void> {
  const all = [...apis.values()];
  apis.clear();
  for (const api of all) (await api.catch(() => null))?.End();
}
