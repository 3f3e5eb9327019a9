import { Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import type { HazardDto, HazardLibraryImportResultDto, HazardLibraryItemDto, HazardLibraryPreviewDto } from '@pairline/contracts';
import { adoptSuggestion, DomainError, importHazardLibrary, suggestHazardLibraryMapping, type ImportSheet } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import { decodeUpload, readSheets } from '../scal-templates/scal-files';
import { HazardLibraryItemEntity } from './clinical-safety.entities';
import type { AdoptSuggestionBody, HazardLibraryImportBody } from './clinical-safety.dto';
import { HazardsService } from './hazards.service';

export const HAZARD_LIBRARY_LIST: ListSpec<'id' | 'source' | 'number' | 'hazardType' | 'name' | 'description' | 'sourceRow'> = {
  resource: 'hazard-library',
  fields: { id: 'i."id"', source: 'i."source"', number: 'i."number"', hazardType: 'i."hazard_type"', name: 'i."name"', description: 'i."description"', sourceRow: 'i."source_row"' },
  sortable: ['source', 'sourceRow', 'hazardType', 'name'],
  filterable: { id: 'uuid', source: 'text', hazardType: 'text', number: 'text' },
  searchable: ['number', 'name', 'description'],
  defaultSort: { field: 'sourceRow', order: 'ASC' },
  tieBreaker: 'i."id"',
};

export const DEFAULT_LIBRARY_SHEET = 'Hazard Log';
const SAMPLE_ROWS = 20;

const toItemDto = (i: HazardLibraryItemEntity): HazardLibraryItemDto => ({
  id: i.id,
  source: i.source,
  sourceRow: i.sourceRow,
  number: i.number,
  hazardType: i.hazardType,
  name: i.name,
  description: i.description,
  potentialClinicalImpact: i.potentialClinicalImpact,
  possibleCauses: i.possibleCauses,
  suggestedActions: i.suggestedActions,
  links: i.links,
  importedAt: i.importedAt.toISOString(),
});

/** The organisation's library of suggested hazards, imported from published logs, and adoption into a product's log. */
@Injectable()
export class HazardLibraryService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly hazards: HazardsService,
  ) {}

  /** The file's hazard sheet, refusing hostile or wrong files before anything is stored. */
  private async sheet(body: HazardLibraryImportBody): Promise<ImportSheet> {
    const { kind, bytes } = decodeUpload(body.filename, body.contentBase64);
    if (kind !== 'xlsx') throw new UnsupportedMediaTypeException('Upload the hazard log as an .xlsx workbook.');
    const sheets = await readSheets(body.filename, kind, bytes);
    const wanted = body.sheet ?? DEFAULT_LIBRARY_SHEET;
    const found = sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase()) ?? (body.sheet === undefined && sheets.length === 1 ? sheets[0] : undefined);
    if (!found) throw new DomainError('unprocessable', 'hazard_library_sheet_missing', `sheet: the workbook has no sheet "${wanted}"; it has ${sheets.map((s) => `"${s.name}"`).join(', ')}.`, { field: 'sheet', sheets: sheets.map((s) => s.name) });
    return found;
  }

  async preview(actor: Actor, body: HazardLibraryImportBody): Promise<HazardLibraryPreviewDto> {
    void actor;
    const sheet = await this.sheet(body);
    const headers = [...(sheet.rows[0] ?? [])];
    const mapping = body.mapping ?? suggestHazardLibraryMapping(headers);
    const result = importHazardLibrary({ rows: sheet.rows, mapping });
    const sample = sheet.rows.slice(1, SAMPLE_ROWS + 1).map((cells) => Object.fromEntries(headers.map((h, i) => [h || `column ${i + 1}`, cells[i] ?? ''])));
    return { sheet: sheet.name, headers, mapping, rows: result.ok ? result.items.length : 0, sample, rejected: result.ok ? [] : result.rejected, ignoredRows: result.ignored };
  }

  import(actor: Actor, body: HazardLibraryImportBody): Promise<HazardLibraryImportResultDto> {
    return this.db.transaction(async (manager) => {
      const sheet = await this.sheet(body);
      const mapping = body.mapping ?? suggestHazardLibraryMapping(sheet.rows[0] ?? []);
      const result = importHazardLibrary({ rows: sheet.rows, mapping });
      if (!result.ok) {
        throw new DomainError('unprocessable', 'hazard_library_import_rejected', `${result.rejected.length} row(s) of sheet "${sheet.name}" cannot be imported; nothing was imported.`, { rejected: result.rejected });
      }
      const source = (body.source ?? body.filename).trim();
      const taken = await manager.query(`SELECT 1 FROM "hazard_library_item" WHERE "organisation_id" = $1 AND "source" = $2 LIMIT 1`, [actor.organisationId, source]);
      if (taken.length) throw new DomainError('conflict', 'hazard_library_source_exists', `source: a library named "${source}" is already imported; give this import another name.`, { field: 'source' });
      await manager.getRepository(HazardLibraryItemEntity).insert(
        result.items.map((item) => ({
          organisationId: actor.organisationId,
          source,
          sourceRow: item.row,
          number: item.number,
          hazardType: item.hazardType,
          name: item.name,
          description: item.description,
          potentialClinicalImpact: item.potentialClinicalImpact,
          possibleCauses: item.possibleCauses,
          suggestedActions: item.suggestedActions,
          links: item.links,
        })),
      );
      await this.audit.record(manager, authorOf(actor), { action: 'hazard_library.imported', entityType: 'hazard_library', entityId: null, changes: { source: { after: source }, filename: { after: body.filename }, sheet: { after: sheet.name }, rows: { after: result.items.length } } });
      return { source, imported: result.items.length };
    }, tenantOf(actor));
  }

  list(actor: Actor, query: ListQuery): Promise<Page<HazardLibraryItemDto>> {
    return this.db.transaction(async (manager) => {
      const source = { select: entityColumns(manager, HazardLibraryItemEntity, 'i'), from: `"hazard_library_item" i`, where: `i."organisation_id" = $1`, params: [actor.organisationId] };
      return findPage(manager, source, query, HAZARD_LIBRARY_LIST, toItemDto);
    }, tenantOf(actor));
  }

  private async item(manager: EntityManager, organisationId: string, id: string): Promise<HazardLibraryItemEntity> {
    const item = await manager.getRepository(HazardLibraryItemEntity).findOne({ where: { organisationId, id } });
    if (!item) throw new DomainError('not_found', 'hazard_library_item_not_found', 'No such suggested hazard in this organisation.');
    return item;
  }

  get(actor: Actor, id: string): Promise<HazardLibraryItemDto> {
    return this.db.transaction(async (manager) => toItemDto(await this.item(manager, actor.organisationId, id)), tenantOf(actor));
  }

  /** Copies the suggestion's text into a new hazard of the product; the CSO rates it afterwards. */
  adopt(actor: Actor, id: string, body: AdoptSuggestionBody): Promise<HazardDto> {
    return this.db.transaction(async (manager) => {
      const item = await this.item(manager, actor.organisationId, id);
      const fields = adoptSuggestion(item);
      const hazard = await this.hazards.insertHazard(
        manager,
        actor,
        {
          productId: body.productId,
          name: fields.name,
          description: fields.description,
          potentialClinicalImpact: fields.potentialClinicalImpact,
          possibleCauses: [...(fields.possibleCauses ?? [])],
          hazardType: fields.hazardType,
          actionSummary: fields.actionSummary,
        },
        item.id,
      );
      await this.audit.record(manager, authorOf(actor), { action: 'hazard.adopted', entityType: 'hazard', entityId: hazard.id, changes: { libraryItemId: { after: item.id }, source: { after: item.source }, sourceNumber: { after: item.number } } });
      return hazard;
    }, tenantOf(actor));
  }
}
