import type {
  BridgeError,
  EventChannel,
  EventMap,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  SightlineBridge,
} from '../../electron/common/ipc.js';

/** A failed call, carrying the core's error kind so the UI can tell "cancelled" from a real failure. */
export class BridgeCallError extends Error {
  readonly kind: string;
  constructor(error: BridgeError) {
    super(error.message);
    this.name = 'BridgeCallError';
    this.kind = error.kind;
  }
}

/** The renderer's view of `window.sightline`: calls resolve to values and reject with BridgeCallError. */
export interface Bridge {
  call<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventMap[C]) => void): () => void;
}

declare global {
  interface Window {
    sightline?: SightlineBridge;
  }
}

/** Wraps the bridge the preload (Electron) or the harness script installed; null when neither did. */
export function connectBridge(raw: SightlineBridge | undefined = window.sightline): Bridge | null {
  if (!raw || typeof raw.invoke !== 'function' || typeof raw.on !== 'function') return null;
  return Object.freeze({
    async call<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>> {
      const result = await raw.invoke(channel, request);
      if (result.ok) return result.value;
      throw new BridgeCallError(result.error);
    },
    on: raw.on.bind(raw) as Bridge['on'],
  });
}

let counter = 0;

/** Request ids only need to be unique within this window; they let Escape cancel the right request. */
export function newRequestId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export function isCancelled(err: unknown): boolean {
  return err instanceof BridgeCallError && err.kind === 'cancelled';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.message;
  return String(err);
}
