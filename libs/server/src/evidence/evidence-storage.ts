import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EvidenceStorageConfig } from '../config/app-config';

export interface StoredObject {
  /** Generated; never derived from the user's file name. */
  key: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes stored. */
  sha256: string;
}

/**
 * Where evidence bytes live. `put` consumes the stream once, hashing while it writes, and either
 * stores the whole object or nothing: when the stream fails (over the size limit, a refused type,
 * a dropped connection) the partial object is removed before the error is passed on.
 */
export abstract class EvidenceStorage {
  abstract put(body: Readable): Promise<StoredObject>;
  /** The stored bytes, streamed; rejects with {@link MissingObject} for an unknown key. */
  abstract get(key: string): Promise<Readable>;
  /** Idempotent: deleting a missing key is not an error. */
  abstract delete(key: string): Promise<void>;
  /** Releases clients and sockets. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class MissingObject extends Error {
  constructor(key: string) {
    super(`No stored evidence object ${key}`);
    this.name = 'MissingObject';
  }
}

/** SHA-256 and length of what passes through, without holding it. */
class Measure extends Transform {
  private readonly hash = createHash('sha256');
  // Not `size`: lib-storage reads a body's `size` as its total length before the upload starts.
  bytes = 0;

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Keys spread over 256 directories so no directory grows past what file systems list quickly. */
const newKey = () => {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id}`;
};
const SAFE_KEY = /^[0-9a-f]{2}\/[0-9a-f-]{36}$/;

/** Files under one directory (the default, `$DATA_DIR/evidence`). Written to a temporary name and renamed only when whole. */
export class LocalEvidenceStorage extends EvidenceStorage {
  constructor(readonly dir: string) {
    super();
  }

  private path(key: string): string {
    // Keys come from this class, but the database is not trusted to hand back only those.
    if (!SAFE_KEY.test(key)) throw new MissingObject(key);
    return join(this.dir, key);
  }

  async put(body: Readable): Promise<StoredObject> {
    const key = newKey();
    const final = this.path(key);
    const partial = `${final}.partial`;
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const measure = new Measure();
    try {
      await pipeline(body, measure, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, final);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { key, size: measure.bytes, sha256: measure.digest() };
  }

  async get(key: string): Promise<Readable> {
    const path = this.path(key);
    try {
      await stat(path);
    } catch {
      throw new MissingObject(key);
    }
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** S3 or any S3-compatible object store (MinIO, Ceph, …), streamed with multipart uploads. */
export class S3EvidenceStorage extends EvidenceStorage {
  readonly client: S3Client;

  constructor(private readonly config: Extract<EvidenceStorageConfig, { kind: 's3' }>) {
    super();
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      ...(config.credentials ? { credentials: config.credentials } : {}),
      // Recent SDKs add CRC checksums with aws-chunked trailers to every upload by default, which
      // many S3-compatible servers do not understand; the SHA-256 is ours and stored in the database.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(body: Readable): Promise<StoredObject> {
    const key = newKey();
    const measure = new Measure();
    // 5 MB parts, two in flight: about 10 MB of memory per upload, whatever the file's size.
    const upload = new Upload({ client: this.client, params: { Bucket: this.config.bucket, Key: key, Body: measure }, partSize: 5 * 1024 * 1024, queueSize: 2, leavePartsOnError: false });
    const source = pipeline(body, measure).then(
      () => null,
      (error: unknown) => error,
    );
    let failure: unknown = null;
    try {
      await upload.done();
    } catch (error) {
      // Unblocks the source if the store failed first (it would wait on backpressure for ever).
      measure.destroy(error as Error);
      failure = error;
    }
    // The source's own error (over the limit, refused type, dropped connection) is the one to
    // report: when it fails, the upload fails too, and then with a less telling error.
    const sourceFailure = await source;
    if (sourceFailure || failure) {
      await upload.abort().catch(() => undefined);
      // A single-part upload may have completed before the source failed; it must not stay.
      await this.delete(key).catch(() => undefined);
      throw sourceFailure ?? failure;
    }
    return { key, size: measure.bytes, sha256: measure.digest() };
  }

  async get(key: string): Promise<Readable> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') throw new MissingObject(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  override async close(): Promise<void> {
    this.client.destroy();
  }
}

export function createEvidenceStorage(config: EvidenceStorageConfig): EvidenceStorage {
  return config.kind === 's3' ? new S3EvidenceStorage(config) : new LocalEvidenceStorage(config.dir);
}
