import { test } from 'node:test';
import assert from 'node:assert/strict';
import { camelCapitals, fixCapitals, fixContractions, fixDigits, fixIl, fixUnderscores, repairSlips } from '../../electron/core/ocr/wordPrior';
import { englishLexicon } from '../../electron/core/ocr/lexicon';
import { fixLookAlikes, itemFromSequence, WORD_RULES, wordRulesFor } from '../../electron/core/ocr/lineAssembly';
import type { DecodedSequence } from '../../electron/core/ocr/ctcDecode';

test('I or l from the word: capitals-only words, the lone pronoun, known capitalised camel-case parts', () => {
  for (const [read, meant] of [['POSlX', 'POSIX'], ['APl', 'API'], ['lP', 'IP'], ['l', 'I'], ['Pathlnfo', 'PathInfo'], ['getltem', 'getItem'], ['lnfo', 'Info'], ['APls', 'APIs'], ['GUls', 'GUIs']]) {
    assert.equal(fixIl(read), meant, read);
  }
});

test('words where l is right stay as they are', () => {
  for (const word of ['walls', 'kiln', 'line', 'lists', 'ls', '-l', 'Hello', 'SQLite', 'NULL', 'vulnerable', 'walnut', 'Allowoverride', 'All', 'Fl', 'AcceptFilter', 'filter', 'alter', 'Alls', 'Tools', 'lls']) assert.equal(fixIl(word), word);
});

test('a size-cased small letter inside a word of capitals is a capital', () => {
  for (const [read, meant] of [['PoST', 'POST'], ['GNoME', 'GNOME'], ['POsIX', 'POSIX'], ['cMAKE_INSTALL_MoDE', 'CMAKE_INSTALL_MODE'], ['coMPONENTS', 'COMPONENTS'], ['BOTToM.', 'BOTTOM.']]) {
    assert.equal(fixCapitals(read), meant, read);
  }
});

test('words spelt with small letters among capitals stay as they are', () => {
  // Plurals and units end small; a small prefix before three capitals is a name; two capitals are too few to tell.
  for (const word of ['URLs', 'APIs', 'MHz', 'vCPU', 'sRGB', 'DoS', 'SoC', 'macOS', 'iOS', 'PostgreSQL', 'Wix', 'Object', 'so']) assert.equal(fixCapitals(word), word);
});

test('a hyphen in a name of underscores is an underscore; names of hyphens, options and file names stay', () => {
  for (const [read, meant] of [['gtk_entry-get_text', 'gtk_entry_get_text'], ['gtk_print_settings_-get_collate', 'gtk_print_settings_get_collate'], ['gtk_entry-get_buffer()', 'gtk_entry_get_buffer()'], ['gtk_widget-show_all,', 'gtk_widget_show_all,']]) {
    assert.equal(fixUnderscores(read), meant, read);
  }
  for (const word of ['flush-zones-on-shutdown', 'local_header_rewrite_clients', '--enable-foo_bar', 'linux-image_6.1_amd64.deb', 'x-y_z', 'my-file_name', '~/.config/gtk-3.0/settings_ini']) assert.equal(fixUnderscores(word), word);
});

test('round letters and bars in a colour code or after a number\'s first digit are digits; words and other codes stay', () => {
  for (const [read, meant] of [['#fof8ff', '#f0f8ff'], ['#ooff7f', '#00ff7f'], ['#1o1', '#101'], ['(5o%)', '(50%)'], ['1oo0', '1000'], ['9oo.', '900.'], ['max_length=l00)', 'max_length=100)'], ["_read_inc=l000'", "_read_inc=1000'"]]) {
    assert.equal(fixDigits(read), meant, read);
  }
  for (const word of ['#include', '#food', '#fooba', 'look', 'o5', 'co2', '2nd', '#define', 'Solo', 'I18n', 'l10n', 'pcl04', 'O(1)', 'Io2']) assert.equal(fixDigits(word), word);
});

test('a contraction that lost its apostrophe gets it back; forms that are words without it stay', () => {
  for (const [read, meant] of [['dont', "don't"], ['Dont', "Don't"], ['youll,', "you'll,"], ['(itll', "(it'll"], ['Ive', "I've"]]) assert.equal(fixContractions(read), meant, read);
  for (const word of ['cant', 'wont', 'well', 'its', 'were', 'shell', 'dont_x', 'donts', 'Im']) assert.equal(fixContractions(word), word);
});

