/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { festivalHome } from '../speech/engineHelpers';
import { announcementCount, announcements, chromiumMissing, waitForAnnouncement } from './support/browser';
import { tabTo } from './support/focus';
import { notesImage } from './support/media';
import { focused, openSession, waitInPage, type Session } from './support/session';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const window: any;
declare const MutationObserver: any;

/** What the page lived through, in order: Sightline's speech, the streamed blocks, and the busy state going on and off. */
type Entry =
  | { readonly kind: 'speech'; readonly speaking: boolean; readonly text: string; readonly busy: boolean }
  | { readonly kind: 'blocks'; readonly from: number; readonly count: number; readonly busy: boolean }
  | { readonly kind: 'busy'; readonly on: boolean };

async function recordStream(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__stream = [];
    const busy = () => document.body.hasAttribute('data-busy');
    window.sightline.on('speech-state', (e: any) => window.__stream.push({ kind: 'speech', speaking: e.speaking, text: e.text ?? '', busy: busy() }));
    window.sightline.on('text-blocks', (e: any) => window.__stream.push({ kind: 'blocks', from: e.from, count: e.blocks.length, busy: busy() }));
    let was = busy();
    new MutationObserver(() => {
      if (busy() !== was) window.__stream.push({ kind: 'busy', on: (was = busy()) });
    }).observe(document.body, { attributes: true, attributeFilter: ['data-busy'] });
  });
}

const logLength = (page: Page): Promise<number> => page.evaluate(() => window.__stream.length);
const logSince = (page: Page, from: number): Promise<Entry[]> => page.evaluate((start: number) => window.__stream.slice(start), from);

/** Waits (180 s at most) until every line mark of the document has been said since log entry `from`. */
async function untilAllSaid(page: Page, from: number, documentMarks: readonly string[]): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const heard = new Set(marks(said(await logSince(page, from)).join(' ')));
    if (documentMarks.every((m) => heard.has(m))) return;
    if (Date.now() > deadline) assert.fail(`not every line was said within 180 s; missing ${documentMarks.filter((m) => !heard.has(m)).join(', ')}`);
    await page.waitForTimeout(200);
  }
}

const said = (entries: readonly Entry[]): string[] => entries.flatMap((e) => (e.kind === 'speech' && e.speaking && e.text ? [e.text] : []));

/** The "Item N line L" marks in text, in order: the same line said twice shows as the same mark twice. */
const marks = (text: string): string[] => [...text.matchAll(/Item\s*(\d+)\s*line\s*(\d+)/gi)].map((m) => `${m[1]}.${m[2]}`);
const order = (mark: string) => mark.split('.').map(Number) as [number, number];
const before_ = (a: string, b: string) => {
  const [ai, al] = order(a);
  const [bi, bl] = order(b);
  return ai < bi || (ai === bi && al < bl);
};

