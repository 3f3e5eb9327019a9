import { Injectable, Logger } from '@nestjs/common';
import { DomainError, sanitiseFilename } from '@pairline/domain';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { EvidenceStorage, MissingObject } from '../evidence/evidence-storage';
import { DocumentFileEntity } from './document-file.entity';

export interface DocumentFileRecord {
  readonly id: string;
  readonly filename: string;
  readonly kind: 'xlsx' | 'csv';
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly createdAt: string;
}

/** An upload older than this that nothing kept is removed when the organisation next uploads. */
const UNPINNED_TTL_HOURS = 24;

const toRecord = (f: DocumentFileEntity): DocumentFileRecord => ({ id: f.id, filename: f.filename, kind: f.kind, sizeBytes: f.sizeBytes, sha256: f.sha256, createdAt: f.createdAt.toISOString() });

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Uploaded workbooks, kept byte for byte in the same object storage as evidence. Stored once per
 * organisation and content (the SHA-256 decides), so uploading a SCAL again costs nothing and two
 * templates made from one upload share its file.
 */
@Injectable()
export class DocumentFiles {
  private readonly logger = new Logger('DocumentFiles');

  constructor(
    private readonly db: Db,
    private readonly storage: EvidenceStorage,
  ) {}

  /** Stores the bytes (or finds them stored) and records the file, in transactions of its own. */
  async store(actor: Actor, upload: { filename: string; kind: 'xlsx' | 'csv'; bytes: Buffer }): Promise<DocumentFileRecord> {
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const existing = await this.db.transaction((manager) => manager.getRepository(DocumentFileEntity).findOneBy({ organisationId: actor.organisationId, sha256 }), tenantOf(actor));
    if (existing) return toRecord(existing);
    const object = await this.storage.put(Readable.from([upload.bytes]));
    try {
      const saved = await this.db.transaction(async (manager) => {
        const pruned = await this.pruneUnpinned(manager, actor.organisationId);
        const inserted: DocumentFileEntity[] = await manager.query(
          `INSERT INTO "document_file" ("organisation_id", "sha256", "size_bytes", "filename", "kind", "storage_key", "created_by") VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT ("organisation_id", "sha256") DO NOTHING RETURNING "id"`,
          [actor.organisationId, sha256, upload.bytes.length, sanitiseFilename(upload.filename), upload.kind, object.key, actor.userId],
        );
        return { row: await manager.getRepository(DocumentFileEntity).findOneByOrFail({ organisationId: actor.organisationId, sha256 }), ours: inserted.length > 0, pruned };
      }, tenantOf(actor));
      // Only once the rows are gone for good: a rolled-back prune must still find its objects.
      await Promise.all(saved.pruned.map((key) => this.storage.delete(key).catch(() => undefined)));
      // Another upload of the same bytes won the race: its object is the one kept.
      if (!saved.ours) await this.storage.delete(object.key);
      return toRecord(saved.row);
    } catch (error) {
      await this.storage.delete(object.key).catch(() => undefined);
      throw error;
    }
  }

  async get(manager: EntityManager, organisationId: string, id: string): Promise<DocumentFileRecord> {
    return toRecord(await this.load(manager, organisationId, id));
  }

  /** The file's bytes; the row is read in the caller's transaction, the bytes outside any. */
  async read(manager: EntityManager, organisationId: string, id: string): Promise<{ record: DocumentFileRecord; bytes: () => Promise<Buffer> }> {
    const file = await this.load(manager, organisationId, id);
    return {
      record: toRecord(file),
      bytes: async () => {
        try {
          return await readAll(await this.storage.get(file.storageKey));
        } catch (error) {
          if (!(error instanceof MissingObject)) throw error;
          this.logger.error(`Stored object ${file.storageKey} of file ${file.id} is missing`);
          throw new DomainError('gone', 'document_file_missing', `The stored copy of ${file.filename} is missing; upload the workbook again.`);
        }
      },
    };
  }

  /** Marks the file as kept by something (a template, a SCAL, a snapshot), in the caller's transaction. */
  async pin(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE "document_file" SET "pinned_at" = now() WHERE "id" = $1 AND "pinned_at" IS NULL`, [id]);
  }

  private async load(manager: EntityManager, organisationId: string, id: string): Promise<DocumentFileEntity> {
    const file = await manager.getRepository(DocumentFileEntity).findOneBy({ organisationId, id });
    if (!file) throw new DomainError('not_found', 'document_file_not_found', 'No such uploaded file in this organisation; upload it again.', { field: 'fileId' });
    return file;
  }

  /** Uploads nobody imported within a day; returns their storage keys, to delete after commit. */
  private async pruneUnpinned(manager: EntityManager, organisationId: string): Promise<string[]> {
    const gone: { storage_key: string }[] = await manager.query(
      `DELETE FROM "document_file" WHERE "organisation_id" = $1 AND "pinned_at" IS NULL AND "created_at" < now() - make_interval(hours => $2) RETURNING "storage_key"`,
      [organisationId, UNPINNED_TTL_HOURS],
    );
    return gone.map((g) => g.storage_key);
  }
}