test('look-alikes from the Chinese dictionary are put back only in Latin text', () => {
  assert.equal(fixLookAlikes('de 丨 en'), 'de | en');
  assert.equal(fixLookAlikes('≤Directory>'), '<Directory>');
  assert.equal(fixLookAlikes('a ≤ b'), 'a ≤ b');
  assert.equal(fixLookAlikes('≤-previous'), '<-previous', 'an arrow');
  assert.equal(fixLookAlikes('x ≤-1'), 'x ≤-1');
  assert.equal(fixLookAlikes('中丨文'), '中丨文');
  // A breadcrumb's guillemets ("Docs » Usage"); Chinese title brackets stay.
  assert.equal(fixLookAlikes('》'), '»');
  assert.equal(fixLookAlikes('《Docs'), '«Docs');
  assert.equal(fixLookAlikes('《三体》'), '《三体》');
  // A nested list's hollow bullet read as the ideographic full stop, alone or glued to the item; a Chinese full stop stays.
  assert.equal(fixLookAlikes('。'), '◦');
  assert.equal(fixLookAlikes('。Introduction'), '◦Introduction');
  assert.deepEqual(wordsOf('。Introduction'), ['◦', 'Introduction']);
  assert.equal(fixLookAlikes('你好。'), '你好。');
});

/** A decoded sequence of `text`, one character per time step. */
const sequence = (text: string): DecodedSequence => ({
  chars: [...text].map((char, k) => ({ char, start: k, end: k, prob: 0.9 })), steps: text.length, confidence: 0.9,
});
const wordsOf = (text: string, rules = WORD_RULES) => itemFromSequence([0, 0, 100, 20], sequence(text), 4, 100, rules)!.words.map((w) => w.text);

test('a list bullet glued to the first word of a box is a word of its own; a dot inside a word stays', () => {
  assert.deepEqual(wordsOf('·Remember to save'), ['·', 'Remember', 'to', 'save']);
  assert.deepEqual(wordsOf('•"quoted"'), ['•', '"quoted"']);
  assert.deepEqual(wordsOf('a·b c'), ['a·b', 'c']);
  assert.deepEqual(wordsOf('· Remember'), ['·', 'Remember']);
  // The rule is what splits it: off, the glued word stays whole.
  assert.deepEqual(wordsOf('·Remember', { ...WORD_RULES, bulletApart: false }), ['·Remember']);
  // The bullet's box comes first and the word's box follows it.
  const [bullet, word] = itemFromSequence([0, 0, 100, 20], sequence('·Remember'), 4, 100)!.words;
  assert.ok(bullet!.box[0] + bullet!.box[2] <= word!.box[0]);
});

test('a lone small o opening a box before a word is a nested list\'s hollow bullet, in English only', () => {
  assert.deepEqual(wordsOf('o Exercise 1 - Building a Project'), ['◦', 'Exercise', '1', '-', 'Building', 'a', 'Project']);
  assert.deepEqual(wordsOf('o "quoted" item'), ['◦', '"quoted"', 'item']);
  // Code ("o = obj"), a word within the line, a capital O, and a box of the o alone stay as read.
  assert.deepEqual(wordsOf('o = obj'), ['o', '=', 'obj']);
  assert.deepEqual(wordsOf('say o no'), ['say', 'o', 'no']);
  assert.deepEqual(wordsOf('O Canada'), ['O', 'Canada']);
  assert.deepEqual(wordsOf('o'), ['o']);
  assert.deepEqual(wordsOf('o Exercise', { ...WORD_RULES, hollowBullets: false }), ['o', 'Exercise']);
  // In Portuguese "o" is the article: with a reading language other than English the rule is off.
  assert.equal(wordRulesFor(['pt', 'en']).hollowBullets, false);
  assert.deepEqual(wordsOf('o código fonte', wordRulesFor(['pt'])), ['o', 'código', 'fonte']);
});

