/**
 * Exposes the typed IPC contract to the page as `window.sightline`, and nothing else.
 * Sandboxed preloads may require only 'electron', so this file is self-contained: the channel lists and wire
 * prefixes below repeat electron/common/ipc.ts and electron/main/ipcNames.ts, and a test keeps them equal.
 * Only type imports come from the contract (they vanish at compile time).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeResult, EventChannel, EventMap, InvokeChannel, InvokeRequest, InvokeResponse, SightlineBridge } from '../common/ipc';

const INVOKE_PREFIX = 'sightline:';
const EVENT_PREFIX = 'sightline-event:';

const INVOKE: readonly string[] = Object.freeze([
  'describe-screen', 'read-screen', 'describe-image', 'ask', 'transcribe', 'cancel', 'speak', 'stop-speech',
  'open-image-dialog', 'get-settings', 'set-settings', 'list-history', 'clear-history', 'model-status',
  'fetch-models', 'list-voices', 'doctor', 'open-conversation',
]);

const EVENTS: readonly string[] = Object.freeze([
  'shortcut', 'token', 'text-blocks', 'progress', 'download-progress', 'announce', 'model-state', 'speech-state', 'screen-reader',
]);

const refused = (message: string) => ({ ok: false as const, error: Object.freeze({ kind: 'usage', message }) });

const bridge: SightlineBridge = Object.freeze({
  async invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<BridgeResult<InvokeResponse<C>>> {
    // The page can only reach our channels, never an arbitrary ipcRenderer message.
    if (typeof channel !== 'string' || !INVOKE.includes(channel)) return refused(`unknown channel "${String(channel).slice(0, 60)}"`);
    try {
      return (await ipcRenderer.invoke(INVOKE_PREFIX + channel, request)) as BridgeResult<InvokeResponse<C>>;
    } catch (err) {
      // Only structured-clone failures land here (e.g. a function in the payload); main never throws.
      return refused(`${channel}: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
    }
  },
  on<C extends EventChannel>(channel: C, listener: (payload: EventMap[C]) => void): () => void {
    if (typeof channel !== 'string' || !EVENTS.includes(channel) || typeof listener !== 'function') return () => undefined;
    // The page never sees the IpcRendererEvent (it carries `sender`, a handle on ipcRenderer itself).
    const wrapped = (_event: IpcRendererEvent, payload: EventMap[C]) => listener(payload);
    ipcRenderer.on(EVENT_PREFIX + channel, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_PREFIX + channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('sightline', bridge);
