import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { TABLE_CELL_SEPARATOR } from '../../../electron/core/ocr/readingOrder';
import { CHROMIUM_PATH } from '../../fixtures/screens/corpus';
import { docScreens, type DocScreen } from './docScreens';
import { TRUTH_IN_PAGE } from './truthInPage';

/** What a truth block is, as the DOM says (sidebar items and table rows are kept apart for the metrics). */
export type TruthKind = 'heading' | 'paragraph' | 'list-item' | 'table-row' | 'sidebar-item' | 'control';

export interface TruthBlock {
  readonly kind: TruthKind;
  readonly text: string;
  /** Image pixels: left, top, width, height. */
  readonly box: readonly [number, number, number, number];
  /** 0: the main pane; 1, 2…: a sidebar (a tall, narrow navigation or aside region). */
  readonly pane: number;
}

export interface RenderedDocScreen extends DocScreen {
  readonly png: string;
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Visible text blocks in DOM order. */
  readonly blocks: readonly TruthBlock[];
}

/** Bumped whenever rendering or truth extraction changes, so cached screens are made again. */
const GENERATOR_VERSION = 6;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'];

/** Dark mode for pages without their own: the common "dark reader" inversion, images turned back. */
const DARK_CSS = 'html { background: #fff !important; filter: invert(0.92) hue-rotate(180deg); } img, video { filter: invert(1) hue-rotate(180deg); }';
const fontCss = (font: string) => `body, body *:not(pre):not(code):not(tt):not(kbd):not(samp):not(pre *):not(code *) { font-family: "${font}" !important; }`;

/**
 * Scrolls the page's first table (a <table>, or a CSS grid of two or more columns and at least three rows that is not
 * a list, as javadoc's member summaries are) to 90 px below the top of what scrolls it: the document, or the inner
 * pane that scrolls under a fixed header.
 */
const SCROLL_TO_TABLE = `(() => {
  const gridTable = (e) => {
    const s = getComputedStyle(e);
    if ((s.display !== 'grid' && s.display !== 'inline-grid') || /^(DL|UL|OL|MENU)$/.test(e.tagName)) return false;
    const cols = s.gridTemplateColumns.replace(/\\[[^\\]]*\\]/g, ' ').trim().split(/\\s+/).length;
    return cols >= 2 && e.children.length >= 3 * cols;
  };
  const t = [...document.querySelectorAll('body *')].find((e) => e.getBoundingClientRect().height > 60 && (e.tagName === 'TABLE' ? e.rows.length > 2 : gridTable(e)));
  if (!t) return;
  let box = t.parentElement;
  for (; box && box !== document.body && box !== document.documentElement; box = box.parentElement) {
    const oy = getComputedStyle(box).overflowY;
    if ((oy === 'auto' || oy === 'scroll') && box.scrollHeight > box.clientHeight + 1) break;
  }
  if (box && box !== document.body && box !== document.documentElement) box.scrollTop = Math.max(0, box.scrollTop + t.getBoundingClientRect().top - box.getBoundingClientRect().top - 90);
  else window.scrollTo(0, Math.max(0, t.getBoundingClientRect().top + window.scrollY - 90));
})()`;

function cacheKey(screen: DocScreen): string {
  return createHash('sha256').update(JSON.stringify({ screen, GENERATOR_VERSION, TRUTH_IN_PAGE })).digest('hex').slice(0, 16);
}

async function renderOne(browser: Browser, screen: DocScreen, png: string): Promise<Omit<RenderedDocScreen, keyof DocScreen | 'png'>> {
  // Browser zoom z on a window W px wide at display scale s: a CSS viewport of W/z at a device scale of s·z.
  const [ww, wh] = screen.window;
  const cssW = Math.round(ww / screen.zoom), cssH = Math.round(wh / screen.zoom);
  const dsf = screen.scale * screen.zoom;
  const context = await browser.newContext({
    viewport: { width: cssW, height: cssH }, deviceScaleFactor: dsf, offline: true,
    colorScheme: screen.theme === 'dark' ? 'dark' : 'light', forcedColors: screen.theme === 'forced' ? 'active' : 'none',
  });
  try {
    const page = await context.newPage();
    await page.goto(`file://${screen.file}`, { waitUntil: 'load', timeout: 30_000 });
    if (screen.theme === 'dark') await page.addStyleTag({ content: DARK_CSS });
    if (screen.font) await page.addStyleTag({ content: fontCss(screen.font) });
    await page.evaluate('document.fonts.ready');
    if (screen.scroll === 'table') {
      await page.evaluate(SCROLL_TO_TABLE);
    }
    const css = (await page.evaluate(`(${TRUTH_IN_PAGE})(${JSON.stringify(TABLE_CELL_SEPARATOR)})`)) as Array<Omit<TruthBlock, 'box'> & { box: number[] }>;
    await page.screenshot({ path: png, animations: 'disabled', caret: 'hide' });
    const blocks = css.map((b) => ({ ...b, box: b.box.map((v) => Math.round(v * dsf)) as unknown as TruthBlock['box'] }));
    return { imageWidth: Math.round(cssW * dsf), imageHeight: Math.round(cssH * dsf), blocks };
  } finally {
    await context.close();
  }
}

/**
 * Renders the documentation corpus (or the named set) into `cacheDir`, reusing screens rendered before with the
 * same condition and generator version. Every source file must exist: a missing one names the Debian package.
 */
export async function renderDocCorpus(cacheDir: string, only?: DocScreen['set'], log: (s: string) => void = () => undefined): Promise<RenderedDocScreen[]> {
  const screens = docScreens().filter((s) => !only || s.set === only);
  const missing = screens.filter((s) => !existsSync(s.file));
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((s) => s.pkg))];
    throw new Error(`documentation corpus: ${missing[0]!.file} not found; install ${pkgs.join(', ')} (bash scripts/setup.sh --test)`);
  }
  await mkdir(cacheDir, { recursive: true });
  const out: RenderedDocScreen[] = [];
  let browser: Browser | null = null;
  try {
    for (const screen of screens) {
      const key = cacheKey(screen);
      const png = path.join(cacheDir, `${screen.id}.${key}.png`);
      const meta = png.replace(/\.png$/, '.json');
      if (existsSync(png) && existsSync(meta)) {
        out.push({ ...screen, png, ...(JSON.parse(await readFile(meta, 'utf8')) as Omit<RenderedDocScreen, keyof DocScreen | 'png'>) });
        continue;
      }
      browser ??= await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      log(`rendering ${screen.id}`);
      const tmp = `${png}.tmp.png`;
      const truth = await renderOne(browser, screen, tmp);
      await writeFile(meta, `${JSON.stringify(truth)}\n`);
      await rename(tmp, png);
      out.push({ ...screen, png, ...truth });
    }
  } finally {
    await browser?.close();
  }
  return out;
}
