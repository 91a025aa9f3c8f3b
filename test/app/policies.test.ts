import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  navigationAllowed,
  permissionAllowed,
  requestAllowed,
  senderProblem,
  WEBRTC_IP_POLICY,
} from '../../electron/core/app/securityPolicy';
import { readFileSync } from 'node:fs';
import { resolveAsset } from '../../electron/core/app/appAssets';
import { planShortcuts } from '../../electron/core/app/shortcutPlan';
import { displayUnderPoint, nativeSize, pickActiveWindowSource, pickScreenSource, type DisplayInfo } from '../../electron/core/capture/displays';
import { DEFAULT_SHORTCUTS } from '../../electron/common/ipc';

test('no request leaves for the network: http, https, ws, wss, ftp and file are refused; our page and in-memory data are not', () => {
  for (const url of ['https://example.com/', 'http://127.0.0.1:8080/x', 'ws://localhost/', 'wss://huggingface.co/', 'ftp://a/b', 'file:///etc/passwd', 'sightline://evil/index.html', 'javascript:alert(1)', 'not a url']) {
    assert.equal(requestAllowed(url), false, url);
  }
  for (const url of [APP_ENTRY_URL, 'sightline://app/renderer/src/main.js', 'blob:sightline://app/1234', 'data:image/png;base64,AAAA']) {
    assert.equal(requestAllowed(url), true, url);
  }
});

test('navigation stays on our page; only camera and microphone are granted, only to our page', () => {
  assert.equal(navigationAllowed('sightline://app/index.html#photo'), true);
  assert.equal(navigationAllowed('https://example.com'), false);
  assert.equal(navigationAllowed('sightline://app@evil/index.html'), false);
  assert.equal(isAppUrl('sightline://user:pw@app/index.html'), false);
  assert.equal(permissionAllowed('media', APP_ENTRY_URL, ['video']), true);
  assert.equal(permissionAllowed('media', APP_ENTRY_URL, ['audio', 'video']), true);
  assert.equal(permissionAllowed('media', 'https://example.com/', ['video']), false);
  for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'midiSysex', 'fullscreen']) {
    assert.equal(permissionAllowed(permission, APP_ENTRY_URL), false, permission);
  }
  assert.equal(permissionAllowed('media', APP_ENTRY_URL, ['screen']), false, 'screen capture is main-process only');
});

test('DevTools schemes load only in a development run, never in a packaged app; WebRTC stays behind the proxy', () => {
  for (const url of ['devtools://devtools/bundled/inspector.html', 'chrome-extension://abc/page.html']) {
    assert.equal(requestAllowed(url), false, `${url} in a packaged app`);
    assert.equal(requestAllowed(url, { devTools: true }), true, `${url} in development`);
  }
  assert.equal(WEBRTC_IP_POLICY, 'disable_non_proxied_udp');
});

