/**
 * Sightline's Electron main process: thin wiring only. Everything that can run without Electron lives in
 * electron/core (the application service, validation, stores, policies) and is tested under Node.
 * Order matters for the user: the window appears first; models are checked and warmed in the background and
 * their state is announced.
 */
import { app, BrowserWindow, dialog, session } from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EncodedImage, ShortcutAction } from '../common/ipc';
import { createAnnounceOnlySpeech } from '../core/app/announceOnlySpeech';
import { createModelsPort } from '../core/app/modelsPort';
import type { SpeechPort } from '../core/app/ports';
import { SightlineService } from '../core/app/sightlineService';
import { createSettingsStore } from '../core/app/settingsStore';
import { SightlineError, toSightlineError } from '../core/common/errors';
import { createLogger } from '../core/common/logger';
import { LIMITS } from '../core/common/limits';
import { InferenceHost } from '../core/host/inferenceHost';
import { createSpeechService } from '../core/speech/speechService';
import { createDesktopCapture } from './capture';
import { wireIpc } from './ipcMain';
import { appPaths } from './paths';
import { hardenAllContents, hardenSession, registerAppScheme, serveAppProtocol } from './security';
import { applyShortcuts } from './shortcuts';
import { createMainWindow } from './window';
import { startModelCheck } from './modelCheck';

const log = createLogger('main');

// Tests and portable setups point the user-data folder elsewhere (settings, history, Chromium's caches). It must be
// set before the single-instance lock, which is keyed by that folder.
if (process.env.SIGHTLINE_USER_DATA) app.setPath('userData', process.env.SIGHTLINE_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  // Another Sightline is running; it focuses its window (second-instance below) and this one leaves.
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  hardenAllContents();
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
  });
  app.whenReady().then(start).catch((err: unknown) => {
    const message = toSightlineError(err).message;
    log.error(`start-up failed: ${message}`);
    dialog.showErrorBox('Sightline could not start', message);
    app.exit(1);
  });
}

/** The speech service, or — if it cannot start at all — live-region announcements so the user still hears results. */
function loadSpeech(announce: (text: string, assertive: boolean) => void): SpeechPort & { dispose?: () => Promise<void> } {
  try {
    return createSpeechService({ announce });
  } catch (err) {
    log.warn(`speech output unavailable, using the screen reader's live regions: ${(err as Error).message}`);
    return createAnnounceOnlySpeech(announce);
  }
}

async function openImageDialog(): Promise<EncodedImage | null> {
  const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options: Electron.OpenDialogOptions = {
    title: 'Open a photo or image',
    properties: ['openFile'],
    filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'avif', 'heic', 'bmp', 'svg'] }],
  };
  const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  const file = result.filePaths[0];
  if (result.canceled || !file) return null;
  const stat = await fs.stat(file);
  if (stat.size > LIMITS.maxImageBytes) throw new SightlineError('bad-input', `${file}: file is ${stat.size} bytes, over the ${LIMITS.maxImageBytes}-byte limit`);
  return { name: path.basename(file), bytes: new Uint8Array(await fs.readFile(file)) };
}

async function start(): Promise<void> {
  const paths = appPaths();
  const appSession = session.defaultSession;
  hardenSession(appSession);
  serveAppProtocol(appSession, paths.assets);

  let service: SightlineService | undefined;
  // Speech that cannot be sounded reaches the live regions, marked so the page never asks to speak it again.
  const announce = (message: string, assertive: boolean) => service?.relaySpeech(message, assertive);

  // Settings are read first: the inference host's environment names the chosen model pack.
  const startupProblems: string[] = [];
  const settingsStore = createSettingsStore(app.getPath('userData'), { onProblem: (m) => startupProblems.push(m) });
  const initial = await settingsStore.load();

  const host = new InferenceHost({
    requestTimeoutMs: 5 * 60_000,
    env: {
      SIGHTLINE_PACK: process.env.SIGHTLINE_PACK ?? initial.pack,
      // The Settings device (auto, cpu, gpu) decides where sessions run and which file set they load.
      SIGHTLINE_DEVICE: process.env.SIGHTLINE_DEVICE ?? initial.device,
      SIGHTLINE_MODELS: paths.modelsRoot,
      ...(paths.ocrModels ? { SIGHTLINE_OCR_MODELS: paths.ocrModels } : {}),
      ...(paths.ocrLanguages ? { SIGHTLINE_OCR_LANGUAGES: paths.ocrLanguages } : {}),
    },
    onExit: (reason, detail) => log.warn(`inference host ${reason} (${detail}); it restarts on the next request`),
  });
  const speech = loadSpeech(announce);
  service = await SightlineService.create({
    host,
    speech,
    capture: createDesktopCapture(),
    userDataDir: app.getPath('userData'),
    settingsStore,
    settings: initial,
    openImageDialog,
    models: createModelsPort(paths.modelsRoot),
    modelsRoot: paths.modelsRoot,
  });
  const live = service;
  // Screen-reader mode follows the screen reader: Chromium turns accessibility support on when one runs.
  live.setScreenReaderRunning(app.accessibilitySupportEnabled);
  app.on('accessibility-support-changed', (_event, enabled) => live.setScreenReaderRunning(enabled));
  const unwire = wireIpc(live);
  createMainWindow();

  const onShortcut = (action: ShortcutAction) => {
    // Stopping speech must work even while the renderer is busy.
    if (action === 'stopSpeech') void speech.stop();
    live.emit('shortcut', { action });
  };
  const report = (message: string) => live.announce(message, true);
  applyShortcuts(live.settings, onShortcut, report);
  live.onSettingsChange((next, previous) => {
    if (JSON.stringify(next.shortcuts) !== JSON.stringify(previous.shortcuts)) applyShortcuts(next, onShortcut, report);
    // Sessions are loaded per pack inside the host; switching packs takes effect on the next start.
    if (next.pack !== previous.pack) live.announce(`The model pack "${next.pack}" will be used after Sightline restarts.`, false);
  });

  // Announce start-up problems and model state once the page listens.
  const win = BrowserWindow.getAllWindows()[0];
  win?.webContents.once('did-finish-load', () => {
    for (const problem of [...startupProblems, ...live.startupProblems]) live.announce(problem, true);
    startModelCheck({ service: live, host, modelsRoot: paths.modelsRoot, ocrModels: paths.ocrModels, pack: process.env.SIGHTLINE_PACK ?? live.settings.pack });
  });

  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('will-quit', () => {
    unwire();
    live.dispose();
    void host.dispose();
    void (speech as { dispose?: () => Promise<void> }).dispose?.();
  });
}
