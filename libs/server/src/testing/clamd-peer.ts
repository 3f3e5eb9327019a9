/**
 * Test-only: a protocol peer for clamd's INSTREAM command, not a virus scanner. ClamAV cannot be
 * installed here with signatures, so this small TCP server speaks clamd's side of the exchange
 * (`zINSTREAM\0`, length-prefixed chunks, a zero length, then `stream: OK` or
 * `stream: <name> FOUND`) and "finds" a marker string instead of real signatures. It lets the
 * tests exercise the real client, quarantine and the infected path end to end.
 */
import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';

export const TEST_SIGNATURE_MARKER = 'PAIRLINE-TEST-SIGNATURE';
export const TEST_SIGNATURE_NAME = 'Pairline.Test.Signature';

export interface ClamdPeer {
  port: number;
  /** `scan`: answer; `broken`: hang up without answering (clamd down or failing). */
  mode: 'scan' | 'broken';
  /** SHA-256 of each stream received, in order. */
  received: string[];
  stop(): Promise<void>;
}

export async function startClamdPeer(): Promise<ClamdPeer> {
  const sockets = new Set<Socket>();
  const peer: ClamdPeer = { port: 0, mode: 'scan', received: [], stop: async () => undefined };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (peer.mode === 'broken') {
      socket.destroy();
      return;
    }
    let buffer = Buffer.alloc(0);
    let commandSeen = false;
    const content: Buffer[] = [];
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (!commandSeen) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        if (buffer.subarray(0, end).toString() !== 'zINSTREAM') {
          socket.end('UNKNOWN COMMAND\0');
          return;
        }
        commandSeen = true;
        buffer = buffer.subarray(end + 1);
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          const all = Buffer.concat(content);
          peer.received.push(createHash('sha256').update(all).digest('hex'));
          socket.end(all.includes(TEST_SIGNATURE_MARKER) ? `stream: ${TEST_SIGNATURE_NAME} FOUND\0` : 'stream: OK\0');
          return;
        }
        if (buffer.length < 4 + length) return;
        content.push(buffer.subarray(4, 4 + length));
        buffer = buffer.subarray(4 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.address() as { port: number }).port;
  peer.stop = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return peer;
}
