/**
 * Electron's side of the typed IPC contract: one `ipcMain.handle` per channel. Each call is served only when
 * it comes from the main frame of one of our windows showing our own page; the payload is then validated and
 * answered by the application service. Events go back to the window that asked, or to every window.
 */
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_CHANNELS, type BridgeResult } from '../common/ipc';
import type { SightlineService } from '../core/app/sightlineService';
import { senderProblem } from '../core/app/securityPolicy';
import { createLogger } from '../core/common/logger';
import { IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from './ipcNames';

const log = createLogger('ipc');

const senderKey = (contents: WebContents) => `wc:${contents.id}`;

function checkSender(event: IpcMainInvokeEvent): string | null {
  const frame = event.senderFrame;
  const owner = BrowserWindow.fromWebContents(event.sender);
  return senderProblem({
    frameUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    isOwnWindow: owner !== null && !owner.isDestroyed(),
  });
}

export function wireIpc(service: SightlineService): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(`${IPC_INVOKE_PREFIX}${channel}`, async (event, request: unknown): Promise<BridgeResult<unknown>> => {
      const problem = checkSender(event);
      if (problem) {
        log.warn(`${channel} refused: ${problem}`);
        return { ok: false, error: { kind: 'usage', message: `${channel}: refused because ${problem}` } };
      }
      return service.handle(channel, request, senderKey(event.sender));
    });
  }

  const stopEvents = service.onEvent(({ channel, payload, target }) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed()) continue;
      if (target !== null && senderKey(win.webContents) !== target) continue;
      win.webContents.send(`${IPC_EVENT_PREFIX}${channel}`, payload);
    }
  });

  // A closed or reloaded window's work is cancelled, not left running for nobody.
  const onCreated = (_e: unknown, win: BrowserWindow) => {
    const key = senderKey(win.webContents);
    win.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) service.releaseSender(key);
    });
    win.on('closed', () => service.releaseSender(key));
  };
  app.on('browser-window-created', onCreated);

  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(`${IPC_INVOKE_PREFIX}${channel}`);
    stopEvents();
    app.off('browser-window-created', onCreated);
  };
}
