import { Injectable } from '@nestjs/common';
import type { ScalWorkbookImportDto } from '@pairline/contracts';
import { applyReturnedAnswer, diffFields, DomainError, type AnswerConflict, type ScalRequirementState, type ScalTabLayout } from '@pairline/domain';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { DatedItemChanges } from '../calendar/dated-item-changes';
import { Db } from '../database/db.service';
import { DocumentFiles } from '../documents/document-files';
import { DocumentWorkers, transferable } from '../documents/document-workers';
import type { UploadedFile } from '../documents/uploaded-file';
import { ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import type { readReturnedScal } from '../scal-templates/scal-workbook.tasks';
import { ScalEntity } from './scal.entity';
import { ScalsService } from './scals.service';

const key = (sheet: string, identifier: string) => `${sheet}\u0000${identifier.trim().toUpperCase()}`;

/**
 * A SCAL workbook coming back (NHS England's verdicts written in, or the supplier's offline copy):
 * read on a document thread by the layout the template was imported with, matched to the SCAL's
 * requirements by tab and identifier, and applied in one transaction. Verdicts always apply;
 * answers fill only what the SCAL lacks (see applyReturnedAnswer). A returned .xlsx becomes the
 * workbook the SCAL's exports write into, so NHS England's review columns go back as it left them.
 */
@Injectable()
export class ScalWorkbooksService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly scals: ScalsService,
    private readonly files: DocumentFiles,
    private readonly workers: DocumentWorkers,
    private readonly datedItems: DatedItemChanges,
  ) {}

  async importReturned(actor: Actor, scalId: string, upload: UploadedFile): Promise<ScalWorkbookImportDto> {
    const { layouts, byRow } = await this.db.transaction(async (manager) => {
      const scal = await manager.getRepository(ScalEntity).findOneBy({ organisationId: actor.organisationId, id: scalId });
      if (!scal) throw new DomainError('not_found', 'scal_not_found', 'No such SCAL in this organisation.');
      const template = await manager.getRepository(ScalTemplateEntity).findOneByOrFail({ id: scal.templateId });
      const sheets = template.sourceSheets ?? [];
      if (!sheets.some((s) => s.columns?.identifier !== undefined)) {
        throw new DomainError('unprocessable', 'scal_template_without_workbook', 'This SCAL was not imported from a workbook with a known layout (it is the baseline or an older import), so a returned workbook cannot be matched to it.');
      }
      const sources: { identifier: string; source: { sheet: string; cells: string[] } | null }[] = await manager.query(`SELECT "identifier", "source" FROM "scal_requirement" WHERE "template_id" = $1`, [template.id]);
      const identifierColumn = new Map(sheets.map((s) => [s.name, s.columns?.identifier]));
      const byRow = new Map<string, string>();
      for (const r of sources) {
        const column = r.source ? identifierColumn.get(r.source.sheet) : undefined;
        if (r.source && column !== undefined) byRow.set(key(r.source.sheet, r.source.cells[column] ?? ''), r.identifier);
      }
      return { layouts: sheets as ScalTabLayout[], byRow };
    }, tenantOf(actor));

    const input = transferable(upload.bytes);
    const returned = await this.workers.run('scalReadReturned', { bytes: input.bytes, filename: upload.filename, kind: upload.kind, layouts } satisfies Parameters<typeof readReturnedScal>[0], input.transfer);
    const matchedRows = returned.rows.filter((r) => byRow.has(key(r.sheet, r.identifier)));
    if (matchedRows.length === 0) {
      throw new DomainError('unprocessable', 'scal_workbook_no_match', `No row of ${upload.filename} matches a requirement of this SCAL (by tab and identifier)${returned.missingSheets.length ? `; tabs missing: ${returned.missingSheets.join(', ')}` : ''}. Is it this SCAL's workbook?`, {
        missingSheets: returned.missingSheets,
      });
    }
    const file = await this.files.store(actor, upload);

    return this.db.transaction(async (manager) => {
      const scal = await this.scals.lockedScal(manager, actor.organisationId, scalId);
      const current = new Map((await this.scals.allRows(manager, scal)).map((r) => [r.state.identifier, r.state]));
      const conflicts: AnswerConflict[] = [];
      const verdicts: ScalWorkbookImportDto['verdicts'] = {};
      const author = authorOf(actor);
      const saved: string[] = [];
      let answersFilled = 0;
      for (const row of matchedRows) {
        const before: ScalRequirementState | undefined = current.get(byRow.get(key(row.sheet, row.identifier))!);
        if (!before) continue;
        const { next, conflicts: found } = applyReturnedAnswer(before, row.answer);
        conflicts.push(...found);
        if (row.answer.review) verdicts[row.answer.review] = (verdicts[row.answer.review] ?? 0) + 1;
        if (!before.response && next.response) answersFilled++;
        const changes = diffFields(audited(before), audited(next));
        if (!changes) continue;
        const answerId = await this.scals.save(manager, scal, next);
        await this.audit.record(manager, author, { action: 'scal.requirement_reviewed', entityType: 'scal_answer', entityId: answerId, changes: { scalId: { after: scal.id }, identifier: { after: next.identifier }, fileSha256: { after: file.sha256 }, ...changes } });
        current.set(next.identifier, next);
        saved.push(answerId);
      }
      const exportsIntoThisWorkbook = file.kind === 'xlsx';
      if (exportsIntoThisWorkbook) {
        await this.files.pin(manager, file.id);
        await manager.query(`UPDATE "scal" SET "workbook_file_id" = $2, "version" = "version" + 1 WHERE "id" = $1`, [scal.id, file.id]);
      }
      const unmatched = returned.rows.filter((r) => !byRow.has(key(r.sheet, r.identifier))).map((r) => ({ sheet: r.sheet, row: r.row, identifier: r.identifier }));
      await this.audit.record(manager, author, {
        action: 'scal.workbook_imported',
        entityType: 'scal',
        entityId: scal.id,
        changes: {
          file: { after: { id: file.id, filename: file.filename, sha256: file.sha256 } },
          matched: { after: matchedRows.length },
          updated: { after: saved.length },
          verdicts: { after: verdicts },
          ...(exportsIntoThisWorkbook ? { workbookFileId: { before: scal.workbookFileId, after: file.id } } : {}),
        },
      });
      await this.datedItems.changed(manager, actor.organisationId, 'scal_requirement', saved);
      return {
        file: { ...file },
        matched: matchedRows.length,
        updated: saved.length,
        verdicts,
        answersFilled,
        conflicts: conflicts.slice(0, 100),
        unmatched: unmatched.slice(0, 50),
        missingSheets: returned.missingSheets,
        warnings: returned.warnings.slice(0, 200),
        exportsIntoThisWorkbook,
      };
    }, tenantOf(actor));
  }
}

const audited = (s: ScalRequirementState) => ({ response: s.response, justification: s.justification, status: s.status, rejectionReason: s.rejectionReason, reviewVerdict: s.reviewVerdict ?? null, reviewComment: s.reviewComment ?? null });
