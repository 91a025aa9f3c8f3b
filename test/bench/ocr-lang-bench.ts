// `npm run bench:ocr:lang`: the multilingual OCR benchmark. Renders the gettext corpus (test/fixtures/lang) into
// .bench/lang-corpus, then reads each language's screens with Sightline (`sightline read --json --lang <code>,en`,
// one process per language and split) and with the tesseract 5 CLI given the same language data (the files
// Sightline loads, gathered into .bench/tessdata). Reports reading-order CER and word recall per language and split,
// and Sightline's time per screen; writes .bench/ocr-lang.json.
//   --langs de,ru    only these languages (default: every corpus language)
//   --split tuning   only one split (default: both)
//   --no-tesseract   skip the peer
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { READING_LANGUAGES } from '../../electron/common/languages';
import { languageDataFile, readLanguageData } from '../../electron/core/ocr/recognizers/languageData';
import { CORPUS_LOCALES, renderLangCorpus, SPLITS, type LangScreen, type Split } from '../fixtures/lang/langCorpus';
import { editDistance, foldWhitespace, wordRecall } from './ocr/metrics';
import { measure } from './ocr/processRunner';

const root = path.resolve(__dirname, '..', '..', '..');
const benchDir = path.join(root, '.bench');
const TARGETS = Object.freeze({ cer: 0.03, recall: 0.97 });
/** Tesseract models for the peer where Sightline uses none (PP-OCR languages): Debian's. */
const PEER_ONLY: Readonly<Record<string, string>> = Object.freeze({ en: 'eng', zh: 'chi_sim' });
const SYSTEM_TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';

interface Score { readonly cer: number; readonly recall: number; readonly edits: number; readonly chars: number; readonly words: number; readonly found: number }

/**
 * Both sides are compared in Unicode NFKC (full-width "，" is ","; Sightline writes screen text in NFKC), and
 * typographic quotes and apostrophes count as their plain forms (a listener hears no difference, and the corpus
 * mixes both); everything else is compared exactly, case included.
 */
const QUOTES: Readonly<Record<string, string>> = Object.freeze({ '\u2019': "'", '\u2018': "'", '\u201c': '"', '\u201d': '"', '\u201e': '"' });
const foldQuotes = (s: string) => s.normalize('NFKC').replace(/[\u2018\u2019\u201c\u201d\u201e]/g, (c) => QUOTES[c]!);

/** Languages written without spaces between words: scored on characters, whitespace ignored, "word" recall per character. */
const UNSPACED: ReadonlySet<string> = new Set(['zh']);

function scoreTexts(lang: string, pairs: ReadonlyArray<{ reference: string; hypothesis: string }>): Score {
  let edits = 0, chars = 0, words = 0, found = 0;
  const unspaced = UNSPACED.has(lang);
  for (const pair of pairs) {
    const reference = foldQuotes(pair.reference), hypothesis = foldQuotes(pair.hypothesis);
    const ref = unspaced ? reference.replace(/\s+/g, '') : foldWhitespace(reference);
    const hyp = unspaced ? hypothesis.replace(/\s+/g, '') : foldWhitespace(hypothesis);
    const units = unspaced ? [...ref].join(' ') : ref;
    const n = units.split(' ').filter(Boolean).length;
    edits += editDistance(ref, hyp);
    chars += [...ref].length;
    words += n;
    found += wordRecall(units, unspaced ? [...hyp].join(' ') : hyp) * n;
  }
  return { cer: edits / Math.max(1, chars), recall: found / Math.max(1, words), edits, chars, words, found };
}

/** The tesseract model name for a corpus language (Sightline's, or the peer-only one). */
const tessCode = (lang: string) => READING_LANGUAGES[lang]?.tesseract ?? PEER_ONLY[lang]!;

