import { Injectable } from '@nestjs/common';
import { answerColumnsOf, BASELINE_SCAL_TEMPLATE, diffFields, DomainError, importScalRequirements, suggestMapping, type ColumnMapping, type ImportSheet, type ScalSection } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { decodeUpload, readSheets } from './scal-files';
import { ScalRequirementEntity, ScalTemplateEntity, type ScalSourceRow, type ScalSourceSheet } from './scal-template.entity';
import type { ScalImportBody, ScalImportPreviewDto, ScalRequirementDto, ScalTemplateDetailDto, ScalTemplateDto, ScalTemplateListItemDto, ScalUploadBody } from './scal-templates.dto';

export const SCAL_TEMPLATE_LIST: ListSpec<'id' | 'key' | 'version' | 'name' | 'baseline' | 'createdAt'> = {
  resource: 'scal-templates',
  fields: { id: 't.id', key: 't.key', version: 't.version', name: 't.name', baseline: 't.baseline', createdAt: 't.created_at' },
  sortable: ['key', 'version', 'name', 'createdAt'],
  filterable: ['id', 'key', 'baseline'],
  searchable: ['name', 'key'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 't.id',
};

export const SCAL_REQUIREMENT_LIST: ListSpec<'id' | 'identifier' | 'section' | 'level' | 'environment' | 'description' | 'position'> = {
  resource: 'scal-requirements',
  fields: { id: 'r.id', identifier: 'r.identifier', section: 'r.section', level: 'r.level', environment: 'r.environment', description: 'r.description', position: 'r.position' },
  sortable: ['identifier', 'section', 'level', 'position'],
  filterable: ['id', 'section', 'level', 'environment'],
  searchable: ['identifier', 'description'],
  defaultSort: { field: 'position', order: 'ASC' },
  tieBreaker: 'r.id',
};

/** How many rows of each sheet a preview shows: enough to check a mapping by eye. */
export const PREVIEW_ROWS = 20;

const toDto = (t: ScalTemplateEntity): ScalTemplateDto => ({
  id: t.id,
  key: t.key,
  version: t.version,
  name: t.name,
  baseline: t.baseline,
  sourceNote: t.sourceNote,
  createdAt: t.createdAt.toISOString(),
  createdBy: t.createdBy,
});

const toRequirementDto = (r: ScalRequirementEntity): ScalRequirementDto => ({
  id: r.id,
  identifier: r.identifier,
  section: r.section,
  sectionName: r.sectionName,
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

interface NewTemplate {
  readonly key: string;
  readonly name: string;
  readonly baseline: boolean;
  readonly sourceNote: string | null;
  readonly sourceSheets: ScalSourceSheet[] | null;
  readonly sections: readonly ScalSection[];
  readonly sourceOf?: (identifier: string) => ScalSourceRow | null;
  readonly progress?: (storedRows: number) => void;
}

/** An import read and checked, ready to store. */
export interface PreparedImport {
  readonly body: ScalImportBody;
  readonly sheets: readonly ImportSheet[];
  readonly sections: readonly ScalSection[];
  readonly rowCount: number;
}

/** Rows per INSERT: well under the parameter limit, and the step a large import's progress moves by. */
export const SCAL_IMPORT_CHUNK_ROWS = 500;

/**
 * Where each accepted identifier came from. The import has already refused duplicates, so the
 * identifier (compared as the import compares it) names one source row.
 */
function sourceRows(sheets: readonly ImportSheet[], mapping: ColumnMapping): Map<string, ScalSourceRow> {
  const identifierHeaders = new Set(
    Object.entries(mapping)
      .filter(([, field]) => field === 'identifier')
      .map(([header]) => header.trim().toLowerCase()),
  );
  const result = new Map<string, ScalSourceRow>();
  for (const sheet of sheets) {
    const [headers = [], ...rows] = sheet.rows;
    const column = headers.findIndex((h) => identifierHeaders.has((h ?? '').trim().toLowerCase()));
    if (column < 0) continue;
    rows.forEach((cells, index) => {
      const identifier = (cells[column] ?? '').trim().toUpperCase();
      if (identifier && !result.has(identifier)) result.set(identifier, { sheet: sheet.name, row: index + 2, cells: [...cells] });
    });
  }
  return result;
}

/** Each sheet's layout: headers, where its answer columns are, and its rows that are not requirements. */
function sourceSheets(sheets: readonly ImportSheet[], mapping: ColumnMapping, sources: ReadonlyMap<string, ScalSourceRow>): ScalSourceSheet[] {
  const used = new Set([...sources.values()].map((s) => `${s.row}\u0000${s.sheet}`));
  return sheets.map((sheet) => {
    const headers = [...(sheet.rows[0] ?? [])];
    const otherRows: { row: number; cells: string[] }[] = [];
    sheet.rows.forEach((cells, index) => {
      const row = index + 1;
      if (row > 1 && !used.has(`${row}\u0000${sheet.name}`) && cells.some((c) => (c ?? '').trim() !== '')) otherRows.push({ row, cells: [...cells] });
    });
    return { name: sheet.name, headers, answerColumns: answerColumnsOf(headers, mapping), otherRows };
  });
}

@Injectable()
export class ScalTemplatesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
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
    };
  }

  list(actor: Actor, query: ListQuery): Promise<Page<ScalTemplateListItemDto>> {
    return this.db.transaction(async (manager) => {
      const page = await findPage(manager.getRepository(ScalTemplateEntity).createQueryBuilder('t').where('t.organisation_id = :organisationId', { organisationId: actor.organisationId }), query, SCAL_TEMPLATE_LIST);
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
      const page = await findPage(
        manager.getRepository(ScalRequirementEntity).createQueryBuilder('r').where('r.organisation_id = :organisationId AND r.template_id = :id', { organisationId: actor.organisationId, id }),
        query,
        SCAL_REQUIREMENT_LIST,
      );
      return page.map(toRequirementDto);
    }, tenantOf(actor));
  }

  copyBaseline(actor: Actor): Promise<ScalTemplateDetailDto> {
    const template = BASELINE_SCAL_TEMPLATE;
    return this.db.transaction(async (manager) => {
      const saved = await this.store(manager, actor, { key: template.key, name: template.name, baseline: true, sourceNote: template.note, sourceSheets: null, sections: template.sections });
      await this.audit.record(manager, authorOf(actor), {
        action: 'scal_template.baseline_copied',
        entityType: 'scal_template',
        entityId: saved.id,
        changes: diffFields(null, { key: saved.key, version: saved.version, name: saved.name }),
      });
      return this.detail(manager, saved);
    }, tenantOf(actor));
  }

  async preview(body: ScalUploadBody): Promise<ScalImportPreviewDto> {
    const { kind, bytes } = decodeUpload(body.filename, body.contentBase64);
    const sheets = await readSheets(body.filename, kind, bytes);
    const suggestedMapping = suggestMapping(sheets.flatMap((s) => s.rows[0] ?? []));
    const mapping = body.mapping ?? suggestedMapping;
    let rejected: ScalImportPreviewDto['rejected'] = [];
    let mappingProblem: string | null = null;
    let requirementCount = 0;
    let layoutOnlySheets: string[] = [];
    try {
      const result = importScalRequirements({ sheets, mapping });
      if (result.ok) {
        requirementCount = result.sections.reduce((n, s) => n + s.requirements.length, 0);
        layoutOnlySheets = result.layoutOnlySheets;
      } else rejected = result.rejected;
    } catch (error) {
      // A preview exists to show what is wrong, so an unusable mapping is reported, not refused.
      if (!(error instanceof DomainError)) throw error;
      mappingProblem = error.message;
    }
    return {
      sheets: sheets.map((s) => ({ name: s.name, headers: [...(s.rows[0] ?? [])], rowCount: Math.max(s.rows.length - 1, 0), rows: s.rows.slice(1, PREVIEW_ROWS + 1).map((r) => [...r]) })),
      suggestedMapping,
      mapping: { ...mapping },
      mappingProblem,
      rejected,
      requirementCount,
      layoutOnlySheets,
    };
  }

  /**
   * Reads and checks an import without storing anything: every refusal (file, mapping, rejected
   * rows) happens here, so a run that starts storing has only the database left to fail on.
   */
  async prepareImport(body: ScalImportBody): Promise<PreparedImport> {
    const { kind, bytes } = decodeUpload(body.filename, body.contentBase64);
    const sheets = await readSheets(body.filename, kind, bytes);
    const result = importScalRequirements({ sheets, mapping: body.mapping });
    if (!result.ok) {
      throw new DomainError('unprocessable', 'scal_import_rejected', `${result.rejected.length} row(s) cannot be imported; nothing was stored. Fix them and import again.`, { rejected: result.rejected });
    }
    return { body, sheets, sections: result.sections, rowCount: result.sections.reduce((n, s) => n + s.requirements.length, 0) };
  }

  async import(actor: Actor, body: ScalImportBody): Promise<ScalTemplateDetailDto> {
    const prepared = await this.prepareImport(body);
    return this.db.transaction(async (manager) => this.detail(manager, await this.storeImport(manager, actor, prepared)), tenantOf(actor));
  }

  /** Stores a checked import and audits it, in the caller's transaction; `progress` hears each chunk stored. */
  async storeImport(manager: EntityManager, actor: Actor, prepared: PreparedImport, options: { importRunId?: string; progress?: (storedRows: number) => void } = {}): Promise<ScalTemplateEntity> {
    const { body, sheets } = prepared;
    const sources = sourceRows(sheets, body.mapping);
    const saved = await this.store(manager, actor, {
      key: body.key,
      name: body.name.trim(),
      baseline: false,
      sourceNote: body.sourceNote?.trim() || `Imported from ${body.filename.trim()}`,
      sourceSheets: sourceSheets(sheets, body.mapping, sources),
      sections: prepared.sections,
      sourceOf: (identifier) => sources.get(identifier.toUpperCase()) ?? null,
      progress: options.progress,
    });
    await this.audit.record(manager, authorOf(actor), {
      action: 'scal_template.imported',
      entityType: 'scal_template',
      entityId: saved.id,
      changes: diffFields(null, { key: saved.key, version: saved.version, name: saved.name, filename: body.filename.trim(), rows: prepared.rowCount, ...(options.importRunId ? { importRunId: options.importRunId } : {}) }),
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
        source: template.sourceOf?.(r.identifier) ?? null,
      })),
    );
    for (let i = 0; i < rows.length; i += SCAL_IMPORT_CHUNK_ROWS) {
      await manager.getRepository(ScalRequirementEntity).insert(rows.slice(i, i + SCAL_IMPORT_CHUNK_ROWS));
      template.progress?.(Math.min(i + SCAL_IMPORT_CHUNK_ROWS, rows.length));
    }
    return saved;
  }
}
