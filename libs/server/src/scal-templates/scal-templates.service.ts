import { Injectable } from '@nestjs/common';
import type { DocumentFileDto } from '@pairline/contracts';
import { BASELINE_SCAL_TEMPLATE, checkScalSheetSettings, diffFields, DomainError, SCAL_ENVIRONMENTS, SCAL_LEVELS, type ImportedSection, type ScalSection } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { DocumentFiles, type DocumentFileRecord } from '../documents/document-files';
import { DocumentWorkers, transferable } from '../documents/document-workers';
import type { UploadedFile } from '../documents/uploaded-file';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { ScalRequirementEntity, ScalTemplateEntity, type ScalSourceSheet } from './scal-template.entity';
import type { ScalImportBody, ScalImportPreviewDto, ScalPreviewBody, ScalRequirementDto, ScalTemplateDetailDto, ScalTemplateDto, ScalTemplateListItemDto } from './scal-templates.dto';
import type { PreparedScalImport, ScalImportOptions } from './scal-workbook.tasks';

export const SCAL_TEMPLATE_LIST: ListSpec<'id' | 'key' | 'version' | 'name' | 'baseline' | 'createdAt'> = {
  resource: 'scal-templates',
  fields: { id: 't.id', key: 't.key', version: 't.version', name: 't.name', baseline: 't.baseline', createdAt: 't.created_at' },
  sortable: ['key', 'version', 'name', 'createdAt'],
  filterable: { id: 'uuid', key: 'text', baseline: 'boolean' },
  searchable: ['name', 'key'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 't.id',
};

export const SCAL_REQUIREMENT_LIST: ListSpec<'id' | 'identifier' | 'section' | 'level' | 'environment' | 'description' | 'position'> = {
  resource: 'scal-requirements',
  fields: { id: 'r.id', identifier: 'r.identifier', section: 'r.section', level: 'r.level', environment: 'r.environment', description: 'r.description', position: 'r.position' },
  sortable: ['identifier', 'section', 'level', 'position'],
  filterable: { id: 'uuid', section: 'text', level: { oneOf: SCAL_LEVELS }, environment: { oneOf: SCAL_ENVIRONMENTS } },
  searchable: ['identifier', 'description'],
  defaultSort: { field: 'position', order: 'ASC' },
  tieBreaker: 'r.id',
};

const toDto = (t: ScalTemplateEntity): ScalTemplateDto => ({
  id: t.id,
  key: t.key,
  version: t.version,
  name: t.name,
  baseline: t.baseline,
  sourceNote: t.sourceNote,
  createdAt: t.createdAt.toISOString(),
  createdBy: t.createdBy,
  sourceFileId: t.sourceFileId,
});

const toRequirementDto = (r: ScalRequirementEntity): ScalRequirementDto => ({
  id: r.id,
  identifier: r.identifier,
  section: r.section,
  sectionName: r.sectionName,
  heading: r.heading,
  description: r.description,
  useCase: r.useCase,
  type: r.type,
  link: r.link,
  testCases: r.testCases,
  evidenceRequired: r.evidenceRequired,
  environment: r.environment,
  level: r.level,
  position: r.position,
});

const toFileDto = (f: DocumentFileRecord): DocumentFileDto => ({ ...f });

interface NewTemplate {
  readonly key: string;
  readonly name: string;
  readonly baseline: boolean;
  readonly sourceNote: string | null;
  readonly sourceSheets: ScalSourceSheet[] | null;
  readonly sourceFileId: string | null;
  readonly sections: readonly (ScalSection | ImportedSection)[];
  readonly progress?: (storedRows: number) => void;
}

/** An import read and checked, ready to store. */
export interface PreparedImport {
  readonly body: ScalImportBody;
  readonly file: DocumentFileRecord;
  readonly prepared: PreparedScalImport;
  readonly rowCount: number;
}

/** Rows per INSERT: well under the parameter limit, and the step a large import's progress moves by. */
export const SCAL_IMPORT_CHUNK_ROWS = 500;

const isImported = (r: ScalSection['requirements'][number] | ImportedSection['requirements'][number]): r is ImportedSection['requirements'][number] => 'sheet' in r;

@Injectable()
export class ScalTemplatesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly files: DocumentFiles,
    private readonly workers: DocumentWorkers,
  ) {}

  private async load(manager: EntityManager, organisationId: string, id: string): Promise<ScalTemplateEntity> {
    const template = await manager.getRepository(ScalTemplateEntity).findOne({ where: { organisationId, id } });
    if (!template) throw new DomainError('not_found', 'scal_template_not_found', 'No such SCAL template in this organisation.');
    return template;
  }

  async detail(manager: EntityManager, template: ScalTemplateEntity): Promise<ScalTemplateDetailDto> {
    const sections: { section: string; section_name: string; n: number }[] = await manager.query(
      `SELECT "section", min("section_name") AS section_name, count(*)::int AS n FROM "scal_requirement" WHERE "template_id" = $1 GROUP BY "section" ORDER BY min("position")`,
      [template.id],
    );
    return {
      ...toDto(template),
      requirementCount: sections.reduce((n, s) => n + s.n, 0),
      sections: sections.map((s) => ({ key: s.section, name: s.section_name, requirementCount: s.n })),
      sheets: (template.sourceSheets ?? []).map((s) => ({ name: s.name, state: s.state ?? 'visible', headerRow: s.headerRow ?? 1 })),
    };
  }

  list(actor: Actor, query: ListQuery): Promise<Page<ScalTemplateListItemDto>> {
    return this.db.transaction(async (manager) => {
      const source = { select: entityColumns(manager, ScalTemplateEntity, 't', ['sourceSheets']), from: `"scal_template" t`, where: `t."organisation_id" = $1`, params: [actor.organisationId] };
      const page = await findPage<ScalTemplateEntity>(manager, source, query, SCAL_TEMPLATE_LIST);
      // The page's requirement counts in one grouped query, whatever the page size.
      const counts: { template_id: string; n: number }[] = page.items.length
        ? await manager.query(`SELECT "template_id", count(*)::int AS n FROM "scal_requirement" WHERE "organisation_id" = $1 AND "template_id" = ANY($2::uuid[]) GROUP BY "template_id"`, [
            actor.organisationId,
            page.items.map((t) => t.id),
          ])
        : [];
      const byTemplate = new Map(counts.map((c) => [c.template_id, c.n]));
      return page.map((t) => ({ ...toDto(t), requirementCount: byTemplate.get(t.id) ?? 0 }));
    }, tenantOf(actor));
  }

  get(actor: Actor, id: string): Promise<ScalTemplateDetailDto> {
    return this.db.transaction(async (manager) => this.detail(manager, await this.load(manager, actor.organisationId, id)), tenantOf(actor));
  }

  requirements(actor: Actor, id: string, query: ListQuery): Promise<Page<ScalRequirementDto>> {
    return this.db.transaction(async (manager) => {
      await this.load(manager, actor.organisationId, id);
      const source = { select: entityColumns(manager, ScalRequirementEntity, 'r', ['source']), from: `"scal_requirement" r`, where: `r."organisation_id" = $1 AND r."template_id" = $2`, params: [actor.organisationId, id] };
      return findPage(manager, source, query, SCAL_REQUIREMENT_LIST, toRequirementDto);
    }, tenantOf(actor));
  }

  copyBaseline(actor: Actor): Promise<ScalTemplateDetailDto> {
    const template = BASELINE_SCAL_TEMPLATE;
    return this.db.transaction(async (manager) => {
      const saved = await this.store(manager, actor, { key: template.key, name: template.name, baseline: true, sourceNote: template.note, sourceSheets: null, sourceFileId: null, sections: template.sections });
      await this.audit.record(manager, authorOf(actor), {
        action: 'scal_template.baseline_copied',
        entityType: 'scal_template',
        entityId: saved.id,
        changes: diffFields(null, { key: saved.key, version: saved.version, name: saved.name }),
      });
      return this.detail(manager, saved);
    }, tenantOf(actor));
  }

  /** Keeps an uploaded workbook (content-addressed) and previews it with the suggested header rows and mapping. */
  async upload(actor: Actor, upload: UploadedFile): Promise<ScalImportPreviewDto> {
    // Read once before anything is kept: a damaged or oversized workbook is refused and leaves nothing behind.
    const { bytes, transfer } = transferable(upload.bytes);
    const preview = await this.workers.run('scalPreview', { bytes, filename: upload.filename, kind: upload.kind }, transfer);
    const file = await this.files.store(actor, upload);
    return { file: toFileDto(file), ...preview };
  }

  async preview(actor: Actor, fileId: string, body: ScalPreviewBody): Promise<ScalImportPreviewDto> {
    const options = this.options(body);
    const { record, bytes } = await this.db.transaction((manager) => this.files.read(manager, actor.organisationId, fileId), tenantOf(actor));
    const input = transferable(await bytes());
    const preview = await this.workers.run('scalPreview', { bytes: input.bytes, filename: record.filename, kind: record.kind, ...options }, input.transfer);
    return { file: toFileDto(record), ...preview };
  }

  private options(body: ScalPreviewBody): ScalImportOptions {
    const sheets = body.sheets === undefined ? undefined : checkScalSheetSettings(body.sheets, 'sheets');
    return { ...(body.mapping ? { mapping: body.mapping } : {}), ...(sheets ? { sheets } : {}) };
  }

  /**
   * Reads and checks an import without storing anything: every refusal (file, mapping, rejected
   * rows) happens here, so a run that starts storing has only the database left to fail on.
   */
  async prepareImport(actor: Actor, body: ScalImportBody): Promise<PreparedImport> {
    const options = this.options(body);
    const { record, bytes } = await this.db.transaction((manager) => this.files.read(manager, actor.organisationId, body.fileId), tenantOf(actor));
    const input = transferable(await bytes());
    const prepared = await this.workers.run('scalPrepare', { bytes: input.bytes, filename: record.filename, kind: record.kind, ...options, mapping: body.mapping }, input.transfer);
    return { body, file: record, prepared, rowCount: prepared.rowCount };
  }

  async import(actor: Actor, body: ScalImportBody): Promise<ScalTemplateDetailDto> {
    const prepared = await this.prepareImport(actor, body);
    return this.db.transaction(async (manager) => this.detail(manager, await this.storeImport(manager, actor, prepared)), tenantOf(actor));
  }

  /** Stores a checked import and audits it, in the caller's transaction; `progress` hears each chunk stored. */
  async storeImport(manager: EntityManager, actor: Actor, prepared: PreparedImport, options: { importRunId?: string; progress?: (storedRows: number) => void } = {}): Promise<ScalTemplateEntity> {
    const { body, file } = prepared;
    await this.files.pin(manager, file.id);
    const saved = await this.store(manager, actor, {
      key: body.key,
      name: body.name.trim(),
      baseline: false,
      sourceNote: body.sourceNote?.trim() || `Imported from ${file.filename}`,
      sourceSheets: prepared.prepared.sourceSheets,
      sourceFileId: file.id,
      sections: prepared.prepared.sections,
      progress: options.progress,
    });
    await this.audit.record(manager, authorOf(actor), {
      action: 'scal_template.imported',
      entityType: 'scal_template',
      entityId: saved.id,
      changes: diffFields(null, {
        key: saved.key,
        version: saved.version,
        name: saved.name,
        filename: file.filename,
        fileSha256: file.sha256,
        rows: prepared.rowCount,
        answeredRows: prepared.prepared.answeredRows,
        ...(options.importRunId ? { importRunId: options.importRunId } : {}),
      }),
    });
    return saved;
  }

  /** Writes a new version of the key with all its requirements, in the caller's transaction. */
  private async store(manager: EntityManager, actor: Actor, template: NewTemplate): Promise<ScalTemplateEntity> {
    // Serialises versioning of one key, so two concurrent imports take versions n and n+1 rather than one failing.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('scal_template:' || $1 || ':' || $2))`, [actor.organisationId, template.key]);
    const [{ next }] = await manager.query(`SELECT coalesce(max("version"), 0) + 1 AS next FROM "scal_template" WHERE "organisation_id" = $1 AND "key" = $2`, [actor.organisationId, template.key]);
    const saved = await manager.getRepository(ScalTemplateEntity).save({
      organisationId: actor.organisationId,
      key: template.key,
      version: Number(next),
      name: template.name,
      baseline: template.baseline,
      sourceNote: template.sourceNote,
      sourceSheets: template.sourceSheets,
      sourceFileId: template.sourceFileId,
      createdBy: actor.userId,
    });
    let position = 0;
    const rows = template.sections.flatMap((section) =>
      section.requirements.map((r) => ({
        organisationId: actor.organisationId,
        templateId: saved.id,
        identifier: r.identifier,
        section: section.key,
        sectionName: section.name,
        description: r.description,
        useCase: r.useCase,
        type: r.type,
        link: r.link,
        testCases: r.testCases,
        evidenceRequired: r.evidenceRequired,
        environment: r.environment,
        level: r.level,
        position: ++position,
        source: isImported(r) ? { sheet: r.sheet, row: r.row, cells: [...r.cells] } : null,
        heading: isImported(r) ? r.heading : null,
        importedAnswer: isImported(r) ? r.answer : null,
      })),
    );
    for (let i = 0; i < rows.length; i += SCAL_IMPORT_CHUNK_ROWS) {
      await manager.getRepository(ScalRequirementEntity).insert(rows.slice(i, i + SCAL_IMPORT_CHUNK_ROWS));
      template.progress?.(Math.min(i + SCAL_IMPORT_CHUNK_ROWS, rows.length));
    }
    return saved;
  }
}
