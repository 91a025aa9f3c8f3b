/* eslint-disable @typescript-eslint/no-explicit-any */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, FileChooser, Page } from 'playwright-core';
import {
  axeViolations,
  formatViolations,
  interceptFileChoosers,
  launchChromium,
  recordAnnouncements,
  watchPageErrors,
} from './browser';
import { startServe, type ServedHarness } from './harnessProcess';

// Browser globals, used only inside page.evaluate and init-script callbacks.
declare const window: any;
declare const document: any;
declare const navigator: any;

export interface Session {
  readonly served: ServedHarness;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly problems: () => string[];
  readonly nextFileChooser: () => Promise<FileChooser>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Arguments for `npm run serve` (e.g. --screen-reader running, --speech silent). */
  readonly serveArgs?: string[];
  readonly serveEnv?: Record<string, string>;
  /** Extra Chromium switches (fake camera and microphone). */
  readonly chromiumArgs?: string[];
  readonly viewport?: { width: number; height: number };
  readonly permissions?: string[];
}

/**
 * A real harness (`npm run serve`, the real core on the fixture pack) and a real Chromium page on it, with the
 * recorders every test reads: announcements (live regions), focus landing on <body>, Sightline's speech
 * (speech-state events) and the microphone tracks the page opened.
 */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const served = await startServe({ args: options.serveArgs ?? [], env: options.serveEnv });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(options.chromiumArgs ?? []);
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    if (options.permissions) await context.grantPermissions(options.permissions, { origin: served.origin });
    const page = await context.newPage();
    const problems = watchPageErrors(page);
    const nextFileChooser = interceptFileChoosers(page);
    await recordAnnouncements(page);
    await recordFocusAndMicrophone(page);
    await page.goto(served.url);
    // Shown in the status line whatever speaks it (the live regions, or Sightline's own voice).
    await waitInPage(page, 'Sightline to be ready', () => /Sightline is ready/.test(document.getElementById('status-text')?.textContent ?? ''));
    // The live region is filled a moment after the status line (and, without a screen reader, only if the core
    // relays speech it could not sound): give it that moment, so a test's first count starts after it.
    await page
      .waitForFunction(() => (window.__announcements ?? []).some((a: any) => /Sightline is ready/.test(a.text)), undefined, { timeout: 3000 })
      .catch(() => undefined);
    await page.evaluate(() => {
      window.__speech = [];
      window.sightline.on('speech-state', (e: any) => window.__speech.push(e));
    });
    const open = browser;
    return { served, browser: open, context, page, problems, nextFileChooser, close: async () => {
      await open.close();
      await served.stop();
    } };
  } catch (err) {
    await browser?.close();
    await served.stop();
    throw err;
  }
}

/**
 * Records, from the page's first moment, every time focus fell to <body> (a focusout with nowhere to go that
 * was not followed by a focusin), and every MediaStream the page opened, so tests can tell whether a microphone
 * is still live. getUserMedia itself is Chromium's real one; `window.__micOpenDelayMs` makes it as slow to open
 * as a real device can be, so a key released meanwhile is tested too.
 */
async function recordFocusAndMicrophone(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__bodyFocus = [];
    document.addEventListener('focusout', (e: any) => {
      if (e.relatedTarget) return;
      const from = e.target?.id || e.target?.tagName;
      setTimeout(() => {
        if ((document.activeElement === document.body || !document.activeElement) && document.hasFocus()) window.__bodyFocus.push(from);
      }, 0);
    }, true);
    window.__streams = [];
    const media = navigator.mediaDevices;
    if (media?.getUserMedia) {
      const real = media.getUserMedia.bind(media);
      media.getUserMedia = async (constraints: unknown) => {
        // A real device can take a while to open; tests set this to give key presses time to arrive meanwhile.
        if (window.__micOpenDelayMs) await new Promise((resolve) => setTimeout(resolve, window.__micOpenDelayMs));
        const stream = await real(constraints);
        window.__streams.push(stream);
        return stream;
      };
    }
  });
}

/** Focus fell to <body> since the last call (and the record starts again). */
export async function bodyFocusSince(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__bodyFocus.splice(0));
}

/** Live microphone tracks the page holds. */
export async function liveMicrophones(page: Page): Promise<number> {
  return page.evaluate(() => window.__streams.flatMap((s: any) => s.getAudioTracks()).filter((t: any) => t.readyState === 'live').length);
}

/** What Sightline said with its own voice, sentence by sentence (speech-state events), since `from`. */
export async function spoken(page: Page, from = 0): Promise<string[]> {
  return page.evaluate((start: number) => window.__speech.slice(start).filter((e: any) => e.speaking && e.text).map((e: any) => e.text), from);
}

export async function speechCount(page: Page): Promise<number> {
  return page.evaluate(() => window.__speech.length);
}

/** The focused element: tag, id, text (first 80 characters), and the view it is in. */
export async function focused(page: Page): Promise<{ tag: string; id: string; text: string; view: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName ?? '',
      id: el?.id ?? '',
      text: (el?.textContent ?? '').trim().slice(0, 80),
      view: el?.closest('section.view')?.id.replace('view-', '') ?? null,
    };
  });
}

export async function expectNoViolations(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, formatViolations(state, violations));
}

/** Waits for the page to satisfy `predicate` (run in the page), failing with what it waited for. */
export async function waitInPage(page: Page, what: string, predicate: () => unknown, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction(predicate, undefined, { timeout: timeoutMs, polling: 50 });
  } catch (err) {
    throw new Error(`waited ${timeoutMs} ms for ${what}: ${(err as Error).message.split('\n')[0]}`);
  }
}
