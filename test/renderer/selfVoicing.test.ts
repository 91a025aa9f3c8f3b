/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { festivalHome } from '../speech/engineHelpers';
import { announcementCount, announcements, chromiumMissing, waitForAnnouncement } from './support/browser';
import { tabTo } from './support/focus';
import { tableImage } from './support/media';
import { expectNoViolations, focused, openSession, speechCount, spoken, waitInPage, type Session } from './support/session';

// Browser globals, used only inside page.evaluate callbacks.
declare const document: any;
declare const window: any;

const TABLE = [['Name', 'Age', 'City'], ['Ann', '31', 'Oslo'], ['Bob', '42', 'Rome']];

/** Waits until Sightline has said something matching `pattern` since `from`; returns everything said since. */
async function waitForSpeech(page: Page, pattern: RegExp, from: number, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const said = await spoken(page, from);
    if (said.some((t) => pattern.test(t))) return said;
    if (Date.now() > deadline) throw new Error(`Sightline did not say ${pattern} within ${timeoutMs} ms; it said ${JSON.stringify(said)}`);
    await page.waitForTimeout(50);
  }
}

/**
 * Without a screen reader Sightline speaks for itself, with a real engine (festival through `say`, its audio sent
 * to a file that takes 0.7 s to "play", as this machine has no sound card). Its reader reads the result block by
 * block and line by line, pauses and resumes; and when a screen reader starts, Sightline goes quiet by itself.
 */
describe("Sightline's own voice, for people without a screen reader", { skip: chromiumMissing }, () => {
  let s: Session;
  let page: Page;
  let home: Awaited<ReturnType<typeof festivalHome>>;

  before(async () => {
    home = await festivalHome(0.7, await mkdtemp(path.join(os.tmpdir(), 'sightline-voice-')));
    s = await openSession({ serveArgs: ['--speech', 'voice', '--screen-reader', 'none'], serveEnv: { HOME: home.dir } });
    page = s.page;
    await page.keyboard.press('Alt+5');
    await tabTo(page, /combobox "Speech engine"/);
    await page.selectOption('#set-speechEngine', 'say');
    await waitInPage(page, 'the engine setting to be saved', () => document.getElementById('status-text').textContent === 'Speech engine saved.');
  });

  after(async () => {
    await s?.close();
    if (home) await rm(home.dir, { recursive: true, force: true });
  });

  test('with no screen reader running, "Automatic" means Sightline speaks, and the reader keys are offered', async () => {
    assert.equal(await page.evaluate(() => document.getElementById('set-screenReader').value), 'auto');
    assert.match(await page.evaluate(() => document.getElementById('screen-reader-note').textContent), /is off: Sightline speaks\. No screen reader is running\./);
  });

  test('a result is read aloud block by block; Space pauses and resumes where it stopped; keys read by line and block', async () => {
    await page.keyboard.press('Alt+2');
    const said0 = await speechCount(page);
    const live0 = await announcementCount(page);
    const chooser = s.nextFileChooser();
    await page.keyboard.press('Control+o');
    await (await chooser).setFiles({ name: 'people.png', mimeType: 'image/png', buffer: await tableImage(TABLE) });
    await waitForSpeech(page, /people\.png/, said0);
    assert.equal((await focused(page)).id, 'photo-title');
    // The summary comes next; pause as soon as the reader is on it.
    await waitForSpeech(page, /mostly text|page of text/i, said0);
    await page.keyboard.press('Space');
    await waitInPage(page, 'the reader to pause', () => /Resume reading/.test(document.querySelector('#photo-conversation .toolbar button').textContent));
    await waitInPage(page, 'speech to stop', () => !document.body.hasAttribute('data-speaking'));
    const pausedAt = await speechCount(page);
    await page.waitForTimeout(1500);
    assert.deepEqual(await spoken(page, pausedAt), [], 'nothing is said while paused');
    await page.keyboard.press('Space');
    const resumed = await waitForSpeech(page, /./, pausedAt);
    assert.match(resumed[0]!, /mostly text|page of text/i, `resumes with the block it paused in: ${JSON.stringify(resumed)}`);
    // Let it read to the end: every block once, in order, a table row per line.
    const all = await waitForSpeech(page, /bob.*42.*rome/i, said0, 60_000);
    const at = (re: RegExp) => all.findIndex((t) => re.test(t));
    assert.ok(at(/^people\.png\.?$/) === 0 && at(/mostly text|page of text/i) === 1 && at(/name.*age.*city/i) > 1, `read in order: ${JSON.stringify(all)}`);
    assert.match(all.slice(at(/name.*age.*city/i)).join(' '), /Name, Age, City\..*Name: Ann, Age: 31, City: Oslo\..*Name: Bob, Age: 42, City: Rome/is, 'a table row per line, each cell with its column header');
    await waitInPage(page, 'the reader to finish', () => /Read aloud/.test(document.querySelector('#photo-conversation .toolbar button').textContent));
    // By line and block, from the keyboard, with the line highlighted.
    const before = await speechCount(page);
    await page.keyboard.press('Home');
    await waitForSpeech(page, /^people\.png\.?$/, before);
    const down = await speechCount(page);
    await page.keyboard.press('ArrowDown');
    const line = await waitForSpeech(page, /./, down);
    assert.match(line[0]!, /mostly text|page of text/i);
    assert.match(await page.evaluate(() => document.querySelector('#photo-conversation .reading')?.textContent ?? ''), /mostly text|page of text/i, 'the line being read is highlighted');
    const block = await speechCount(page);
    await page.keyboard.press('Control+ArrowDown');
    await waitForSpeech(page, /Name.*Age.*City/, block);
    assert.ok((await readFile(home.audioFile)).length > 10_000, 'festival really spoke (its audio went to the file)');
    // Sightline's voice carries the result: the live regions were not handed the long text.
    const live = (await announcements(page)).slice(live0).map((a) => a.text);
    assert.ok(live.every((t) => t.length <= 160 && !/Ann.*Oslo/.test(t)), JSON.stringify(live));
    await page.keyboard.press('Escape');
    await expectNoViolations(page, 'self-voicing result');
  });

  test('when a screen reader starts, screen-reader mode turns on by itself; an explicit "off" holds', async () => {
    const from = await announcementCount(page);
    s.served.toggleScreenReader();
    await waitForAnnouncement(page, /^A screen reader is running: Sightline stays silent/, { from });
    assert.equal(await page.evaluate(() => document.querySelector('#photo-conversation .toolbar button').hidden), true, "Sightline's reader is put away");
    await page.keyboard.press('Alt+5');
    assert.match(await page.evaluate(() => document.getElementById('screen-reader-note').textContent), /is on: .* A screen reader is running\./);
    await tabTo(page, /combobox "Screen reader mode"/);
    await page.selectOption('#set-screenReader', 'off');
    await waitInPage(page, 'the choice to be saved', () => /You chose this/.test(document.getElementById('screen-reader-note').textContent));
    assert.match(await page.evaluate(() => document.getElementById('screen-reader-note').textContent), /is off: Sightline speaks\. You chose this\./);
    await page.selectOption('#set-screenReader', 'auto');
    await waitInPage(page, 'auto to follow the screen reader again', () => /is on: .* A screen reader is running/.test(document.getElementById('screen-reader-note').textContent));
    s.served.toggleScreenReader();
    await waitInPage(page, 'the screen reader to stop', () => /is off: Sightline speaks\. No screen reader is running/.test(document.getElementById('screen-reader-note').textContent));
    assert.equal(await page.evaluate(() => window.__streams.length), 0);
  });
});