test('a full stop read as a word of its own inside a file or module name joins its neighbours; a sentence end does not', () => {
  assert.deepEqual(wordsOf('the manage . py script'), ['the', 'manage.py', 'script']);
  assert.deepEqual(wordsOf('welcome . fr . html'), ['welcome.fr.html']);
  assert.deepEqual(wordsOf('welcome . fr . html', { ...WORD_RULES, loneDots: false }), ['welcome', '.', 'fr', '.', 'html']);
  // A capital after it (a new sentence), or nothing word-like before it, keeps the words apart.
  assert.deepEqual(wordsOf('the end . The next'), ['the', 'end', '.', 'The', 'next']);
  assert.deepEqual(wordsOf('see ) . py'), ['see', ')', '.', 'py']);
  // The joined word's box runs from the first word's start to the last one's end.
  const [joined] = itemFromSequence([0, 0, 100, 20], sequence('manage . py'), 4, 100)!.words;
  const [first, , last] = itemFromSequence([0, 0, 100, 20], sequence('manage . py'), 4, 100, { ...WORD_RULES, loneDots: false })!.words;
  assert.equal(joined!.box[0], first!.box[0]);
  assert.equal(joined!.box[0] + joined!.box[2], last!.box[0] + last!.box[2]);
});

test('a long option\'s two hyphens read apart in monospace join the word after them; a dash in prose stays', () => {
  assert.deepEqual(wordsOf('With - -merged, only'), ['With', '--merged,', 'only']);
  assert.deepEqual(wordsOf('use - - list or'), ['use', '--list', 'or']);
  assert.deepEqual(wordsOf('use - - list', { ...WORD_RULES, doubleDashes: false }), ['use', '-', '-', 'list']);
  assert.deepEqual(wordsOf('ten - twenty and - 5'), ['ten', '-', 'twenty', 'and', '-', '5']);
  assert.deepEqual(wordsOf('x - -5'), ['x', '-', '-5']);
  const [option] = itemFromSequence([0, 0, 100, 20], sequence('- - list'), 4, 100)!.words;
  const apart = itemFromSequence([0, 0, 100, 20], sequence('- - list'), 4, 100, { ...WORD_RULES, doubleDashes: false })!.words;
  assert.equal(option!.box[0], apart[0]!.box[0]);
  assert.equal(option!.box[0] + option!.box[2], apart[2]!.box[0] + apart[2]!.box[2]);
});

test('a section number glued to its title\'s first word is split after its dot; numbers, versions and names stay', () => {
  assert.deepEqual(wordsOf('3.1.The Client Request'), ['3.1.', 'The', 'Client', 'Request']);
  assert.deepEqual(wordsOf('4.10.Pgp'), ['4.10.', 'Pgp']);
  assert.deepEqual(wordsOf('4.10.Pgp', { ...WORD_RULES, sectionNumbers: false }), ['4.10.Pgp']);
  for (const text of ['10.0.0.1', 'V1.1.35', '2.B', '3.x', '1.2.TXT', 'java.lang.Object']) assert.deepEqual(wordsOf(text), [text]);
  const [number, title] = itemFromSequence([0, 0, 100, 20], sequence('3.1.The'), 4, 100)!.words;
  assert.ok(number!.box[0] + number!.box[2] <= title!.box[0], 'the number\'s box ends where the title\'s begins');
});

test('a link title\'s word space read as "_" between a capitalised common word and a common word is a space; names stay', () => {
  assert.deepEqual(wordsOf('4.9.2. Getting_started'), ['4.9.2.', 'Getting', 'started']);
  assert.deepEqual(wordsOf('Defining_Aliases,'), ['Defining', 'Aliases,']);
  assert.deepEqual(wordsOf('Getting_started', { ...WORD_RULES, titleUnderscores: false }), ['Getting_started']);
  for (const name of ['incoming_queue', 'Py_None', 'MAX_VALUE', 'Simap_qresync', 'Tcl_Interp']) assert.deepEqual(wordsOf(name), [name]);
});

test('with a reading language besides English and Chinese, the rules that read the English word lists are off', () => {
  // "oder" is German; to the English lists it is a slip for "odder".
  assert.deepEqual(wordsOf('entweder oder', wordRulesFor(['de', 'en'])), ['entweder', 'oder']);
  assert.deepEqual(wordsOf('Defining_Aliases dont', wordRulesFor(['fr', 'en'])), ['Defining_Aliases', 'dont']);
  assert.equal(wordRulesFor(['en']), WORD_RULES);
  assert.equal(wordRulesFor(['zh', 'en']), WORD_RULES);
  assert.equal(wordRulesFor(undefined), WORD_RULES);
  // The rules that need no word list stay on.
  assert.deepEqual(wordsOf('3.1.The - -merged', wordRulesFor(['de', 'en'])), ['3.1.', 'The', '--merged']);
});

