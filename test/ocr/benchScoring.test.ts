import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headingRates, matchHeadings } from '../bench/ocr/headingScore';
import { readingTruth, referenceOrders, scoreScreen, type BenchScreen } from '../bench/ocr/scoring';

type Block = BenchScreen['blocks'][number];
const block = (text: string, box: [number, number, number, number], pane = 0, kind: Block['kind'] = 'paragraph'): Block => ({ text, box, pane, kind });
const screen = (blocks: Block[]): BenchScreen => ({ id: 's', set: 'tuning', png: 's.png', imageWidth: 1920, imageHeight: 1080, blocks });

test('the bench truth reads a row of links floated right in screen order, not DOM order', () => {
  // Sphinx's relation bar: the DOM lists "index", "next", "previous"; the screen shows them the other way round.
  // The breadcrumb beside them is on the same line: its box is lower (the links have padding), its middle is not.
  const blocks = [block('index', [1876, 0, 34, 30]), block('next |', [1836, 0, 35, 30]), block('previous |', [1768, 0, 62, 30]),
    block('CMake » Documentation', [10, 7, 300, 16]),
    block('A heading on its own line', [240, 33, 333, 36], 0, 'heading'), block('A paragraph below it, read after it.', [250, 90, 800, 21])];
  assert.deepEqual(readingTruth(blocks).map((b) => b.text), ['CMake » Documentation', 'previous |', 'next |', 'index', 'A heading on its own line', 'A paragraph below it, read after it.']);
  // A reading in screen order scores no errors; the DOM's order would have cost the edits of the swap.
  const text = 'CMake » Documentation previous | next | index\nA heading on its own line\nA paragraph below it, read after it.';
  assert.equal(scoreScreen(screen(blocks), { text, ms: null, firstMs: null }).edits, 0);
});

test('the bench truth keeps lines of different heights, other panes and blocks without boxes in DOM order', () => {
  const side = block('Sidebar item', [1700, 100, 120, 20], 1, 'sidebar-item');
  const body = block('Body text on the same row', [40, 100, 900, 20]);
  assert.deepEqual(readingTruth([side, body]).map((b) => b.text), ['Sidebar item', 'Body text on the same row']);
  const tall = block('A tall paragraph beside a short label', [300, 100, 800, 120]);
  const label = block('Label', [40, 100, 100, 20]);
  assert.deepEqual(readingTruth([tall, label]).map((b) => b.text), ['A tall paragraph beside a short label', 'Label']);
  const boxless = [{ text: 'b', pane: 0, kind: 'paragraph' as const }, { text: 'a', pane: 0, kind: 'paragraph' as const }];
  assert.deepEqual(readingTruth(boxless).map((b) => b.text), ['b', 'a']);
});

test('a sidebar heading and the navigation list under it, each found as a sidebar, are one pane that moves whole', () => {
  const blocks = [
    block('Directives', [1167, 126, 180, 18], 1, 'heading'),
    block('AcceptFilter', [1166, 148, 100, 16], 2, 'sidebar-item'), block('AcceptPathInfo', [1166, 166, 120, 16], 2, 'sidebar-item'),
    block('Body paragraph one of the page.', [30, 126, 1000, 20]), block('Body paragraph two of the page.', [30, 160, 1000, 20]),
  ];
  assert.deepEqual(new Set(readingTruth(blocks).map((b) => b.pane)), new Set([1, 0]));
  // The sidebar whole after the body is one of the accepted orders; its heading apart from its list is not.
  const orders = referenceOrders(blocks);
  assert.ok(orders.includes('Body paragraph one of the page. Body paragraph two of the page. Directives AcceptFilter AcceptPathInfo'));
  assert.ok(!orders.includes('Directives Body paragraph one of the page. Body paragraph two of the page. AcceptFilter AcceptPathInfo'));
  // A second sidebar in another column stays a pane of its own.
  const left = block('Contents', [10, 126, 150, 18], 3, 'sidebar-item');
  assert.equal(new Set(readingTruth([...blocks, left]).map((b) => b.pane)).size, 3);
});

test('a sidebar read after the header bars above it and before the body beside it is an accepted order', () => {
  const blocks = [
    block('CMake » Documentation » Tutorial', [10, 7, 539, 16]),
    block('The tutorial provides a step-by-step guide.', [250, 90, 800, 21]),
    block('Table of Contents', [10, 40, 215, 23], 1, 'heading'), block('Introduction', [40, 73, 150, 16], 1, 'sidebar-item'),
  ];
  const orders = referenceOrders(blocks);
  assert.ok(orders.includes('CMake » Documentation » Tutorial Table of Contents Introduction The tutorial provides a step-by-step guide.'));
  // The sidebar inside the header or the body is still interleaving.
  assert.ok(!orders.some((o) => o.startsWith('CMake » Table')));
});

test('typed headings are matched to the truth\'s by their letters, each truth heading once', () => {
  const truth = ['Getting started', '2.1. Install', 'Getting started'];
  const counts = matchHeadings(truth, ['Getting Started', 'Getting started:', '2.1.lnstall', 'OK', 'Getting started']);
  // "2.1.lnstall" is one edit from "21install"; the third "Getting started" has no truth heading left.
  assert.deepEqual(counts, { found: 3, falsePositives: 2, missed: 0 });
  assert.deepEqual(headingRates([counts, matchHeadings(['Summary'], [])]), { precision: 3 / 5, recall: 3 / 4, typed: 5 });
  assert.deepEqual(headingRates([matchHeadings([], [])]), { precision: null, recall: null, typed: 0 });
  // A plain-text engine has no headings score; a typing engine has one per screen.
  const s = screen([block('Summary', [0, 0, 100, 20], 0, 'heading'), block('Text under the heading, four words', [0, 30, 400, 20])]);
  assert.equal(scoreScreen(s, { text: 'Summary\nText under the heading, four words', ms: null, firstMs: null }).headings, null);
  assert.deepEqual(scoreScreen(s, { text: 'Summary', ms: null, firstMs: null, headings: ['Summary', 'Text'] }).headings, { found: 1, falsePositives: 1, missed: 0 });
});
