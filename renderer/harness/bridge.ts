/**
 * The browser harness's `window.sightline`: the same SightlineBridge the Electron preload exposes, carried
 * over a WebSocket to the real core (`npm run serve`). Loaded only by the harness, which injects this
 * script ahead of the app; the token that opens the socket comes from the page's URL.
 */
import type {
  BridgeResult,
  EventChannel,
  EventMap,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  SightlineBridge,
} from '../../electron/common/ipc.js';
import { decodeWire, encodeWire, MAX_WIRE_MESSAGE_BYTES } from '../../electron/core/harness/wireCodec.js';

type ServerMessage =
  | { readonly type: 'reply'; readonly id: number; readonly result: BridgeResult<unknown> }
  | { readonly type: 'event'; readonly channel: EventChannel; readonly payload: unknown };

function createHarnessBridge(): SightlineBridge {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge?token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: BridgeResult<unknown>) => void>();
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let closedReason: string | null = null;

  const failAll = (message: string) => {
    closedReason = message;
    for (const resolve of pending.values()) resolve({ ok: false, error: { kind: 'internal', message } });
    pending.clear();
  };

  socket.addEventListener('open', () => {
    for (const text of queue.splice(0)) socket.send(text);
  });
  socket.addEventListener('close', () => failAll('the connection to the Sightline harness closed'));
  socket.addEventListener('message', (e: MessageEvent<string>) => {
    const message = decodeWire(e.data) as ServerMessage;
    if (message.type === 'reply') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.channel) ?? []) listener(message.payload as never);
    }
  });

  return Object.freeze({
    invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<BridgeResult<InvokeResponse<C>>> {
      if (closedReason) return Promise.resolve({ ok: false, error: { kind: 'internal', message: closedReason } });
      const id = nextId++;
      let text: string;
      try {
        text = encodeWire({ type: 'invoke', id, channel, request });
      } catch (err) {
        return Promise.resolve({ ok: false, error: { kind: 'usage', message: `${channel}: ${(err as Error).message}` } });
      }
      // Base64 is ASCII, so characters are bytes. Over the limit the server would close the socket for everyone.
      if (text.length > MAX_WIRE_MESSAGE_BYTES) {
        const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
        return Promise.resolve({ ok: false, error: { kind: 'bad-input', message: `${channel}: the request is ${mb(text.length)} once encoded, over the ${mb(MAX_WIRE_MESSAGE_BYTES)} limit; use a smaller image` } });
      }
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: BridgeResult<unknown>) => void);
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventMap[C]) => void): () => void {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(channel, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  });
}

window.sightline = createHarnessBridge();
