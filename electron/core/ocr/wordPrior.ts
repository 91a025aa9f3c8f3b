import type { Lexicon } from './lexicon';
/**
 * I or l: on screen text the recognizer cannot tell a capital I from a small l (the glyphs differ by a fraction of a
 * pixel in most UI fonts), so the word decides, offline:
 *  - a word of capitals holds no small l: "POSlX" is POSIX, "APl" is API, "lP" is IP (but "All" stays All);
 *  - a lone "l" is the pronoun I;
 *  - an l that starts a word or follows a small letter, and with the small letters after it spells a known
 *    capitalised word, is that word's I ("lnfo" is Info, "Pathlnfo" PathInfo, "getltem" getItem): "lnfo", "lndex",
 *    "ltem" never occur in English or code.
 * Each rule is measured on the bench's held-out set (electron/core/ocr/README.md).
 */

/**
 * Capitalised words that start a camel-case part, four letters or more (shorter ones such as "Is" or "In" also end
 * ordinary words: "walls", "kiln"). The l-form of each ("lnfo") is not a word.
 */
const I_WORDS: ReadonlySet<string> = new Set([
  'Icon', 'Icons', 'Ident', 'Identifier', 'Identity', 'Idle', 'Ignore', 'Ignored', 'Image', 'Images', 'Immediate', 'Impl', 'Implementation',
  'Import', 'Include', 'Includes', 'Increment', 'Index', 'Indexes', 'Info', 'Information', 'Init', 'Initial', 'Initialize', 'Inline', 'Inner',
  'Input', 'Insert', 'Inside', 'Install', 'Instance', 'Int16', 'Int32', 'Int64', 'Integer', 'Interface', 'Internal', 'Interval', 'Into',
  'Invalid', 'Invoke', 'Item', 'Items', 'Iterator',
]);

export const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();

/** Applies the I/l rules to one word (a run without spaces). */
export function fixIl(word: string): string {
  if (!word.includes('l')) return word;
  if (word === 'l') return 'I';
  const letters = [...word].filter((c) => isUpper(c) || isLower(c));
  const others = letters.filter((c) => c !== 'l');
  // Two capitals at least, or the l first ("lP"): "All" and "Fl" (F1) are a capitalised word and a key's name.
  if (others.length >= 1 && others.every(isUpper) && (others.length >= 2 || letters[0] === 'l')) return word.replace(/l/g, 'I');
  // The plural of one ("APls" is APIs): capitals and the l, then a small s.
  const plural = /^([A-Zl]+)s$/.exec(word);
  if (plural && [...plural[1]!].filter((c) => c !== 'l').length >= 2) return `${plural[1]!.replace(/l/g, 'I')}s`;
  // Camel case: "…hl" + "nfo…" → "…hI" + "nfo…" when "Info…" is a known capitalised part.
  const chars = [...word];
  for (let i = 0; i < chars.length - 1; i++) {
    if (chars[i] !== 'l' || (i > 0 && !isLower(chars[i - 1]!))) continue;
    let end = i + 1;
    while (end < chars.length && (isLower(chars[end]!) || /[0-9]/.test(chars[end]!))) end++;
    const part = `I${chars.slice(i + 1, end).join('')}`;
    if (I_WORDS.has(part)) chars[i] = 'I';
  }
  return chars.join('');
}

/** Small letters whose capital differs from them mostly in height: small text loses the difference. */
export const SIZE_CASED: ReadonlySet<string> = new Set([...'cosvwxz']);

/**
 * Capitals in a word of capitals: small text loses the height that tells C O S V W X Z from c o s v w x z, so
 * "PoST", "GNoME", "cMAKE_INSTALL_MoDE" come out with small letters inside them. Where every other letter of the
 * word is a capital (three at least: "DoS", "SoC" are spelt so), its size-cased small letters are capitals too.
 * The last letter is left alone ("URLs", "MHz"), and so is a first one unless four capitals follow ("vCPU", "sRGB").
 */
export function fixCapitals(word: string): string {
  const chars = [...word];
  const letters = chars.flatMap((c, i) => (isUpper(c) || isLower(c) ? [i] : []));
  const small = letters.filter((i) => isLower(chars[i]!));
  if (small.length === 0 || small.some((i) => !SIZE_CASED.has(chars[i]!))) return word;
  const capitals = letters.length - small.length;
  if (capitals < 3 || small.length * 2 > capitals) return word;
  const first = letters[0]!, last = letters[letters.length - 1]!;
  for (const i of small) {
    if (i === last || (i === first && capitals < 4)) continue;
    chars[i] = chars[i]!.toUpperCase();
  }
  return chars.join('');
}

