import { Injectable } from '@nestjs/common';
import type { ScalExportFormat, ScalSnapshotRowDto } from '@pairline/contracts';
import { DomainError, scalCsvLayout, scalExportLayout, type ScalExportRow, type ScalExportSheet, type ScalExportSourceSheet } from '@pairline/domain';
import type { Writable } from 'node:stream';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { csvRow } from '../audit/csv';
import { tenantOf, type Actor } from '../auth/actor';
import { Clock } from '../calendar/calendar.module';
import { Db } from '../database/db.service';
import { DocumentFiles } from '../documents/document-files';
import { DocumentWorkers, transferable } from '../documents/document-workers';
import { ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import { ScalEntity } from './scal.entity';
import { evidenceLine, ScalEvidenceReferences } from './scal-evidence-references';
import { ScalSnapshotsService } from './scal-snapshots.service';
import { currentScalRows } from './scal-rows';
import type { exportScalWorkbook } from './scal-export.tasks';

export interface ScalExport {
  readonly filename: string;
  readonly format: ScalExportFormat;
  readonly rowCount: number;
  readonly sourceSheets: readonly ScalExportSourceSheet[] | null;
  readonly rows: readonly ScalExportRow[];
  /** The workbook to write the answers into, when the SCAL came from one; null: a text layout. */
  readonly workbook: { readonly bytes: () => Promise<Buffer>; readonly sha256: string } | null;
  readonly audit: { readonly entityType: 'scal' | 'scal_snapshot'; readonly entityId: string; readonly scalId: string; readonly template: string };
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<ScalExportFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const toExportRow = (r: ScalSnapshotRowDto, today: string): ScalExportRow => ({ ...r, evidence: r.evidence.map((e) => evidenceLine(e, today)) });

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scal';

/** How many rows are written between yields to the event loop, so a long CSV never stalls other requests. */
const ROWS_PER_TURN = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Exports a SCAL, live or as a snapshot froze it. A SCAL that came from a workbook goes back as
 * that workbook (the one last returned for it, or the template's), with only the answer cells
 * written, on a document thread; one without a workbook gets a text layout. Rows are read in one
 * transaction that ends before any file work: no transaction is held while a workbook is written
 * or a slow client downloads. The export is audited once the file exists, so a refused export
 * (an answer the workbook's dropdown cannot hold) records nothing.
 */
@Injectable()
export class ScalExportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly evidence: ScalEvidenceReferences,
    private readonly snapshots: ScalSnapshotsService,
    private readonly files: DocumentFiles,
    private readonly workers: DocumentWorkers,
    private readonly clock: Clock,
  ) {}

  prepare(actor: Actor, scalId: string, format: ScalExportFormat, snapshotId: string | null): Promise<ScalExport> {
    const today = this.clock.today();
    return this.db.transaction(async (manager) => {
      const workbookOf = async (fileId: string | null): Promise<ScalExport['workbook']> => {
        if (!fileId || format !== 'xlsx') return null;
        const { record, bytes } = await this.files.read(manager, actor.organisationId, fileId);
        return record.kind === 'xlsx' ? { bytes, sha256: record.sha256 } : null;
      };
      if (snapshotId) {
        const snapshot = await this.snapshots.load(manager, actor.organisationId, scalId, snapshotId);
        return {
          filename: `${safeName(snapshot.template.key)}-v${snapshot.template.version}-snapshot-${snapshot.number}-${snapshot.stage.replace(/_/g, '-')}.${format}`,
          format,
          rowCount: snapshot.rows.length,
          sourceSheets: snapshot.sourceSheets,
          rows: snapshot.rows.map((r) => toExportRow(r, snapshot.takenAt.toISOString().slice(0, 10))),
          workbook: await workbookOf(snapshot.workbookFileId),
          audit: { entityType: 'scal_snapshot', entityId: snapshotId, scalId, template: `${snapshot.template.key} v${snapshot.template.version}` },
        };
      }
      const scal = await manager.getRepository(ScalEntity).findOne({ where: { organisationId: actor.organisationId, id: scalId } });
      if (!scal) throw new DomainError('not_found', 'scal_not_found', 'No such SCAL in this organisation.');
      const template = await manager.getRepository(ScalTemplateEntity).findOneByOrFail({ id: scal.templateId });
      const rows = await currentScalRows(manager, this.evidence, scal);
      return {
        filename: `${safeName(template.key)}-v${template.version}-${today}.${format}`,
        format,
        rowCount: rows.length,
        sourceSheets: template.sourceSheets,
        rows: rows.map((r) => toExportRow(r, today)),
        workbook: await workbookOf(scal.workbookFileId ?? template.sourceFileId),
        audit: { entityType: 'scal', entityId: scalId, scalId, template: `${template.key} v${template.version}` },
      };
    }, tenantOf(actor));
  }

  /**
   * The xlsx, built whole on a document thread before anything is sent, so a refusal is still a
   * clean 4xx; audited once it exists.
   */
  async renderXlsx(actor: Actor, file: ScalExport): Promise<Buffer> {
    let bytes: Uint8Array;
    if (file.workbook && file.sourceSheets?.length) {
      const input = transferable(await file.workbook.bytes());
      // Only what the writes need crosses to the thread: where each row is and its answers, not its text.
      const rows: Parameters<typeof exportScalWorkbook>[0]['rows'] = file.rows.map((r) => ({ ...r, description: '', source: r.source ? { ...r.source, cells: [] } : null }));
      bytes = await this.workers.run('scalExportWorkbook', { bytes: input.bytes, sourceSheets: file.sourceSheets, rows }, input.transfer);
    } else {
      bytes = await this.workers.run('scalTextWorkbook', { sheets: materialise(scalExportLayout(file)) });
    }
    await this.record(actor, file);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Writes the CSV into `out` and ends it; rejects (having destroyed `out`) if writing fails. */
  async writeCsv(actor: Actor, file: ScalExport, out: Writable): Promise<void> {
    await this.record(actor, file);
    try {
      await writeCsv(scalCsvLayout(file), out);
    } catch (error) {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  private record(actor: Actor, file: ScalExport): Promise<void> {
    return this.db.transaction(
      (manager) =>
        this.audit.record(manager, authorOf(actor), {
          action: 'scal.exported',
          entityType: file.audit.entityType,
          entityId: file.audit.entityId,
          changes: {
            scalId: { after: file.audit.scalId },
            format: { after: file.format },
            rows: { after: file.rowCount },
            template: { after: file.audit.template },
            ...(file.workbook ? { workbookSha256: { after: file.workbook.sha256 } } : {}),
          },
        }),
      tenantOf(actor),
    );
  }
}

const materialise = (sheets: readonly ScalExportSheet[]) => sheets.map((s) => ({ name: s.name, rows: [...s.rows].map((r) => ({ row: r.row, cells: [...r.cells] })) }));

async function writeCsv(sheet: ScalExportSheet, out: Writable): Promise<void> {
  let written = 0;
  let previous = 0;
  for (const { row, cells } of sheet.rows) {
    // Empty source rows are kept, so row numbers match the workbook the SCAL came from.
    let chunk = '';
    for (let gap = previous + 1; gap < row; gap++) chunk += '\r\n';
    previous = row;
    chunk += csvRow([...cells]);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
    if (++written % ROWS_PER_TURN === 0) await nextTurn();
  }
  out.end();
}
