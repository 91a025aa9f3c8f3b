import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BridgeResult, EventChannel } from '../../common/ipc';
import { createLogger } from '../common/logger';
import { CONTENT_SECURITY_POLICY } from '../app/securityPolicy';
import { relativeAssetPath } from '../common/webAssets';
import { printable } from '../common/printable';
import { readStaticFile } from './staticFiles';
import { decodeWire, encodeWire, MAX_WIRE_MESSAGE_BYTES } from './wireCodec';

/** One connected page: its calls carry its identity, and it gets the events meant for it or for everyone. */
export interface BridgeSession {
  invoke(channel: string, request: unknown): Promise<BridgeResult<unknown>>;
  /** The page went away: its work in flight is cancelled. */
  close(): void;
}

/** What the server bridges to: the real core, behind the same validation Electron's main uses. */
export interface BridgeBackend {
  connect(send: (channel: EventChannel, payload: unknown) => void): BridgeSession;
}

export interface HarnessOptions {
  /** The built renderer: dist/renderer. */
  readonly root: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly backend: BridgeBackend;
}

export interface Harness {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const log = createLogger('harness');
const LOOPBACK = '127.0.0.1';
/** Requests one page may have running at once; a page that floods the bridge is disconnected, others go on. */
const MAX_IN_FLIGHT = 64;
const CLOSE_GRACE_MS = 1000;

/** The app's own policy (the page's meta tag, plus what only a header can say: no framing by other sites). */
const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
});

interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly channel: string;
  readonly request: unknown;
}

function isInvokeMessage(value: unknown): value is InvokeMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.type === 'invoke' && Number.isSafeInteger(v.id) && typeof v.channel === 'string';
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

/**
 * Serves the built renderer on 127.0.0.1 and bridges `window.sightline` over a WebSocket. Only a page
 * from this very server can open the socket: the Host and Origin must name this loopback address and
 * port (so neither another website nor DNS rebinding gets in), and the URL must carry the random token.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = randomBytes(24).toString('base64url');
  const clients = new Set<WebSocket>();
  let port = 0;
  const allowedHosts = () => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!allowedHosts().has(req.headers.host ?? '')) {
        res.writeHead(421, { 'Content-Type': 'text/plain' }).end('wrong host');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
      // Decoded and normalised once, so "/%69ndex.html" and "//index.html" are the page too and need the token.
      const relative = relativeAssetPath(url.pathname);
      // The page itself needs the token (scripts and styles are public code and carry none).
      if (relative === 'index.html' && !sameToken(url.searchParams.get('token'), token)) {
        res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('missing or wrong token: open the URL that `npm run serve` printed');
        return;
      }
      const file = relative === null ? null : await readStaticFile(options.root, relative).catch(() => null);
      if (!file) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Content-Length': file.body.length });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch((err: unknown) => {
      log.error(`request failed: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES, perMessageDeflate: false });

  // Bytes that are not HTTP: answer 400 and drop that socket (Node's default would wait for the client to hang up).
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    log.warn(`bad request dropped: ${printable(err.code ?? err.message)}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(socket, 421, 'wrong host');
    if (url.pathname !== '/bridge') return refuse(socket, 404, 'not found');
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse(socket, 403, 'origin not allowed');
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(socket, 403, 'missing or wrong token');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    let inFlight = 0;
    const session = options.backend.connect((channel, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeWire({ type: 'event', channel, payload }));
    });
    /** A page that breaks the protocol loses its own connection, with one log line; the server and others go on. */
    const drop = (code: number, reason: string) => {
      log.warn(`bridge connection closed (${code}): ${printable(reason)}`);
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason.slice(0, 120));
      // A page that broke the protocol is not waited on for the closing handshake.
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    };
    // Invalid UTF-8, unmasked or oversized frames, bad opcodes: ws reports them here and closes the socket itself.
    ws.on('error', (err: Error & { code?: string }) => {
      log.warn(`bridge connection error: ${printable(err.code ? `${err.code} ${err.message}` : err.message)}`);
      ws.terminate();
    });
    ws.on('close', () => {
      clients.delete(ws);
      session.close();
    });
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let message: unknown;
        try {
          if (isBinary) throw new Error('binary frames are not part of the protocol');
          message = decodeWire(data.toString());
        } catch (err) {
          drop(1007, `malformed message: ${(err as Error).message}`);
          return;
        }
        if (!isInvokeMessage(message)) {
          drop(1008, 'expected {type:"invoke", id, channel, request}');
          return;
        }
        if (inFlight >= MAX_IN_FLIGHT) {
          drop(1008, `more than ${MAX_IN_FLIGHT} requests in flight`);
          return;
        }
        inFlight++;
        let result: BridgeResult<unknown>;
        try {
          result = await session.invoke(message.channel, message.request);
        } catch (err) {
          result = { ok: false, error: { kind: 'internal', message: (err as Error).message } };
        } finally {
          inFlight--;
        }
        if (ws.readyState === ws.OPEN) ws.send(encodeWire({ type: 'reply', id: message.id, result }));
      })().catch((err: unknown) => drop(1011, `bridge failure: ${(err as Error).message}`));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  return Object.freeze({
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