test('the page\'s own CSP meta tag says everything the header says that a meta tag can (frames and workers too)', () => {
  const html = readFileSync(path.join(__dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(meta, 'index.html has a CSP meta tag');
  const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter(Boolean).sort();
  // frame-ancestors is ignored in a meta tag; only the header can carry it.
  assert.deepEqual(directives(meta), directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')));
});

test('the CSP forbids inline and remote script, framing and plugins', () => {
  assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'none'/);
  assert.match(CONTENT_SECURITY_POLICY, /object-src 'none'/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|https?:|\*/);
});

test('IPC from anything but our window\'s main frame showing our page is refused, with the reason', () => {
  assert.equal(senderProblem({ frameUrl: APP_ENTRY_URL, isMainFrame: true, isOwnWindow: true }), null);
  assert.match(senderProblem({ frameUrl: APP_ENTRY_URL, isMainFrame: false, isOwnWindow: true }) ?? '', /subframe/);
  assert.match(senderProblem({ frameUrl: 'https://evil.example/', isMainFrame: true, isOwnWindow: true }) ?? '', /not Sightline's own/);
  assert.match(senderProblem({ frameUrl: 'file:///tmp/x.html', isMainFrame: true, isOwnWindow: true }) ?? '', /not Sightline's own/);
  assert.match(senderProblem({ frameUrl: APP_ENTRY_URL, isMainFrame: true, isOwnWindow: false }) ?? '', /not a Sightline window/);
  assert.match(senderProblem({ frameUrl: '', isMainFrame: false, isOwnWindow: true }) ?? '', /subframe/);
});

test('the app protocol serves only the page and compiled scripts, never a path outside them', () => {
  const roots = { pageDir: '/app/renderer', scriptDir: '/app/dist/renderer' };
  assert.deepEqual(resolveAsset('/index.html', roots), { file: path.resolve('/app/renderer/index.html'), mime: 'text/html; charset=utf-8' });
  assert.deepEqual(resolveAsset('/', roots)?.file, path.resolve('/app/renderer/index.html'));
  assert.equal(resolveAsset('/renderer/src/main.js', roots)?.file, path.resolve('/app/dist/renderer/renderer/src/main.js'));
  for (const evil of ['/../package.json', '/..%2f..%2fetc/passwd.js', '/%2e%2e/%2e%2e/x.js', '/renderer/src/main.ts', '/a\\..\\..\\b.js', '/x%00.js', '/%E0%A4%A.js', '/secret.txt', '/renderer/index.html']) {
    const resolved = resolveAsset(evil, roots);
    if (resolved) {
      assert.ok(resolved.file.startsWith(path.resolve('/app/dist/renderer') + path.sep) || resolved.file.startsWith(path.resolve('/app/renderer') + path.sep), `${evil} → ${resolved.file}`);
      assert.ok(resolved.file.endsWith('.js') || resolved.file.endsWith('.html') || resolved.file.endsWith('.css'), evil);
    }
  }
  assert.equal(resolveAsset('/../package.json', roots), null);
  assert.equal(resolveAsset('/renderer/src/main.ts', roots), null);
});

test('shortcut plan: defaults register; bad and duplicate accelerators are reported in words; empty ones are off', () => {
  const defaults = planShortcuts(DEFAULT_SHORTCUTS);
  assert.equal(defaults.register.length, 4);
  assert.deepEqual(defaults.problems, []);
  const clash = planShortcuts({ ...DEFAULT_SHORTCUTS, readScreen: 'alt+ctrl+d', askImage: '', stopSpeech: 'Q' });
  assert.deepEqual(clash.register.map((s) => s.action), ['describeScreen']);
  assert.equal(clash.problems.length, 2);
  assert.match(clash.problems[0]!, /set both to describe the screen and to read the screen's text/);
  assert.match(clash.problems[1]!, /Q to stop speech needs a modifier/);
});

test('capture picks the display under the pointer at native resolution, and never our own window', () => {
  const displays: DisplayInfo[] = [
    { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1 },
    { id: 2, bounds: { x: 1920, y: 0, width: 1440, height: 900 }, scaleFactor: 2 },
  ];
  assert.equal(displayUnderPoint(displays, { x: 2000, y: 10 }).id, 2);
  assert.equal(displayUnderPoint(displays, { x: 5, y: 5 }).id, 1);
  assert.equal(displayUnderPoint(displays, { x: 2500, y: 1000 }).id, 2, 'below the smaller display: the nearest');
  assert.deepEqual(nativeSize(displays[1]!), { width: 2880, height: 1800 });
  const screens = [{ id: 'screen:0:0', name: 'Screen 1', display_id: '1' }, { id: 'screen:1:0', name: 'Screen 2', display_id: '2' }];
  assert.equal(pickScreenSource(screens, displays, displays[1]!).id, 'screen:1:0');
  const unnamed = screens.map((s) => ({ ...s, display_id: '' }));
  assert.equal(pickScreenSource(unnamed, displays, displays[1]!).id, 'screen:1:0', 'falls back to display order');
  const windows = [{ id: 'window:9:0', name: 'Sightline', display_id: '' }, { id: 'window:3:0', name: '', display_id: '' }, { id: 'window:5:0', name: 'Mail', display_id: '' }];
  assert.equal(pickActiveWindowSource(windows, ['window:9:0']).name, 'Mail');
  assert.throws(() => pickActiveWindowSource(windows.slice(0, 1), ['window:9:0']), /no other window is open/);
  assert.throws(() => pickScreenSource([], displays, displays[0]!), /no screen to capture/);
});