/** Gathers the language data Sightline loads (gunzipped) into one folder for the tesseract CLI. */
async function peerTessdata(langs: readonly string[]): Promise<string> {
  const dir = path.join(benchDir, 'tessdata');
  await mkdir(dir, { recursive: true });
  for (const lang of langs) {
    const code = tessCode(lang);
    const out = path.join(dir, `${code}.traineddata`);
    if (existsSync(out)) continue;
    if (READING_LANGUAGES[lang]?.tesseract) await writeFile(out, await readLanguageData(code));
    else await copyFile(path.join(SYSTEM_TESSDATA, `${code}.traineddata`), out);
  }
  return dir;
}

interface Run {
  readonly texts: ReadonlyMap<string, string>;
  readonly msPerScreen: readonly number[];
  readonly wallS: number;
  /** Blocks (with letters) whose detected language is the screen's, and all such blocks. */
  readonly blockLang?: { readonly right: number; readonly all: number };
}

/** The reading languages a user of `lang` has: that language plus English (English users: English alone). */
const userLanguages = (lang: string) => (lang === 'en' ? 'en' : `${lang},en`);

async function runSightline(lang: string, screens: readonly LangScreen[], languages = userLanguages(lang)): Promise<Run> {
  const m = await measure(process.execPath, [path.join(root, 'bin', 'sightline.js'), 'read', '--json', '--lang', languages, ...screens.map((s) => s.png)]);
  if (m.code !== 0) throw new Error(`sightline read --lang ${languages} failed (exit ${m.code}): ${m.stderr.slice(-800)}`);
  const reports = JSON.parse(m.stdout) as Array<{ file: string; text: string; timings: { totalMs: number }; blocks: Array<{ lang?: string; text?: string; rows?: string[][] }> }>;
  const lettered = reports.flatMap((r) => r.blocks).filter((b) => /\p{L}/u.test(b.text ?? (b.rows ?? []).flat().join(' ')));
  return {
    texts: new Map(reports.map((r) => [r.file, r.text])),
    msPerScreen: reports.map((r) => r.timings.totalMs),
    wallS: m.wallS,
    blockLang: { right: lettered.filter((b) => b.lang === lang).length, all: lettered.length },
  };
}

/**
 * One OpenMP thread: on this shared 2-core machine tesseract's OpenMP threads spin while they wait for a core, and a
 * 3-screen run took minutes of CPU instead of seconds. Its text does not depend on the thread count.
 */
