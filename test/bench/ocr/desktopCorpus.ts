/**
 * Renders the desktop corpus (test/bench/ocr/desktopScenarios.ts): for each screen size a private X server (Xvfb)
 * and a private D-Bus session (which starts its own AT-SPI bus); in it each scenario's program, alone, then
 * test/bench/ocr/atspi_dump.py, which waits for the program's window, does the scenario's actions, and takes the
 * screenshot and the accessibility tree while the tree holds still. The truth and the painted screenshot are then
 * made from the dump (test/bench/ocr/desktopTruth.ts).
 *
 * Everything started runs in a process group of its own and is killed, group and all, when done or past its
 * deadline, and when this process exits. Cached under cacheDir as <id>.<key>.png/.json (the screen as the bench
 * reads it: key = scenario, versions, helper and package version, truth rules) beside <id>.<key>.raw.png and
 * .atspi.json (the dump as taken, so that changed truth rules do not need the programs run again).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { TruthBlock } from './docCorpus';
import { DESKTOP_APPS, desktopScenarios, type DesktopScenario, type DesktopSet } from './desktopScenarios';
import { desktopTruth, paintMasks, TRUTH_VERSION, type AtspiDump } from './desktopTruth';

/** Bumped whenever the way programs are run or dumped changes, so cached screens are made again. */
const RENDER_VERSION = 1;
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const HELPER = path.join(ROOT, 'test', 'bench', 'ocr', 'atspi_dump.py');
const PYTHON = '/usr/bin/python3';
const START_TIMEOUT_MS = 15_000;
const DUMP_TIMEOUT_S = 60;
const TOOLS = ['/usr/bin/Xvfb', '/usr/bin/dbus-daemon', '/usr/libexec/at-spi-bus-launcher', PYTHON];

export interface RenderedDesktopScreen extends DesktopScenario {
  readonly png: string;
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Visible text blocks in reading order. */
  readonly blocks: readonly TruthBlock[];
  /** How many regions were painted over (cut, elided or unnamed text). */
  readonly masks: number;
  /** Candidate texts left out, by reason, and the first of them. */
  readonly dropped: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
}

/** desktopCorpusMissing's answer, found once per process (the Python probe takes a while). */
let missingMemo: string | null | undefined;

/**
 * Why the desktop corpus cannot be rendered here (a missing tool, Python module or program, with the Debian
 * packages to install), or null when it can.
 */
export function desktopCorpusMissing(): string | null {
  if (missingMemo === undefined) missingMemo = probeDesktopCorpus();
  return missingMemo;
}

function probeDesktopCorpus(): string | null {
  const tools = TOOLS.filter((t) => !existsSync(t));
  if (tools.length) return `${tools.join(', ')} not found (apt-get install xvfb dbus at-spi2-core python3)`;
  const probe = spawnSync(PYTHON, ['-c', "import gi; gi.require_version('Atspi', '2.0'); gi.require_version('Gdk', '3.0'); gi.require_version('PangoCairo', '1.0'); from gi.repository import Atspi, Gdk, PangoCairo; import Xlib"], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) return `python3 cannot load AT-SPI, GDK or Xlib (apt-get install python3-gi gir1.2-atspi-2.0 gir1.2-gtk-3.0 python3-xlib): ${(probe.stderr || '').trim().split('\n').pop()}`;
  const apps = Object.values(DESKTOP_APPS).filter((a) => !existsSync(a.binary));
  if (apps.length) return `${apps.map((a) => a.binary).join(', ')} not found (apt-get install ${[...new Set(apps.map((a) => a.pkg))].join(' ')})`;
  return null;
}

