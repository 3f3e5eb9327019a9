import { checkFileComplete, classifyEvidenceFile, DomainError, EVIDENCE_SNIFF_BYTES, EVIDENCE_TAIL_BYTES, sanitiseFilename, Utf8TextCheck, type EvidenceFileKind } from '@pairline/domain';
import { fileTypeFromBuffer } from 'file-type/core';
import { Readable } from 'node:stream';
import type { EvidenceStorage, StoredObject } from './evidence-storage';

export interface StoredUpload extends StoredObject {
  filename: string;
  contentType: string;
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

export function tooLarge(maxBytes: number, filename: string): DomainError {
  return new DomainError('too_large', 'evidence_file_too_large', `${filename} is larger than the ${megabytes(maxBytes)} limit for an evidence file; nothing was stored.`, { maxBytes, filename });
}

/** The last bytes seen, as a list of chunks trimmed from the front: a file's end without the file. */
class Tail {
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly keep: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (this.chunks.length > 1 && this.length - this.chunks[0].length >= this.keep) this.length -= this.chunks.shift()!.length;
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.keep));
  }
}

/**
 * Stores one uploaded file from its stream, judging it on the way: the first 64 KiB decide the
 * type (magic bytes, through `file-type`) before anything is written; the size limit and, for
 * text, the UTF-8 check run on every chunk as it passes; the end of the file (kept, up to 1 MiB)
 * shows truncation and zip bombs once it is stored. Any refusal leaves nothing in storage.
 * Memory per upload is the head, the tail and the stream's buffers, not the file.
 */
export async function storeUpload(storage: EvidenceStorage, source: Readable, rawFilename: string, maxBytes: number): Promise<StoredUpload> {
  const filename = sanitiseFilename(rawFilename);
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const start: Buffer[] = [];
  let seen = 0;
  let ended = false;
  while (seen < EVIDENCE_SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    start.push(next.value);
    seen += next.value.length;
    if (seen > maxBytes) throw tooLarge(maxBytes, filename);
  }
  const first = Buffer.concat(start);
  if (first.length === 0) throw new DomainError('invalid', 'evidence_file_empty', `${filename} is empty.`, { filename });
  const head = first.subarray(0, EVIDENCE_SNIFF_BYTES);
  const kind: EvidenceFileKind = classifyEvidenceFile(filename, await fileTypeFromBuffer(head));
  const text = kind.detection === 'text' ? new Utf8TextCheck() : null;
  const tail = new Tail(EVIDENCE_TAIL_BYTES);
  let size = 0;
  const inspect = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes, filename);
    if (text && !text.push(chunk)) throw notText(filename, kind);
    tail.push(chunk);
  };
  async function* inspected(): AsyncGenerator<Buffer> {
    inspect(first);
    yield first;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      inspect(next.value);
      yield next.value;
    }
  }
  const stored = await storage.put(Readable.from(inspected(), { objectMode: false }));
  try {
    if (text && !text.end()) throw notText(filename, kind);
    const problem = checkFileComplete(kind, head, tail.bytes(), stored.size);
    if (problem) throw new DomainError('unprocessable', problem.code, `${filename}: ${problem.message}`, { filename });
  } catch (error) {
    await storage.delete(stored.key);
    throw error;
  }
  return { ...stored, filename, contentType: kind.contentType };
}

const notText = (filename: string, kind: EvidenceFileKind) =>
  new DomainError('unsupported_media', 'evidence_file_type_refused', `${filename} is named as a ${kind.label} but is not UTF-8 text (binary content or NUL bytes).`, { filename });