async function runTesseract(lang: string, screens: readonly LangScreen[], tessdata: string): Promise<Run> {
  const list = path.join(benchDir, 'lang-corpus', `${lang}-${screens[0]!.split}.list`);
  await writeFile(list, `${screens.map((s) => s.png).join('\n')}\n`);
  const m = await measure('tesseract', [list, 'stdout', '--tessdata-dir', tessdata, '-l', tessCode(lang)], { ...process.env, OMP_THREAD_LIMIT: '1' });
  if (m.code !== 0) throw new Error(`tesseract -l ${tessCode(lang)} failed (exit ${m.code}): ${m.stderr.slice(-500)}`);
  const pages = m.stdout.split('\f');
  return { texts: new Map(screens.map((s, i) => [s.png, pages[i] ?? ''])), msPerScreen: [], wallS: m.wallS };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { langs: { type: 'string' }, split: { type: 'string' }, 'no-tesseract': { type: 'boolean' } } });
  const langs = values.langs ? values.langs.split(',') : Object.keys(CORPUS_LOCALES);
  for (const lang of langs) if (!(lang in CORPUS_LOCALES)) throw new Error(`--langs: "${lang}" is not a corpus language (${Object.keys(CORPUS_LOCALES).join(', ')})`);
  const splits = values.split ? [values.split as Split] : SPLITS;
  if (!splits.every((s) => SPLITS.includes(s))) throw new Error(`--split must be one of ${SPLITS.join(', ')}`);
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time (GNU time) is required: apt-get install time');
  for (const lang of langs) {
    const code = READING_LANGUAGES[lang]?.tesseract;
    if (code && !languageDataFile(code)) throw new Error(`language data "${code}" is not installed; see electron/core/ocr/README.md`);
  }

  const corpusDir = path.join(benchDir, 'lang-corpus');
  const screens = await renderLangCorpus(corpusDir, langs, splits);
  process.stderr.write(`corpus: ${screens.length} screens in ${path.relative(root, corpusDir)}\n`);
  const tessdata = values['no-tesseract'] ? '' : await peerTessdata(langs);

  interface Row { lang: string; readWith: string; split: Split; screens: number; ours: Score; tesseract: Score | null; msPerScreen: number; blockLang: number; texts: Record<string, { ours: string; tesseract: string | null }> }
  const rows: Row[] = [];
  // English screens are also read as a German and a Russian user reads them (their languages plus English): the
  // English lines of their screens must come out as well as an English user's.
  const passes = langs.flatMap((lang) => [userLanguages(lang), ...(lang === 'en' ? ['de,en', 'ru,en'] : [])].map((readWith) => ({ lang, readWith })));
  for (const { lang, readWith } of passes) {
    for (const split of splits) {
      const set = screens.filter((s) => s.lang === lang && s.split === split);
      const peerToo = readWith === userLanguages(lang) && !values['no-tesseract'];
      process.stderr.write(`${lang} ${split} (--lang ${readWith}): sightline…`);
      const ours = await runSightline(lang, set, readWith);
      process.stderr.write(peerToo ? ' tesseract…\n' : '\n');
      const peer = peerToo ? await runTesseract(lang, set, tessdata) : null;
      const pairs = (run: Run) => set.map((s) => ({ reference: s.lines.join('\n'), hypothesis: run.texts.get(s.png) ?? '' }));
      rows.push({
        lang, readWith, split, screens: set.length,
        blockLang: ours.blockLang!.right / Math.max(1, ours.blockLang!.all),
        ours: scoreTexts(lang, pairs(ours)),
        tesseract: peer ? scoreTexts(lang, pairs(peer)) : null,
        msPerScreen: median(ours.msPerScreen),
        texts: Object.fromEntries(set.map((s) => [s.name, { ours: ours.texts.get(s.png) ?? '', tesseract: peer?.texts.get(s.png) ?? null }])),
      });
    }
  }

  console.log(`\n${'lang'.padEnd(6)}${'--lang'.padEnd(8)}${'split'.padEnd(10)}${'CER'.padStart(9)}${'recall'.padStart(9)}${'ms/screen'.padStart(11)}${'block lang'.padStart(12)}   ${'tesseract CER'.padStart(13)}${'recall'.padStart(9)}   target`);
  for (const r of rows) {
    const met = r.ours.cer <= TARGETS.cer && r.ours.recall >= TARGETS.recall;
    console.log(`${r.lang.padEnd(6)}${r.readWith.padEnd(8)}${r.split.padEnd(10)}${pct(r.ours.cer).padStart(9)}${pct(r.ours.recall).padStart(9)}${String(Math.round(r.msPerScreen)).padStart(11)}${pct(r.blockLang).padStart(12)}   ${(r.tesseract ? pct(r.tesseract.cer) : '-').padStart(13)}${(r.tesseract ? pct(r.tesseract.recall) : '-').padStart(9)}   ${met ? 'met' : 'MISSED'}`);
  }
  const heldOut = rows.filter((r) => r.split === 'held-out' && r.readWith === userLanguages(r.lang));
  const missed = heldOut.filter((r) => !(r.ours.cer <= TARGETS.cer && r.ours.recall >= TARGETS.recall)).map((r) => r.lang);
  if (heldOut.length) console.log(`\nHeld-out targets (CER ≤ 3 %, word recall ≥ 97 % per language): ${missed.length ? `MISSED for ${missed.join(', ')}` : 'met for every language'}`);
  const out = path.join(benchDir, 'ocr-lang.json');
  await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), targets: TARGETS, rows }, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, out)}`);
}

main().catch((err: unknown) => {
  console.error(`bench:ocr:lang: ${(err as Error).message}`);
  process.exit(1);
});