test('the I/l prior runs on every recognized line: the sixth round\'s tuning pages\' "APl" and "AddlconByEncoding"', () => {
  assert.deepEqual(wordsOf('the APl of AddlconByEncoding'), ['the', 'API', 'of', 'AddIconByEncoding']);
  assert.deepEqual(wordsOf('All AcceptFilter'), ['All', 'AcceptFilter'], 'its two faults, now gone');
  assert.deepEqual(wordsOf('the APl', { ...WORD_RULES, iOrL: false }), ['the', 'APl']);
});

test('an index bar of letters read as one word is split back into its letters; words of capitals stay whole', () => {
  assert.deepEqual(wordsOf('AIBICIDIE'), ['A', '|', 'B', '|', 'C', '|', 'D', '|', 'E']);
  assert.deepEqual(wordsOf('HIIIKIL'), ['H', '|', 'I', '|', 'K', '|', 'L'], 'the letter I between two bars');
  assert.deepEqual(wordsOf('INIOIPIQ'), ['|', 'N', '|', 'O', '|', 'P', '|', 'Q'], 'a bar leading the run');
  for (const word of ['POSIX', 'LIBIDO', 'AIBICI', 'DIEIBIA']) assert.deepEqual(wordsOf(word), [word]);
  assert.deepEqual(wordsOf('AIBICIDIE', { ...WORD_RULES, letterIndex: false }), ['AIBICIDIE']);
});

test('a size-cased letter as tall as a capital that parts an unknown run into common words is a camel-case capital', () => {
  const lexicon = englishLexicon()!;
  const fixed = (run: string, tall: readonly number[]) => {
    const letters = [...run];
    for (const k of camelCapitals(letters, (i) => tall.includes(i), lexicon)) letters[k] = letters[k]!.toUpperCase();
    return letters.join('');
  };
  assert.equal(fixed('Indexoptions', [5]), 'IndexOptions');
  assert.equal(fixed('binarysearch', [6]), 'binarySearch');
  assert.equal(fixed('DirectorycheckHandler', [9]), 'DirectoryCheckHandler');
  // Not tall in the pixels, a known word, or parts that are no common words: as read.
  assert.equal(fixed('Indexoptions', []), 'Indexoptions');
  assert.equal(fixed('username', [4]), 'username');
  assert.equal(fixed('North', [1]), 'North');
  assert.equal(fixed('Mawsonxyz', [3]), 'Mawsonxyz');
});

test('a size-cased small letter as tall as a capital in a word of capitals is a capital; a short one or a mixed word stays', () => {
  const tallAt = (text: string, tall: readonly number[]): DecodedSequence => ({
    ...sequence(text), chars: sequence(text).chars.map((c, k) => (tall.includes(k) ? { ...c, capitalHeight: true } : c)),
  });
  const read = (text: string, tall: readonly number[], rules = WORD_RULES) => itemFromSequence([0, 0, 100, 20], tallAt(text, tall), 4, 100, rules)!.text;
  assert.equal(read('set DEPENDs and CFLAGs', [10, 21]), 'set DEPENDS and CFLAGS');
  assert.equal(read('install(EXPoRT', [11]), 'install(EXPORT');
  assert.equal(read('set DEPENDs', [10], { ...WORD_RULES, tallCapitals: false }), 'set DEPENDs');
  assert.equal(read('the URLs', []), 'the URLs', 'a small s');
  assert.equal(read('smCV', [0]), 'smCV', 'an m among the small letters');
  assert.equal(read('Xs', [1]), 'Xs', 'one capital is too few');
});

test('one slip of small text is undone where it gives the one common word', () => {
  const lexicon = englishLexicon()!;
  for (const [read, meant] of [['setings', 'settings'], ['Seting', 'Setting'], ['atribute,', 'attribute,'], ['flters', 'filters'], ['kermel', 'kernel'],
    ['gtk_print_setings_copy', 'gtk_print_settings_copy'], ['GtkSetings', 'GtkSettings'], ['IypesConfig', 'TypesConfig'], ['Qptions', 'Options'], ['LogEormat', 'LogFormat']]) {
    assert.equal(repairSlips(read, lexicon), meant, read);
  }
  // Words, short runs, dotted names, and slips with two answers ("fiter": filter or fitter) stay.
  for (const word of ['settings', 'fle', 'package.cron', 'fiter', 'mkdir', 'xyzzyq', 'Linux/mips', 'Items', 'Ifconfig']) assert.equal(repairSlips(word, lexicon), word, word);
});