// Process groups started here and not yet reaped: killed outright if this process exits first.
const live = new Set<number>();
process.on('exit', () => {
  for (const pgid of live) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A program in a process group of its own (what it starts stays in the group), with the tail of its stderr. */
class Group {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private errTail = '';

  constructor(command: string, args: readonly string[], options: SpawnOptions) {
    this.child = spawn(command, args, { ...options, detached: true });
    if (this.child.pid !== undefined) live.add(this.child.pid);
    this.child.stderr?.on('data', (d: Buffer) => { this.errTail = (this.errTail + d.toString('utf8')).slice(-2000); });
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => { this.errTail += String(err); resolve(null); });
      this.child.once('exit', (code) => resolve(code));
    });
  }

  get stderr(): string {
    return this.errTail.trim();
  }

  /** Waits for the leader to exit, for at most `ms`; undefined if it has not. */
  async wait(ms: number): Promise<number | null | undefined> {
    return Promise.race([this.exited, delay(ms).then(() => undefined)]);
  }

  /** SIGTERM to the group, a grace period, then SIGKILL to whatever of the group is left. */
  async stop(graceMs = 2000): Promise<void> {
    const pgid = this.child.pid;
    if (pgid === undefined) return;
    const signal = (s: NodeJS.Signals) => { try { process.kill(-pgid, s); } catch { /* gone */ } };
    signal('SIGTERM');
    await this.wait(graceMs);
    signal('SIGKILL');
    await this.wait(2000);
    live.delete(pgid);
  }
}

/** The first line a stream gives, within `ms`. */
function firstLine(stream: Readable, ms: number, what: string, group: Group): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => { cleanup(); reject(new Error(`${what}: nothing after ${ms / 1000} s (${group.stderr.slice(-300)})`)); }, ms);
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) { cleanup(); resolve(buf.slice(0, nl).trim()); }
    };
    const onEnd = () => { cleanup(); reject(new Error(`${what}: exited before saying (${group.stderr.slice(-300)})`)); };
    const cleanup = () => { clearTimeout(timer); stream.off('data', onData); stream.off('end', onEnd); };
    stream.on('data', onData);
    stream.on('end', onEnd);
  });
}

/** An X server and a D-Bus session (with its AT-SPI bus) for one screen size. */
interface Session {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly groups: Group[];
}

