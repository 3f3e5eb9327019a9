import { connect } from 'node:net';
import type { Readable } from 'node:stream';

export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** clamd's largest INSTREAM chunk is set by its StreamMaxLength; 64 KiB chunks stay far below any setting. */
const CHUNK = 64 * 1024;

/**
 * A client for clamd's INSTREAM command over TCP (`zINSTREAM\0`, then chunks each prefixed with
 * its length as a 4-byte big-endian number, then a zero length; clamd answers `stream: OK` or
 * `stream: <signature> FOUND`). Written here because it is this small: the npm clients wrap the
 * same exchange behind binary discovery and local-socket fallbacks this server must never use.
 */
export class ClamavScanner {
  constructor(private readonly options: { host: string; port: number; timeoutMs: number }) {}

  scan(content: Readable): Promise<ScanVerdict> {
    return new Promise<ScanVerdict>((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      const replies: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | null, verdict?: ScanVerdict) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        content.destroy();
        if (error) reject(error);
        else resolve(verdict!);
      };
      const timer = setTimeout(() => finish(new Error(`clamd did not answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      socket.on('error', (error) => finish(new Error(`clamd at ${this.options.host}:${this.options.port}: ${error.message}`)));
      socket.on('data', (data: Buffer) => replies.push(data));
      socket.on('end', () => {
        const reply = Buffer.concat(replies).toString('utf8').replace(/\0+$/, '').trim();
        const found = /^stream: (.+) FOUND$/.exec(reply);
        if (reply === 'stream: OK') finish(null, { clean: true });
        else if (found) finish(null, { clean: false, signature: found[1] });
        else finish(new Error(`clamd answered: ${reply || '(nothing)'}`));
      });
      content.on('error', (error) => finish(error));
      socket.on('connect', async () => {
        try {
          socket.write('zINSTREAM\0');
          for await (const data of content) {
            const buffer = data as Buffer;
            for (let at = 0; at < buffer.length; at += CHUNK) {
              const piece = buffer.subarray(at, at + CHUNK);
              const length = Buffer.alloc(4);
              length.writeUInt32BE(piece.length);
              socket.write(length);
              if (!socket.write(piece)) await new Promise((drained) => socket.once('drain', drained));
              if (settled) return;
            }
          }
          socket.end(Buffer.alloc(4));
        } catch (error) {
          finish(error as Error);
        }
      });
    });
  }
}
