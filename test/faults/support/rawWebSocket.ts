import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { withDeadline } from '../../helpers/deadline';

/**
 * A WebSocket client that writes frames byte by byte, so a test can send what no well-behaved client would:
 * unmasked frames, reserved opcodes, invalid UTF-8, lengths beyond any limit, half a frame and then silence.
 */
export interface RawSocket {
  /** Writes one frame; `mask: false` sends it unmasked (forbidden from clients). */
  frame(opcode: number, payload: Buffer, options?: { mask?: boolean; fin?: boolean; declaredLength?: number }): void;
  write(bytes: Buffer): void;
  /** Resolves when the server ends the connection (close frame or TCP end), with the close code it sent if any. */
  closed(): Promise<number | null>;
  destroy(): void;
}

export async function openRawSocket(port: number, path: string, origin: string): Promise<RawSocket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  let received = Buffer.alloc(0);
  let upgraded = false;
  let closeCode: number | null = null;
  let sawClose: () => void = () => undefined;
  // The server's close frame ends the exchange as far as the test is concerned (it then waits for ours, or not).
  const ended = new Promise<void>((resolve) => {
    sawClose = resolve;
    socket.once('close', () => resolve());
  });
  socket.on('error', () => undefined);
  const handshake = new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = received.subarray(0, end).toString('latin1');
        if (!/^HTTP\/1\.1 101 /.test(head)) return reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`));
        upgraded = true;
        received = received.subarray(end + 4);
        resolve();
      }
      // A close frame from the server: opcode 8, code in the first two payload bytes.
      if (upgraded && received.length >= 2 && (received[0]! & 0x0f) === 8) {
        closeCode = received.length >= 4 ? received.readUInt16BE(2) : null;
        sawClose();
      }
    });
    socket.once('close', () => reject(new Error('closed during the handshake')));
  });
  socket.write(
    [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Origin: ${origin}`,
      '',
      '',
    ].join('\r\n'),
  );
  await withDeadline(handshake, 'the WebSocket handshake');
  return {
    frame(opcode, payload, options = {}) {
      const mask = options.mask ?? true;
      const length = options.declaredLength ?? payload.length;
      const head: number[] = [((options.fin ?? true) ? 0x80 : 0) | opcode];
      const maskBit = mask ? 0x80 : 0;
      if (length < 126) head.push(maskBit | length);
      else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
      else {
        const big = Buffer.alloc(8);
        big.writeBigUInt64BE(BigInt(length));
        head.push(maskBit | 127, ...big);
      }
      const key = randomBytes(4);
      const body = Buffer.from(payload);
      if (mask) for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
      socket.write(Buffer.concat([Buffer.from(head), mask ? key : Buffer.alloc(0), body]));
    },
    write: (bytes) => void socket.write(bytes),
    async closed() {
      await withDeadline(ended, 'the server to close the connection');
      socket.destroy();
      return closeCode;
    },
    destroy: () => socket.destroy(),
  };
}