async function startSession(screen: readonly [number, number]): Promise<Session> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-desktop-'));
  const run = path.join(dir, 'run');
  await mkdir(run);
  await chmod(run, 0o700);
  const groups: Group[] = [];
  try {
    const xvfb = new Group('/usr/bin/Xvfb', ['-displayfd', '3', '-screen', '0', `${screen[0]}x${screen[1]}x24`, '-dpi', '96', '-nolisten', 'tcp', '-noreset'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    groups.push(xvfb);
    const display = `:${await firstLine(xvfb.child.stdio[3] as Readable, START_TIMEOUT_MS, 'Xvfb', xvfb)}`;
    const env: NodeJS.ProcessEnv = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', DISPLAY: display, XDG_RUNTIME_DIR: run, HOME: dir };
    const bus = new Group('/usr/bin/dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    groups.push(bus);
    const address = await firstLine(bus.child.stdout!, START_TIMEOUT_MS, 'dbus-daemon', bus);
    return { dir, env: { ...env, DBUS_SESSION_BUS_ADDRESS: address }, groups };
  } catch (err) {
    for (const g of groups.reverse()) await g.stop(500);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function stopSession(s: Session): Promise<void> {
  for (const g of [...s.groups].reverse()) await g.stop();
  await rm(s.dir, { recursive: true, force: true });
}

const QSS: Record<DesktopScenario['theme'], string> = {
  light: '',
  dark: 'QWidget { background-color: #2b2b2b; color: #e8e8e8; selection-background-color: #3d6fa8; selection-color: #ffffff; } QLineEdit, QTextEdit, QPlainTextEdit, QAbstractItemView, QSpinBox, QComboBox { background-color: #1e1e1e; alternate-background-color: #262626; color: #e8e8e8; } QHeaderView::section { background-color: #383838; color: #e8e8e8; } QPushButton { background-color: #3a3a3a; }',
  contrast: 'QWidget { background-color: #000000; color: #ffffff; selection-background-color: #ffff00; selection-color: #000000; } QLineEdit, QTextEdit, QPlainTextEdit, QAbstractItemView, QSpinBox, QComboBox { background-color: #000000; alternate-background-color: #000000; color: #ffffff; border: 1px solid #ffffff; } QHeaderView::section { background-color: #000000; color: #ffffff; border: 1px solid #ffffff; } QPushButton { background-color: #000000; border: 2px solid #ffffff; }',
};

/** The program's environment and argument vector for one scenario; per-scenario settings go under `home`. */
async function appLaunch(s: DesktopScenario, session: Session, home: string): Promise<{ env: NodeJS.ProcessEnv; args: string[] }> {
  const config = path.join(home, '.config');
  await mkdir(config, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...session.env, HOME: home, XDG_CONFIG_HOME: config, XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local', 'share'),
    GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '0', QT_ACCESSIBILITY: '1', QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '1', QT_QPA_PLATFORM: 'xcb',
  };
  const [family, points] = (() => { const m = /^(.*)\s+(\d+(?:\.\d+)?)$/.exec(s.font); return m ? [m[1]!, Number(m[2])] : [s.font, 10]; })();
  if (s.toolkit === 'gtk3') {
    await mkdir(path.join(config, 'gtk-3.0'), { recursive: true });
    await writeFile(path.join(config, 'gtk-3.0', 'settings.ini'), `[Settings]\ngtk-font-name=${s.font}\ngtk-enable-animations=false\ngtk-cursor-blink=false\ngtk-xft-antialias=1\ngtk-xft-hinting=1\ngtk-xft-hintstyle=hintslight\ngtk-xft-rgba=none\n`);
    Object.assign(env, { GTK_THEME: s.theme === 'dark' ? 'Adwaita:dark' : s.theme === 'contrast' ? 'HighContrast' : 'Adwaita', GDK_SCALE: String(s.scale), GDK_DPI_SCALE: String(s.dpiScale) });
    return { env, args: [...s.args] };
  }
  const qss = path.join(home, 'style.qss');
  await writeFile(qss, `* { font-family: "${family}"; font-size: ${points}pt; }\n${QSS[s.theme]}\n`);
  Object.assign(env, { QT_SCALE_FACTOR: String(s.scale), QT_FONT_DPI: String(Math.round(96 * s.dpiScale)) });
  return { env, args: ['-style', 'Fusion', '-stylesheet', qss, ...s.args] };
}

/** Runs one scenario in the session: the dump and raw screenshot land at `atspiJson` and `rawPng`. */
async function dumpScenario(s: DesktopScenario, session: Session, k: number, atspiJson: string, rawPng: string): Promise<void> {
  const home = path.join(session.dir, `home-${k}`);
  const { env, args } = await appLaunch(s, session, home);
  const app = new Group(s.binary, args, { env, stdio: [s.stdin.length ? 'pipe' : 'ignore', 'ignore', 'pipe'], cwd: home });
  if (s.stdin.length) {
    app.child.stdin!.on('error', () => undefined); // a program that exits early is reported below
    app.child.stdin!.end(`${s.stdin.join('\n')}\n`);
  }
  try {
    if (app.child.pid === undefined) throw new Error(`${s.binary} did not start: ${app.stderr}`);
    const request = path.join(home, 'request.json');
    await writeFile(request, JSON.stringify({
      pid: app.child.pid, arrange: s.arrange, actions: s.actions, font: s.font, dpi: 96 * s.scale * s.dpiScale, scale: s.scale,
      timeoutS: DUMP_TIMEOUT_S, out: `${atspiJson}.tmp`, png: `${rawPng}.tmp.png`,
    }));
    const helper = new Group(PYTHON, [HELPER, request], { env: { ...session.env, HOME: home, NO_AT_BRIDGE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const code = await helper.wait((DUMP_TIMEOUT_S + 15) * 1000);
      if (code === undefined) throw new Error(`the AT-SPI dump took more than ${DUMP_TIMEOUT_S + 15} s`);
      if (code !== 0) {
        const appCode = await app.wait(0);
        throw new Error(`the AT-SPI dump failed (exit ${code}): ${helper.stderr.split('\n').slice(-3).join(' ')}${appCode !== undefined ? `; ${path.basename(s.binary)} exited ${appCode}: ${app.stderr.slice(-300)}` : ''}`);
      }
    } finally {
      await helper.stop(500);
    }
    await rename(`${rawPng}.tmp.png`, rawPng);
    await rename(`${atspiJson}.tmp`, atspiJson);
  } finally {
    await app.stop();
  }
}

/** Makes the truth and the painted screenshot from a dump. */
async function paint(s: DesktopScenario, atspiJson: string, rawPng: string, png: string): Promise<Omit<RenderedDesktopScreen, keyof DesktopScenario | 'png'>> {
  const dump = JSON.parse(await readFile(atspiJson, 'utf8')) as AtspiDump;
  const { data, info } = await sharp(rawPng).raw().toBuffer({ resolveWithObject: true });
  const px = { width: info.width, height: info.height, channels: info.channels, data };
  const truth = desktopTruth(dump, s.scale, px, s.toolkit);
  paintMasks(px, truth.masks);
  await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toFile(`${png}.tmp.png`);
  await rename(`${png}.tmp.png`, png);
  return { imageWidth: info.width, imageHeight: info.height, blocks: truth.blocks, masks: truth.masks.length, dropped: truth.dropped, notes: truth.notes };
}

const packageVersions = new Map<string, string>();
function packageVersion(pkg: string): string {
  if (!packageVersions.has(pkg)) {
    const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8', timeout: 10_000 });
    packageVersions.set(pkg, r.status === 0 ? r.stdout.trim() : 'unknown');
  }
  return packageVersions.get(pkg)!;
}

const sha = (v: unknown) => createHash('sha256').update(typeof v === 'string' ? v : JSON.stringify(v)).digest('hex').slice(0, 16);

/**
 * Renders the desktop corpus (or the named set) into `cacheDir`, reusing what was rendered before. A scenario whose
 * program fails, or whose accessibility tree gives no text, is left out with a warning.
 */
export async function renderDesktopCorpus(cacheDir: string, only?: DesktopSet, log: (s: string) => void = () => undefined, pick: (s: DesktopScenario) => boolean = () => true): Promise<RenderedDesktopScreen[]> {
  const missing = desktopCorpusMissing();
  if (missing) throw new Error(`desktop corpus: ${missing} (bash scripts/setup.sh --test)`);
  await mkdir(cacheDir, { recursive: true });
  const helperHash = sha(readFileSync(HELPER, 'utf8'));
  const scenarios = desktopScenarios().filter((s) => (!only || s.set === only) && pick(s)).map((s) => {
    const renderKey = sha({ s, RENDER_VERSION, helperHash, QSS, version: packageVersion(s.pkg) });
    const truthKey = sha({ renderKey, TRUTH_VERSION });
    const base = path.join(cacheDir, s.id);
    return { s, rawPng: `${base}.${renderKey}.raw.png`, atspiJson: `${base}.${renderKey}.atspi.json`, png: `${base}.${truthKey}.png`, meta: `${base}.${truthKey}.json` };
  });
  // Dumps still to take, one session per screen size, one program at a time.
  const todo = scenarios.filter((x) => !existsSync(x.meta) && !(existsSync(x.rawPng) && existsSync(x.atspiJson)));
  const failed = new Set<string>();
  for (const size of [...new Set(todo.map((x) => x.s.screen.join('x')))]) {
    const group = todo.filter((x) => x.s.screen.join('x') === size);
    const session = await startSession(group[0]!.s.screen);
    try {
      for (const [k, x] of group.entries()) {
        log(`desktop: running ${x.s.id}`);
        try {
          await dumpScenario(x.s, session, k, x.atspiJson, x.rawPng);
        } catch (err) {
          log(`desktop: WARNING ${x.s.id} left out: ${(err as Error).message}`);
          failed.add(x.s.id);
        }
      }
    } finally {
      await stopSession(session);
    }
  }
  const out: RenderedDesktopScreen[] = [];
  for (const x of scenarios) {
    if (failed.has(x.s.id)) continue;
    let made: Omit<RenderedDesktopScreen, keyof DesktopScenario | 'png'>;
    if (existsSync(x.meta) && existsSync(x.png)) made = JSON.parse(await readFile(x.meta, 'utf8')) as typeof made;
    else {
      made = await paint(x.s, x.atspiJson, x.rawPng, x.png);
      await writeFile(x.meta, `${JSON.stringify(made)}\n`);
    }
    if (made.blocks.length === 0) {
      log(`desktop: WARNING ${x.s.id} left out: the accessibility tree gave no visible text`);
      continue;
    }
    out.push({ ...x.s, png: x.png, ...made });
  }
  return out;
}