async function waitForEntry(page: Page, from: number, what: string, test_: (e: Entry) => boolean, timeoutMs: number): Promise<Entry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await logSince(page, from)).find(test_);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}; the page saw ${JSON.stringify(await logSince(page, from)).slice(0, 2000)}`);
    await page.waitForTimeout(50);
  }
}

const isBlockSpeech = (e: Entry) => e.kind === 'speech' && e.speaking && /Harbour|Item\s*\d/i.test(e.text);

/**
 * Issue 15's "the first line fast": read-screen (and describe-screen) speak each block of the screen's text as soon
 * as it is recognised, in reading order, with a real engine (festival through `say`, its audio sent to a file that
 * takes 0.1 s to "play"); the result then goes on with what was not heard, never saying a block twice. The harness
 * has no screen to capture: `--screen` gives it a tall page of text, which the OCR reads in several chunks.
 */
describe('a screen read aloud while it is being read', { skip: chromiumMissing }, () => {
  let s: Session;
  let page: Page;
  let home: Awaited<ReturnType<typeof festivalHome>>;
  let screenFile: string;

  before(async () => {
    home = await festivalHome(0.1, await mkdtemp(path.join(os.tmpdir(), 'sightline-stream-')));
    screenFile = path.join(home.dir, 'screen.png');
    await writeFile(screenFile, await notesImage(20));
    s = await openSession({ serveArgs: ['--speech', 'voice', '--screen-reader', 'none', '--screen', screenFile], serveEnv: { HOME: home.dir } });
    page = s.page;
    await page.keyboard.press('Alt+5');
    await tabTo(page, /combobox "Speech engine"/);
    await page.selectOption('#set-speechEngine', 'say');
    await waitInPage(page, 'the engine setting to be saved', () => document.getElementById('status-text').textContent === 'Speech engine saved.');
    await recordStream(page);
  });

  after(async () => {
    await s?.close();
    if (home) await rm(home.dir, { recursive: true, force: true });
  });

  test('read-screen speaks the first block before the result, then what was not heard, in order, nothing twice', async () => {
    await page.keyboard.press('Alt+1');
    await tabTo(page, /button "Read screen text"/);
    const from = await logLength(page);
    await page.keyboard.press('Enter');
    const first = await waitForEntry(page, from, 'the first block to be spoken', isBlockSpeech, 120_000);
    assert.ok(first.kind === 'speech' && /Harbour council minutes/i.test(first.text), `the first block first: ${JSON.stringify(first)}`);
    assert.ok(first.kind === 'speech' && first.busy, 'spoken while the rest of the screen was still being read');

    await waitInPage(page, 'the result', () => !document.body.hasAttribute('data-busy') && document.getElementById('screen-title'), 120_000);
    assert.equal((await focused(page)).id, 'screen-title', 'focus goes to the result as before');
    const atResult = await logSince(page, from);
    const resultAt = atResult.findIndex((e) => e.kind === 'busy' && !e.on);
    assert.ok(atResult.findIndex(isBlockSpeech) < resultAt, 'speech started before the result came');
    assert.ok(atResult.slice(0, resultAt).filter((e) => e.kind === 'blocks').length >= 1);

    // Every line of the document is said once, in reading order: the stream's blocks, then the reader's.
    const documentMarks = marks(await page.evaluate(() => document.getElementById('screen-conversation').querySelector('.result-document').textContent));
    assert.ok(documentMarks.length >= 50, `the page of text was read: ${documentMarks.length} lines`);
    await untilAllSaid(page, from, documentMarks);
    await page.waitForTimeout(1500); // anything said twice would be said by now
    const spoken = said(await logSince(page, from));
    const heardMarks = marks(spoken.join(' '));
    const twice = heardMarks.filter((m, i) => heardMarks.indexOf(m) !== i);
    assert.deepEqual(twice, [], `nothing is said twice: ${JSON.stringify(spoken)}`);
    assert.ok(heardMarks.every((m, i) => i === 0 || before_(heardMarks[i - 1]!, m)), `in reading order: ${heardMarks.join(' ')}`);
    assert.equal(spoken.filter((t) => /Harbour council minutes/i.test(t)).length, 1, 'the heading once');
    assert.ok(!spoken.some((t) => /^screen\.?$/i.test(t.trim())), `the title is not said after the text has begun: ${JSON.stringify(spoken.slice(0, 5))}`);
    await waitInPage(page, 'the reader to finish', () => /Read aloud/.test(document.querySelector('#screen-conversation .toolbar button').textContent));
  });

  test('describe-screen speaks the text as it comes, then the description line once, then the text not yet heard', async () => {
    await tabTo(page, /button "Describe screen"/, { shift: true });
    const from = await logLength(page);
    await page.keyboard.press('Enter');
    const first = await waitForEntry(page, from, 'the first block to be spoken', isBlockSpeech, 120_000);
    assert.ok(first.kind === 'speech' && first.busy && /Harbour council minutes/i.test(first.text), `the text starts before the description is done: ${JSON.stringify(first)}`);
    await waitInPage(page, 'the result', () => !document.body.hasAttribute('data-busy') && document.getElementById('screen-title'), 120_000);
    // The fixture pack's captioner is not asked about a page of text: its line is "A page of text." or the like.
    const summary: string = await page.evaluate(() => document.querySelector('#screen-conversation .summary')?.textContent ?? '');
    assert.match(summary, /text/i);
    const documentMarks = marks(await page.evaluate(() => document.getElementById('screen-conversation').querySelector('.result-document').textContent));
    await untilAllSaid(page, from, documentMarks);
    await page.waitForTimeout(1500);
    const spoken = said(await logSince(page, from));
    const heardMarks = marks(spoken.join(' '));
    assert.deepEqual(heardMarks.filter((m, i) => heardMarks.indexOf(m) !== i), [], `nothing is said twice: ${JSON.stringify(spoken)}`);
    assert.ok(heardMarks.every((m, i) => i === 0 || before_(heardMarks[i - 1]!, m)), `the text in reading order: ${heardMarks.join(' ')}`);
    const summaryAt = spoken.findIndex((t) => t.trim() === summary.trim());
    assert.ok(summaryAt > 0, `the description line is said once the text has begun: ${JSON.stringify(spoken.slice(0, 12))}`);
    assert.equal(spoken.filter((t) => t.trim() === summary.trim()).length, 1, 'and only once');
    await waitInPage(page, 'the reader to finish', () => /Read aloud/.test(document.querySelector('#screen-conversation .toolbar button').textContent));
  });

  test('Escape while the screen is streamed stops its speech and cancels the reading; nothing more of it is said', async () => {
    await writeFile(screenFile, await notesImage(40)); // longer, so it is still being read when Escape comes
    await tabTo(page, /button "Read screen text"/, { shift: true });
    const from = await logLength(page);
    await page.keyboard.press('Enter');
    await waitForEntry(page, from, 'the first block to be spoken', isBlockSpeech, 120_000);
    await page.keyboard.press('Escape');
    await waitInPage(page, 'the reading to be cancelled', () => /Reading the screen cancelled/.test(document.getElementById('status-text').textContent), 30_000);
    const stoppedAt = await logLength(page);
    await page.waitForTimeout(3000); // blocks already on their way, and the core's last events, have arrived by now
    const later = said(await logSince(page, stoppedAt));
    assert.deepEqual(later.filter((t) => /Harbour|Item\s*\d/i.test(t)), [], `nothing of the screen is said after Escape: ${JSON.stringify(later)}`);
    await waitInPage(page, 'speech to stop', () => !document.body.hasAttribute('data-speaking'), 15_000);
    // The earlier result stays: the cancelled reading replaced nothing (its document would hold 40 items).
    const documentMarks = marks(await page.evaluate(() => document.getElementById('screen-conversation').querySelector('.result-document').textContent));
    assert.ok(documentMarks.length < 70, `the earlier result stays: ${documentMarks.length} lines`);
  });

  test('in screen-reader mode Sightline says nothing: one short note for the first block, then the result announced as before', async () => {
    await writeFile(screenFile, await notesImage(20));
    const a0 = await announcementCount(page);
    s.served.toggleScreenReader();
    await waitForAnnouncement(page, /^A screen reader is running: Sightline stays silent/, { from: a0 });
    await tabTo(page, /button "Read screen text"/, { shift: true });
    const from = await logLength(page);
    const live0 = await announcementCount(page);
    await page.keyboard.press('Enter');
    const final = await waitForAnnouncement(page, /^Read screen: \d+ lines? of text\.$/, { from: live0, timeoutMs: 120_000 });
    await page.waitForTimeout(1000);
    assert.deepEqual(said(await logSince(page, from)), [], 'Sightline does not speak over the screen reader');
    const live = (await announcements(page)).slice(live0);
    assert.ok(live.length <= 2, `at most a note and the announcement: ${JSON.stringify(live)}`);
    assert.equal(live[live.length - 1]!.text, final);
    if (live.length === 2) {
      assert.equal(live[0]!.region, 'announce-polite');
      assert.match(live[0]!.text, /^Harbour council minutes$/, 'the note is the first block');
    }
    const streamed = (await logSince(page, from)).filter((e) => e.kind === 'blocks');
    assert.ok(streamed.length >= 1 && streamed.every((e) => e.kind === 'blocks' && e.busy), 'the blocks were streamed before the result');
    assert.equal(live.length, 2, `the first block was noted: ${JSON.stringify(live)}`);
    assert.equal((await focused(page)).id, 'screen-title');
    s.served.toggleScreenReader();
    await waitInPage(page, 'the screen reader to stop', () => /No screen reader now/.test(document.getElementById('status-text').textContent));
  });
});