/** A name of letters and digits joined by underscores and hyphens, with its call parentheses or punctuation after it. */
const JOINED_NAME = /^([A-Za-z][A-Za-z0-9]*(?:[_-]+[A-Za-z0-9]+)+)(\(?\)?[,.;:]?)$/;

/**
 * Underscores read as hyphens: where an underscore meets a descender ("gtk_entry_get_text", the y's tail and the
 * g's over it) the recognizer reads "-", giving "gtk_entry-get_text" or "gtk_print_settings_-get_collate". A C or
 * Python name has underscores and never hyphens, and the names with hyphens (options, packages, CSS) use no
 * underscores between words, so in a name with more underscores than hyphens the hyphens are underscores.
 */
export function fixUnderscores(word: string): string {
  if (!word.includes('_') || !word.includes('-')) return word;
  const m = JOINED_NAME.exec(word);
  if (!m) return word;
  const name = m[1]!;
  const hyphens = (name.match(/-/g) ?? []).length, underscores = (name.match(/_/g) ?? []).length;
  if (underscores <= hyphens) return word;
  return name.replace(/[_-]+/g, '_') + m[2]!;
}

/** A colour's hex code with round letters and bars for 0 and 1 ("#fof8ff"), or a number with an o in it ("5o%"). */
const HEX_COLOUR = /^#[0-9a-fA-FoOlI]{3,8}$/;
const NUMBER_WITH_O = /^([(\[]?)(\d[\doO]*)([%)\].,;:]*)$/;

/**
 * Digits read as letters where only digits can stand: a colour's hex code with a digit in it ("#fof8ff" is
 * #f0f8ff: o is no hex digit), a number with an o inside or after its first digit ("(5o%)" is (50%)), and a number of
 * two digits or more standing on its own inside the word ("max_length=l00"). Words, names with digits ("I18n",
 * "pcl04") and codes that are no colour (a length other than 3, 4, 6 or 8) stay as they are.
 */
export function fixDigits(word: string): string {
  // A digit of its own too: "#food" is a tag.
  if (HEX_COLOUR.test(word) && [4, 5, 7, 9].includes(word.length) && /[oOlI]/.test(word) && /[0-9]/.test(word)) {
    return word.replace(/[oO]/g, '0').replace(/[lI]/g, '1');
  }
  const m = NUMBER_WITH_O.exec(word);
  if (m && /[oO]/.test(m[2]!)) return m[1]! + m[2]!.replace(/[oO]/g, '0') + m[3]!;
  // A number standing on its own within the word ("max_length=l00", "_read_inc=l000'"): two real digits at least,
  // nothing alphanumeric either side.
  return word.replace(NUMBER_RUN, (run, at: number) => {
    const before = word[at - 1] ?? '', after = word[at + run.length] ?? '';
    if (/[\p{L}\p{N}_]/u.test(before + after) || (run.match(/[0-9]/g) ?? []).length < 2) return run;
    return run.replace(/[lI]/g, '1').replace(/[oO]/g, '0');
  });
}
const NUMBER_RUN = /[0-9lIoO]*[0-9][0-9lIoO]*/g;

/**
 * Contractions whose apostrophe small text loses ("dont", "youll", "itll"): the run without it is no English word,
 * so the apostrophe goes back. Forms that are words without it ("cant", "wont", "well", "its") stay as read, and so
 * does "Im", a German word ("Im Gegensatz").
 */
const CONTRACTIONS: ReadonlyMap<string, string> = new Map([
  "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "hadn't", "couldn't",
  "wouldn't", "shouldn't", "mustn't", "needn't", "you'll", "it'll", "they'll", "that'll", "there'll", "you're",
  "they're", "you've", "we've", "they've", "I've", "that's", "there's", "it'd", "you'd", "they'd",
].map((w) => [w.replace("'", ''), w] as const));

