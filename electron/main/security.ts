/**
 * Applies the policies of core/app/securityPolicy.ts to Electron: our page is served by a privileged custom
 * protocol with a strict CSP header; every network request, navigation away (of any frame), new window, webview,
 * download and permission other than camera/microphone for our page is refused; WebRTC sends no UDP around the
 * proxy; DevTools' own schemes load only in a development run.
 */
import { app, net, protocol, type Session } from 'electron';
import { pathToFileURL } from 'node:url';
import {
  APP_RESPONSE_HEADERS,
  APP_SCHEME,
  navigationAllowed,
  permissionAllowed,
  requestAllowed,
  WEBRTC_IP_POLICY,
} from '../core/app/securityPolicy';
import { resolveAsset, type AssetRoots } from '../core/app/appAssets';
import { createLogger } from '../core/common/logger';

const log = createLogger('security');

/** Must run before `app` is ready: our scheme behaves like https (secure context, so getUserMedia works). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Serves the renderer from disk with the security headers; anything else is a 404. */
export function serveAppProtocol(session: Session, roots: AssetRoots): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAsset(new URL(request.url).pathname, roots);
    if (!asset) return new Response('not found', { status: 404, headers: APP_RESPONSE_HEADERS });
    const file = await net.fetch(pathToFileURL(asset.file).toString()).catch(() => null);
    if (!file || !file.ok) return new Response('not found', { status: 404, headers: APP_RESPONSE_HEADERS });
    return new Response(file.body, { status: 200, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': asset.mime } });
  });
}

export function hardenSession(session: Session): void {
  const devTools = !app.isPackaged;
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const granted = permissionAllowed(permission, details.requestingUrl, mediaTypes);
    if (!granted) log.warn(`permission "${permission}" refused for ${details.requestingUrl}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details && details.mediaType ? [details.mediaType] : [];
    return permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, mediaType.filter((t) => t !== 'unknown'));
  });
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = requestAllowed(details.url, { devTools });
    if (!allowed) log.warn(`blocked request to ${details.url.slice(0, 120)}`);
    callback({ cancel: !allowed });
  });
  session.on('will-download', (event) => event.preventDefault());
  // No spell-check dictionaries are downloaded (Chromium fetches them from Google by default).
  session.setSpellCheckerEnabled(false);
}

/** Every webContents, now and later: no navigation away, no new windows, no webviews. */
export function hardenAllContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log.warn(`window.open refused: ${url.slice(0, 120)}`);
      return { action: 'deny' };
    });
    const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
      if (!navigationAllowed(url)) {
        event.preventDefault();
        log.warn(`navigation refused: ${url.slice(0, 120)}`);
      }
    };
    contents.on('will-navigate', refuseNavigation);
    contents.on('will-redirect', refuseNavigation);
    // Subframes too (our page has none; an injected one must not navigate anywhere either).
    contents.on('will-frame-navigate', (details) => refuseNavigation(details, details.url));
    contents.setWebRTCIPHandlingPolicy(WEBRTC_IP_POLICY);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
