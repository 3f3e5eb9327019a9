import type { Multipart } from '@fastify/multipart';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { EvidenceDetailDto, EvidenceFileDto, EvidenceItemDto, EvidenceLinkDto, EvidenceRevisionDto, ExpiringEvidenceDto, ScalEvidenceReference } from '@pairline/contracts';
import {
  addDays,
  checkRevisionContent,
  checkRevisionDates,
  diffFields,
  displayStatus,
  DomainError,
  isApprovalDecision,
  isDownloadable,
  transitionRevision,
  type EvidenceRevisionStatus,
  type EvidenceScanStatus,
} from '@pairline/domain';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Clock } from '../calendar/calendar.module';
import { DatedItemChanges } from '../calendar/dated-item-changes';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { ValidationFailed } from '../errors/http-error.filter';
import { findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import { staleVersion } from '../organisations/organisations.service';
import { ClamavScanner } from './clamav';
import { EvidenceStorage, MissingObject } from './evidence-storage';
import { storeUpload, type StoredUpload } from './evidence-upload';
import type { MultipartShape } from './multipart';
import { CreateEvidenceBody, CreateEvidenceLinkBody, RevisionFields, RevisionStatusBody, UpdateEvidenceBody } from './evidence.dto';
import { EvidenceFileEntity, EvidenceItemEntity, EvidenceLinkEntity, EvidenceRevisionEntity } from './evidence.entity';

/** The scanner, or null when CLAMAV_HOST is not set. */
export const EVIDENCE_SCANNER = Symbol('EVIDENCE_SCANNER');

/** At most this many files in one revision. */
export const MAX_FILES_PER_REVISION = 20;
const FIELD_NAMES = ['effectiveOn', 'expiresOn', 'url', 'note'];

/** The multipart body of a new revision, for the shared reader's messages. */
export const REVISION_MULTIPART: MultipartShape = { fields: FIELD_NAMES, filePart: 'files', maxFiles: MAX_FILES_PER_REVISION };

export const EVIDENCE_LIST: ListSpec<'title' | 'createdAt' | 'updatedAt' | 'id'> = {
  resource: 'evidence',
  fields: { title: 'i."title"', createdAt: 'i."created_at"', updatedAt: 'i."updated_at"', id: 'i."id"' },
  sortable: ['title', 'createdAt', 'updatedAt'],
  filterable: { id: 'uuid' },
  searchable: ['title'],
  defaultSort: { field: 'updatedAt', order: 'DESC' },
  tieBreaker: 'i."id"',
};

interface ItemRow {
  id: string;
  title: string;
  description: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  latest_number: number | null;
  latest_status: EvidenceRevisionStatus | null;
  latest_expires_on: string | null;
  approved_expires_on: string | null;
  link_count: number;
}

// Every join is to-one (LATERAL … LIMIT 1), so a page is one row per item and COUNT(*) its total.
const ITEM_SELECT = `i."id", i."title", i."description", i."created_at", i."updated_at", i."version",
  lr."number" AS "latest_number", lr."status" AS "latest_status", lr."expires_on"::text AS "latest_expires_on", ar."expires_on"::text AS "approved_expires_on",
  (SELECT count(*) FROM "evidence_link" l WHERE l."evidence_id" = i."id")::int AS "link_count"`;
const ITEM_FROM = `"evidence_item" i
  LEFT JOIN LATERAL (SELECT r."number", r."status", r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" ORDER BY r."number" DESC LIMIT 1) lr ON true
  LEFT JOIN LATERAL (SELECT r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" AND r."status" = 'approved' ORDER BY r."number" DESC LIMIT 1) ar ON true`;

const toFileDto = (f: EvidenceFileEntity): EvidenceFileDto => ({
  id: f.id,
  filename: f.filename,
  contentType: f.contentType,
  sizeBytes: Number(f.sizeBytes),
  sha256: f.sha256,
  scanStatus: f.scanStatus,
  scannedAt: f.scannedAt ? f.scannedAt.toISOString() : null,
  scanDetail: f.scanDetail,
  downloadable: isDownloadable(f.scanStatus),
});

/** RFC 6266 / 5987: an ASCII fallback for old clients and the exact UTF-8 name for the rest. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}


@Injectable()
export class EvidenceService implements OnModuleDestroy {
  private readonly logger = new Logger('Evidence');

  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly storage: EvidenceStorage,
    @Inject(EVIDENCE_SCANNER) private readonly scanner: ClamavScanner | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly datedItems: DatedItemChanges,
  ) {}

  onModuleDestroy(): Promise<void> {
    return this.storage.close();
  }

  private toItemDto(r: ItemRow): EvidenceItemDto {
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      status: r.latest_status ? displayStatus({ status: r.latest_status, expiresOn: r.latest_expires_on }, this.clock.today()) : null,
      latestRevision: r.latest_number === null ? null : Number(r.latest_number),
      expiresOn: r.approved_expires_on,
      linkCount: Number(r.link_count),
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      version: Number(r.version),
    };
  }

  private async loadItem(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<EvidenceItemEntity> {
    const item = await manager.getRepository(EvidenceItemEntity).findOne({ where: { organisationId, id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!item) throw new DomainError('not_found', 'evidence_not_found', 'No such evidence in this organisation.');
    return item;
  }

  private async detail(manager: EntityManager, organisationId: string, id: string): Promise<EvidenceDetailDto> {
    const [row] = await manager.query(`SELECT ${ITEM_SELECT} FROM ${ITEM_FROM} WHERE i."organisation_id" = $1 AND i."id" = $2`, [organisationId, id]);
    if (!row) throw new DomainError('not_found', 'evidence_not_found', 'No such evidence in this organisation.');
    const revisions = await manager.getRepository(EvidenceRevisionEntity).find({ where: { itemId: id }, order: { number: 'DESC' } });
    const files = revisions.length ? await manager.getRepository(EvidenceFileEntity).createQueryBuilder('f').where('f.revisionId IN (:...ids)', { ids: revisions.map((r) => r.id) }).orderBy('f.position', 'ASC').getMany() : [];
    const names: { id: string; name: string }[] = revisions.length
      ? await manager.query(`SELECT "id", "name" FROM "app_user" WHERE "id" = ANY($1::uuid[])`, [[...new Set(revisions.map((r) => r.uploadedByUserId))]])
      : [];
    const links = await manager.getRepository(EvidenceLinkEntity).find({ where: { evidenceId: id }, order: { createdAt: 'ASC' } });
    const today = this.clock.today();
    return {
      ...this.toItemDto(row),
      revisions: revisions.map(
        (r): EvidenceRevisionDto => ({
          id: r.id,
          number: r.number,
          status: r.status,
          displayStatus: displayStatus(r, today),
          effectiveOn: r.effectiveOn,
          expiresOn: r.expiresOn,
          url: r.url,
          note: r.note,
          rejectionReason: r.rejectionReason,
          uploadedByUserId: r.uploadedByUserId,
          uploadedByName: names.find((n) => n.id === r.uploadedByUserId)?.name ?? null,
          uploadedAt: r.uploadedAt.toISOString(),
          files: files.filter((f) => f.revisionId === r.id).map(toFileDto),
          version: r.version,
        }),
      ),
      links: links.map((l): EvidenceLinkDto => ({ id: l.id, target: l.targetType, scalId: l.scalId!, identifier: l.requirementIdentifier!, createdAt: l.createdAt.toISOString() })),
    };
  }

  list(actor: Actor, query: ListQuery): Promise<Page<EvidenceItemDto>> {
    return this.db.transaction(
      (manager) => findPage<ItemRow, EvidenceItemDto>(manager, { select: ITEM_SELECT, from: ITEM_FROM, where: `i."organisation_id" = $1`, params: [actor.organisationId] }, query, EVIDENCE_LIST, (r) => this.toItemDto(r)),
      tenantOf(actor),
    );
  }

  get(actor: Actor, id: string): Promise<EvidenceDetailDto> {
    return this.db.transaction((manager) => this.detail(manager, actor.organisationId, id), tenantOf(actor));
  }

  create(actor: Actor, body: CreateEvidenceBody): Promise<EvidenceDetailDto> {
    return this.db.transaction(async (manager) => {
      const item = await manager.getRepository(EvidenceItemEntity).save({ organisationId: actor.organisationId, title: body.title.trim(), description: body.description?.trim() || null, createdByUserId: actor.userId });
      await this.audit.record(manager, authorOf(actor), { action: 'evidence.created', entityType: 'evidence_item', entityId: item.id, changes: diffFields(null, { title: item.title, description: item.description }) });
      return this.detail(manager, actor.organisationId, item.id);
    }, tenantOf(actor));
  }

  update(actor: Actor, id: string, body: UpdateEvidenceBody): Promise<EvidenceDetailDto> {
    return this.db.transaction(async (manager) => {
      const before = await this.loadItem(manager, actor.organisationId, id);
      const next = { title: body.title.trim(), description: body.description?.trim() || null };
      const changes = diffFields({ title: before.title, description: before.description }, next);
      if (changes) {
        const result = await manager.getRepository(EvidenceItemEntity).update({ id, organisationId: actor.organisationId, version: body.version }, { ...next, version: () => '"version" + 1' });
        if (result.affected !== 1) throw staleVersion('evidence');
        await this.audit.record(manager, authorOf(actor), { action: 'evidence.updated', entityType: 'evidence_item', entityId: id, changes });
      } else if (before.version !== body.version) throw staleVersion('evidence');
      return this.detail(manager, actor.organisationId, id);
    }, tenantOf(actor));
  }

  /**
   * A new revision from a multipart request: the fields first, then one or more `files` parts.
   * Files are streamed to storage one by one, then the revision and its files are written in one
   * transaction; any refusal (or a failed write) removes whatever this request stored, so a
   * refused upload leaves no rows and no objects. With a scanner, the new files are quarantined
   * (`pending_scan`) and scanned before the response; without one they are `not_scanned`.
   */
  async uploadRevision(actor: Actor, id: string, parts: AsyncIterable<Multipart>, dropped?: AbortSignal): Promise<EvidenceDetailDto> {
    await this.db.transaction((manager) => this.loadItem(manager, actor.organisationId, id), tenantOf(actor));
    const stored: StoredUpload[] = [];
    const raw: Record<string, string> = {};
    let fields: RevisionFields | null = null;
    let revisionId: string;
    // The file being received fails as "aborted" when the client goes, so its storage write stops and removes what it wrote.
    let receiving: Readable | null = null;
    const abort = () => receiving?.destroy(new Error('aborted'));
    dropped?.addEventListener('abort', abort, { once: true });
    try {
      for await (const part of parts) {
        if (part.type === 'field') {
          if (fields) throw new DomainError('invalid', 'evidence_field_after_file', `Send the fields (${FIELD_NAMES.join(', ')}) before the files; ${part.fieldname} came after a file.`, { field: part.fieldname });
          if (!FIELD_NAMES.includes(part.fieldname)) throw new ValidationFailed([{ field: part.fieldname, problems: ['unknown field'] }]);
          raw[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== 'files') throw new ValidationFailed([{ field: part.fieldname, problems: ['files are sent as parts named "files"'] }]);
        // Everything but the files is known now: refuse bad fields before receiving any bytes.
        fields ??= await this.revisionFields(raw);
        receiving = part.file;
        if (dropped?.aborted) abort();
        stored.push(await storeUpload(this.storage, part.file, part.filename ?? '', this.config.evidence.maxBytes));
        receiving = null;
      }
      fields ??= await this.revisionFields(raw);
      checkRevisionContent(stored.length, fields.url ?? null);
      const scanStatus: EvidenceScanStatus = this.scanner ? 'pending_scan' : 'not_scanned';
      revisionId = await this.db.transaction(async (manager) => {
        const item = await this.loadItem(manager, actor.organisationId, id, true);
        const [{ next }] = await manager.query(`SELECT coalesce(max("number"), 0) + 1 AS "next" FROM "evidence_revision" WHERE "item_id" = $1`, [item.id]);
        const revision = await manager.getRepository(EvidenceRevisionEntity).save({
          organisationId: actor.organisationId,
          itemId: item.id,
          number: Number(next),
          status: 'draft',
          effectiveOn: fields!.effectiveOn,
          expiresOn: fields!.expiresOn ?? null,
          url: fields!.url ?? null,
          note: fields!.note?.trim() || null,
          uploadedByUserId: actor.userId,
        });
        if (stored.length) {
          await manager.getRepository(EvidenceFileEntity).insert(
            stored.map((s, position) => ({ organisationId: actor.organisationId, revisionId: revision.id, position, filename: s.filename, contentType: s.contentType, sizeBytes: String(s.size), sha256: s.sha256, storageKey: s.key, scanStatus })),
          );
        }
        await manager.query(`UPDATE "evidence_item" SET "updated_at" = now(), "version" = "version" + 1 WHERE "id" = $1`, [item.id]);
        await this.audit.record(manager, authorOf(actor), {
          action: 'evidence.revision_uploaded',
          entityType: 'evidence_revision',
          entityId: revision.id,
          changes: {
            evidenceId: { after: item.id },
            ...diffFields(null, {
              number: revision.number,
              effectiveOn: revision.effectiveOn,
              expiresOn: revision.expiresOn,
              url: revision.url,
              files: stored.map((s) => ({ filename: s.filename, sizeBytes: s.size, sha256: s.sha256, contentType: s.contentType })),
            }),
          },
        });
        return revision.id;
      }, tenantOf(actor));
    } catch (error) {
      await Promise.all(stored.map((s) => this.storage.delete(s.key).catch((e: Error) => this.logger.error(`Could not remove refused upload ${s.key}: ${e.message}`))));
      throw error;
    } finally {
      dropped?.removeEventListener('abort', abort);
    }
    if (this.scanner) await this.scanRevisionFiles(actor, revisionId);
    return this.get(actor, id);
  }

  private async revisionFields(raw: Record<string, string>): Promise<RevisionFields> {
    const fields = plainToInstance(RevisionFields, raw);
    const errors = await validate(fields, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw new ValidationFailed(errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? {}) })));
    checkRevisionDates(fields.effectiveOn, fields.expiresOn ?? null);
    return fields;
  }

  private async scanRevisionFiles(actor: Actor, revisionId: string): Promise<void> {
    const files = await this.db.transaction((manager) => manager.getRepository(EvidenceFileEntity).find({ where: { revisionId, scanStatus: 'pending_scan' } }), tenantOf(actor));
    for (const file of files) await this.scanFile(actor, file);
  }

  /**
   * Scans one quarantined file from storage. Clean: downloadable. Infected: the stored object is
   * deleted, the file keeps its record (name, hash, signature) and its revision, if not decided
   * yet, is rejected. If clamd cannot be reached the file stays quarantined, to be scanned again.
   */
  private async scanFile(actor: Actor, file: EvidenceFileEntity): Promise<EvidenceScanStatus> {
    let verdict;
    try {
      verdict = await this.scanner!.scan(await this.storage.get(file.storageKey));
    } catch (error) {
      this.logger.warn(`Evidence file ${file.id} stays quarantined: scan failed (${(error as Error).message})`);
      return 'pending_scan';
    }
    if (!verdict.clean) await this.storage.delete(file.storageKey);
    return this.db.transaction(async (manager) => {
      const status: EvidenceScanStatus = verdict.clean ? 'clean' : 'infected';
      const detail = verdict.clean ? null : verdict.signature;
      // An UPDATE answers [rows, count]. Another scan of the same file may have decided it already.
      const [updated]: [unknown[], number] = await manager.query(`UPDATE "evidence_file" SET "scan_status" = $2, "scan_detail" = $3, "scanned_at" = now() WHERE "id" = $1 AND "scan_status" = 'pending_scan' RETURNING "id"`, [file.id, status, detail]);
      if (!updated.length) return status;
      const author = authorOf(actor);
      await this.audit.record(manager, author, { action: verdict.clean ? 'evidence.file_scanned_clean' : 'evidence.file_infected', entityType: 'evidence_file', entityId: file.id, changes: { revisionId: { after: file.revisionId }, ...diffFields({ scanStatus: 'pending_scan' as EvidenceScanStatus, scanDetail: null as string | null }, { scanStatus: status, scanDetail: detail }) } });
      if (!verdict.clean) {
        const revision = await manager.getRepository(EvidenceRevisionEntity).findOneByOrFail({ id: file.revisionId });
        if (revision.status === 'draft' || revision.status === 'in_review') {
          const reason = `Virus scan found ${verdict.signature} in ${file.filename}; the file was deleted.`;
          await manager.query(`UPDATE "evidence_revision" SET "status" = 'rejected', "rejection_reason" = $2, "status_changed_at" = now(), "version" = "version" + 1 WHERE "id" = $1`, [revision.id, reason]);
          await this.audit.record(manager, author, { action: 'evidence.revision_status_changed', entityType: 'evidence_revision', entityId: revision.id, changes: diffFields({ status: revision.status as EvidenceRevisionStatus, rejectionReason: null as string | null }, { status: 'rejected' as EvidenceRevisionStatus, rejectionReason: reason }) });
        }
      }
      return status;
    }, tenantOf(actor));
  }

  /** Scans a file again that is still quarantined (clamd was unreachable when it arrived). */
  async rescan(actor: Actor, id: string, fileId: string): Promise<EvidenceDetailDto> {
    const file = await this.db.transaction(async (manager) => {
      await this.loadItem(manager, actor.organisationId, id);
      return this.loadFile(manager, id, fileId);
    }, tenantOf(actor));
    if (file.scanStatus !== 'pending_scan') throw new DomainError('unprocessable', 'evidence_file_not_quarantined', `This file is ${file.scanStatus}; only quarantined files are scanned again.`);
    if (!this.scanner) throw new DomainError('unprocessable', 'evidence_scanner_not_configured', 'No virus scanner is configured (CLAMAV_HOST).');
    await this.scanFile(actor, file);
    return this.get(actor, id);
  }

  private async loadFile(manager: EntityManager, itemId: string, fileId: string): Promise<EvidenceFileEntity> {
    const [row] = await manager.query(`SELECT f."id" FROM "evidence_file" f JOIN "evidence_revision" r ON r."id" = f."revision_id" WHERE f."id" = $1 AND r."item_id" = $2`, [fileId, itemId]);
    if (!row) throw new DomainError('not_found', 'evidence_file_not_found', 'This evidence has no such file.');
    return manager.getRepository(EvidenceFileEntity).findOneByOrFail({ id: fileId });
  }

  /**
   * Moves a revision through review. Submitting and withdrawing need `evidence.write` (checked by
   * the route); approving and rejecting need `evidence.approve` as well.
   */
  setStatus(actor: Actor, id: string, number: number, body: RevisionStatusBody): Promise<EvidenceDetailDto> {
    return this.db.transaction(async (manager) => {
      if (isApprovalDecision(body.status) && !actor.permissions.includes('evidence.approve')) {
        throw new DomainError('forbidden', 'forbidden', `Your role (${actor.role}) does not allow approving or rejecting evidence (evidence.approve).`);
      }
      const item = await this.loadItem(manager, actor.organisationId, id, true);
      const revision = await manager.getRepository(EvidenceRevisionEntity).findOne({ where: { itemId: item.id, number } });
      if (!revision) throw new DomainError('not_found', 'evidence_revision_not_found', `This evidence has no revision ${number}.`);
      if (revision.version !== body.version) throw staleVersion('revision');
      const files = await manager.getRepository(EvidenceFileEntity).find({ where: { revisionId: revision.id } });
      const next = transitionRevision({ status: revision.status, effectiveOn: revision.effectiveOn, expiresOn: revision.expiresOn, url: revision.url, rejectionReason: revision.rejectionReason, files }, body.status, { reason: body.reason });
      const [updated]: [unknown[], number] = await manager.query(
        `UPDATE "evidence_revision" SET "status" = $3, "rejection_reason" = $4, "status_changed_by_user_id" = $5, "status_changed_at" = now(), "version" = "version" + 1 WHERE "id" = $1 AND "version" = $2 RETURNING "id"`,
        [revision.id, body.version, next.status, next.rejectionReason, actor.userId],
      );
      if (!updated.length) throw staleVersion('revision');
      await manager.query(`UPDATE "evidence_item" SET "updated_at" = now() WHERE "id" = $1`, [item.id]);
      await this.audit.record(manager, authorOf(actor), {
        action: 'evidence.revision_status_changed',
        entityType: 'evidence_revision',
        entityId: revision.id,
        changes: { evidenceId: { after: item.id }, number: { after: revision.number }, ...diffFields({ status: revision.status, rejectionReason: revision.rejectionReason }, { status: next.status, rejectionReason: next.rejectionReason }) },
      });
      // Approving (or withdrawing) a revision changes which expiry date the item has.
      await this.datedItems.changed(manager, actor.organisationId, 'evidence_expiry', [item.id]);
      return this.detail(manager, actor.organisationId, id);
    }, tenantOf(actor));
  }

  link(actor: Actor, id: string, body: CreateEvidenceLinkBody): Promise<EvidenceLinkDto> {
    return this.db.transaction(async (manager) => {
      const item = await this.loadItem(manager, actor.organisationId, id);
      // The requirement must exist in the SCAL's template version; row-level security keeps other tenants' SCALs out.
      const [target] = await manager.query(
        `SELECT s."id" FROM "scal" s JOIN "scal_requirement" r ON r."template_id" = s."template_id" AND r."identifier" = $3 WHERE s."organisation_id" = $1 AND s."id" = $2`,
        [actor.organisationId, body.scalId, body.identifier],
      );
      if (!target) {
        const [scal] = await manager.query(`SELECT 1 FROM "scal" WHERE "organisation_id" = $1 AND "id" = $2`, [actor.organisationId, body.scalId]);
        if (!scal) throw new DomainError('unprocessable', 'scal_not_found', 'scalId: no such SCAL in this organisation.', { field: 'scalId' });
        throw new DomainError('unprocessable', 'scal_requirement_not_found', `identifier: this SCAL has no requirement ${body.identifier}.`, { field: 'identifier' });
      }
      const existing = await manager.getRepository(EvidenceLinkEntity).findOne({ where: { evidenceId: item.id, scalId: body.scalId, requirementIdentifier: body.identifier } });
      if (existing) throw new DomainError('conflict', 'evidence_already_linked', `This evidence is already linked to ${body.identifier}.`);
      const link = await manager.getRepository(EvidenceLinkEntity).save({ organisationId: actor.organisationId, evidenceId: item.id, targetType: 'scal_requirement', scalId: body.scalId, requirementIdentifier: body.identifier, createdByUserId: actor.userId });
      await this.audit.record(manager, authorOf(actor), { action: 'evidence.linked', entityType: 'evidence_link', entityId: link.id, changes: diffFields(null, { evidenceId: item.id, target: 'scal_requirement', scalId: body.scalId, identifier: body.identifier }) });
      return { id: link.id, target: link.targetType, scalId: body.scalId, identifier: body.identifier, createdAt: link.createdAt.toISOString() };
    }, tenantOf(actor));
  }

  unlink(actor: Actor, id: string, linkId: string): Promise<void> {
    return this.db.transaction(async (manager) => {
      const item = await this.loadItem(manager, actor.organisationId, id);
      const link = await manager.getRepository(EvidenceLinkEntity).findOne({ where: { id: linkId, evidenceId: item.id } });
      if (!link) throw new DomainError('not_found', 'evidence_link_not_found', 'This evidence has no such link.');
      await manager.getRepository(EvidenceLinkEntity).delete({ id: link.id });
      await this.audit.record(manager, authorOf(actor), { action: 'evidence.unlinked', entityType: 'evidence_link', entityId: link.id, changes: diffFields({ evidenceId: item.id, target: link.targetType, scalId: link.scalId, identifier: link.requirementIdentifier }, null) });
    }, tenantOf(actor));
  }

  /**
   * A file to download: its record (looked up in a short transaction) and its bytes, streamed from
   * storage after that transaction has ended. Quarantined files answer 409, infected ones 410.
   */
  async download(actor: Actor, id: string, fileId: string): Promise<{ file: EvidenceFileDto; body: Readable }> {
    const file = await this.db.transaction(async (manager) => {
      await this.loadItem(manager, actor.organisationId, id);
      return this.loadFile(manager, id, fileId);
    }, tenantOf(actor));
    if (file.scanStatus === 'pending_scan') throw new DomainError('conflict', 'evidence_file_quarantined', `${file.filename} is waiting for its virus scan and cannot be downloaded yet.`);
    if (file.scanStatus === 'infected') throw new DomainError('gone', 'evidence_file_infected', `${file.filename} was found infected (${file.scanDetail}) and deleted.`);
    try {
      return { file: toFileDto(file), body: await this.storage.get(file.storageKey) };
    } catch (error) {
      if (error instanceof MissingObject) throw new DomainError('gone', 'evidence_file_missing', `${file.filename} is recorded but its stored content is missing; upload it again as a new revision.`);
      throw error;
    }
  }

  /**
   * Approved evidence of one organisation whose latest approved revision expires within
   * `withinDays` days (today included; already expired not included), soonest first. This is the
   * query the reminders feature calls, once per organisation (row-level security scopes it), to
   * warn owners before evidence lapses; `GET /api/evidence/expiring` serves the same list.
   */
  expiringEvidence(organisationId: string, withinDays: number): Promise<ExpiringEvidenceDto[]> {
    const today = this.clock.today();
    return this.db.transaction(async (manager) => {
      const rows: { id: string; title: string; number: number; expires_on: string; link_count: number }[] = await manager.query(
        `SELECT i."id", i."title", ar."number", ar."expires_on"::text AS "expires_on", (SELECT count(*) FROM "evidence_link" l WHERE l."evidence_id" = i."id")::int AS "link_count"
         FROM "evidence_item" i
         JOIN LATERAL (SELECT r."number", r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" AND r."status" = 'approved' ORDER BY r."number" DESC LIMIT 1) ar ON true
         WHERE i."organisation_id" = $1 AND ar."expires_on" BETWEEN $2::date AND $3::date
         ORDER BY ar."expires_on", i."title", i."id"`,
        [organisationId, today, addDays(today, withinDays)],
      );
      return rows.map((r) => ({ organisationId, evidenceId: r.id, title: r.title, revision: Number(r.number), expiresOn: r.expires_on, linkCount: Number(r.link_count) }));
    }, { organisationId });
  }

  /**
   * Each requirement's linked evidence as a SCAL snapshot or export records it: the latest
   * approved revision (or the latest one when none is approved) and its downloadable files.
   */
  async scalEvidenceReferences(manager: EntityManager, scal: { readonly id: string; readonly organisationId: string }): Promise<Map<string, ScalEvidenceReference[]>> {
    const rows: { identifier: string; item_id: string; title: string; revision_id: string; number: number; expires_on: string | null; files: { name: string; sha256: string }[] | null }[] = await manager.query(
      `SELECT l."requirement_identifier" AS "identifier", i."id" AS "item_id", i."title", rv."id" AS "revision_id", rv."number", rv."expires_on"::text AS "expires_on",
         (SELECT json_agg(json_build_object('name', f."filename", 'sha256', f."sha256") ORDER BY f."position") FROM "evidence_file" f WHERE f."revision_id" = rv."id" AND f."scan_status" IN ('clean', 'not_scanned')) AS "files"
       FROM "evidence_link" l
       JOIN "evidence_item" i ON i."id" = l."evidence_id"
       JOIN LATERAL (SELECT r."id", r."number", r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" ORDER BY (r."status" = 'approved') DESC, r."number" DESC LIMIT 1) rv ON true
       WHERE l."organisation_id" = $1 AND l."scal_id" = $2
       ORDER BY l."requirement_identifier", i."title", i."id"`,
      [scal.organisationId, scal.id],
    );
    const byIdentifier = new Map<string, ScalEvidenceReference[]>();
    for (const row of rows) {
      const list = byIdentifier.get(row.identifier) ?? [];
      list.push({ evidenceItemId: row.item_id, revisionId: row.revision_id, label: `${row.title} (revision ${row.number})`, expiresOn: row.expires_on, files: row.files ?? [] });
      byIdentifier.set(row.identifier, list);
    }
    return byIdentifier;
  }
}