export function fixContractions(word: string): string {
  const m = /^([("“]?)([A-Za-z]+)([.,;:!?)"”]*)$/.exec(word);
  if (!m) return word;
  const core = m[2]!, lower = core.toLowerCase();
  const meant = CONTRACTIONS.get(lower) ?? CONTRACTIONS.get(core);
  if (!meant) return word;
  // Keep the word's own capital ("Dont" is Don't).
  const cased = core[0] !== lower[0] ? meant[0]!.toUpperCase() + meant.slice(1) : meant;
  return m[1]! + cased + m[3]!;
}

/** Each part of a camel-case name that a size-cased capital starts is a common word this long or longer. */
const CAMEL_PART = 3;

/**
 * Capitals that start a part of a camel-case name: small text loses the height that tells C O S V W X Z from
 * c o s v w x z, so "IndexOptions" comes out as "Indexoptions" and "binarySearch" as "binarysearch". A size-cased
 * small letter the pixels show as tall as a capital (`tall`, DecodedChar.capitalHeight), inside a run of letters that
 * is no English word, is a capital where it parts the run into common words ("Index" + "options"). The height alone
 * made "NOrth"; the words alone made "nameSpace" and "styleSheet". Indexes of the letters to capitalise.
 */
export function camelCapitals(letters: readonly string[], tall: (i: number) => boolean, lexicon: Lexicon): number[] {
  const run = letters.join('');
  if (letters.length < 2 * CAMEL_PART || lexicon.known.has(run.toLowerCase())) return [];
  const starts = letters.flatMap((c, i) => (i === 0 || isUpper(c) ? [i] : []));
  const found: number[] = [];
  for (let k = CAMEL_PART; k + CAMEL_PART <= letters.length; k++) {
    if (!SIZE_CASED.has(letters[k]!) || !tall(k) || starts.includes(k)) continue;
    const from = Math.max(...starts.filter((s) => s < k)), to = Math.min(letters.length, ...starts.filter((s) => s > k));
    const before = letters.slice(from, k).join('').toLowerCase(), after = letters.slice(k, to).join('').toLowerCase();
    if (before.length < CAMEL_PART || after.length < CAMEL_PART) continue;
    if (!lexicon.common.has(before) || !lexicon.common.has(after) || lexicon.known.has(before + after)) continue;
    found.push(k);
    starts.push(k);
  }
  return found;
}

/** A misread word is at least this long (shorter runs are abbreviations and names as often as words). */
const REPAIR_MIN = 4;
/** Letters whose double the recognizer reads as one in small text ("setings", "atribute", "overidden"). */
const DOUBLED = 'tlrsfpnmecdgo';

/**
 * The readings a run of small letters may stand for, one slip undone: a doubled letter read once ("setings"), the
 * "fi" or "fl" of a tight pair read as one glyph ("fle", "fiter"), and the n of "rn" read as "m" ("kermel", "patterms").
 */
function slipsUndone(run: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < run.length; k++) {
    const c = run[k]!;
    if (DOUBLED.includes(c) && run[k + 1] !== c && run[k - 1] !== c) out.push(run.slice(0, k + 1) + c + run.slice(k + 1));
    if (c === 'f' && run[k + 1] === 'l') out.push(`${run.slice(0, k + 1)}i${run.slice(k + 1)}`);
    if (c === 'f' && run[k + 1] === 'i' && run[k + 2] !== 'l') out.push(`${run.slice(0, k + 2)}l${run.slice(k + 2)}`);
    // The r's tail runs into the n after it: "rn" comes out "rm" (never seen alone: "Linux/mips" is no "nips").
    if (c === 'm' && run[k - 1] === 'r') out.push(`${run.slice(0, k)}n${run.slice(k + 1)}`);
  }
  return out;
}

/** Capitals the recognizer swaps at the start of a word in small text ("Iracker", "Qptions", "LogEormat"). */
const CAPITAL_SWAPS: Readonly<Record<string, string>> = Object.freeze({ I: 'T', T: 'I', E: 'F', F: 'E', Q: 'O', O: 'Q' });

/**
 * Small text's slips, undone where the lexicon decides: a part of a word (a run of small letters, or a capital and
 * small letters: camel case is taken part by part) that is no English word, where exactly one slip undone
 * (slipsUndone, or a swapped capital) gives a common word, is that word. Runs between underscores count
 * ("gtk_print_setings_copy"), so a protocol's "helo_data" becomes "hello_data": the one wrong change on the tuning
 * sets.
 */
export function repairSlips(word: string, lexicon: Lexicon): string {
  // File, host and module names ("package.cron") are no words: a dot between letters leaves the word alone.
  if (/\p{L}\.\p{L}/u.test(word)) return word;
  return word.replace(/\p{Lu}?\p{Ll}+/gu, (part) => {
    if (part.length < REPAIR_MIN || lexicon.known.has(part.toLowerCase())) return part;
    const head = part[0]!, capital = isUpper(head);
    const swapped = capital && CAPITAL_SWAPS[head] ? [CAPITAL_SWAPS[head] + part.slice(1)] : [];
    const found = [...new Set([...slipsUndone(part.toLowerCase()).map((w) => (capital ? head + w.slice(1) : w)), ...swapped]
      .filter((w) => lexicon.common.has(w.toLowerCase())))];
    return found.length === 1 ? found[0]! : part;
  });
}
