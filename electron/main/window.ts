import { BrowserWindow, app } from 'electron';
import path from 'node:path';
import { APP_ENTRY_URL } from '../core/app/securityPolicy';

/**
 * The main window: hardened web preferences, shown as soon as the first paint is ready (models load later, in
 * the background, so the window is interactive at once).
 */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: 'Sightline',
    width: 1040,
    height: 780,
    minWidth: 360,
    minHeight: 400,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => {
    win.show();
    win.focus();
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
