/**
 * The app's security decisions as pure functions, so they are tested under Node and Electron main only
 * applies them: which URLs are Sightline's own page, which requests may leave the renderer (none to the
 * network), which permissions are granted (camera and microphone, to our page only), which IPC senders count.
 */
export const APP_SCHEME = 'sightline';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent as a header with every page of ours (stricter than the page's own meta tag: headers can also forbid
 * framing). No inline script or style, no remote anything; media from the camera/microphone streams only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'self'",
].join('; ');

/** Headers for every response of the app protocol. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(self), microphone=(self), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
});

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for pages and assets served by Sightline's own protocol. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * Schemes a renderer may load at run time. Everything else — http, https, ws, wss, ftp, file — is refused, so the
 * app works with the network gone and can never phone home. blob:/data: are in-memory.
 */
const ALLOWED_REQUEST_SCHEMES: readonly string[] = Object.freeze([`${APP_SCHEME}:`, 'blob:', 'data:']);
/** What DevTools loads; allowed only in a development run, never in a packaged app. */
const DEVTOOLS_SCHEMES: readonly string[] = Object.freeze(['devtools:', 'chrome-extension:']);

export function requestAllowed(url: string, options: { readonly devTools?: boolean } = {}): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:`) return isAppUrl(url);
  return ALLOWED_REQUEST_SCHEMES.includes(u.protocol) || (options.devTools === true && DEVTOOLS_SCHEMES.includes(u.protocol));
}

/**
 * WebRTC may gather candidates over UDP outside the proxy and webRequest, which sees only HTTP(S) and WebSocket:
 * only proxied traffic is allowed, and with no proxy configured that is none.
 */
export const WEBRTC_IP_POLICY = 'disable_non_proxied_udp' as const;

/** Navigation is allowed only within our own page (reloads, #fragments). */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Electron's permission names. Only 'media' is granted, only for audio and video capture (not screen
 * capture: the main process does that itself), and only to our own page.
 */
export function permissionAllowed(permission: string, requestingUrl: string, mediaTypes: readonly string[] = []): boolean {
  if (permission !== 'media' || !isAppUrl(requestingUrl)) return false;
  return mediaTypes.every((t) => t === 'audio' || t === 'video');
}

export interface SenderFacts {
  /** The URL of the frame that sent the message ('' when the frame is gone). */
  readonly frameUrl: string;
  /** Whether that frame is its webContents' main frame (not an iframe). */
  readonly isMainFrame: boolean;
  /** Whether that webContents belongs to a window Sightline created. */
  readonly isOwnWindow: boolean;
}

/** Null when an IPC message may be served; otherwise why not, for the one-line refusal. */
export function senderProblem(facts: SenderFacts): string | null {
  if (!facts.isOwnWindow) return 'the sender is not a Sightline window';
  if (!facts.isMainFrame) return 'the sender is a subframe, not the main frame';
  if (!isAppUrl(facts.frameUrl)) return `the sender's page (${facts.frameUrl.slice(0, 80) || 'unknown'}) is not Sightline's own`;
  return null;
}
