import { Injectable } from '@nestjs/common';
import type { ScalExportFormat, ScalSnapshotRowDto } from '@pairline/contracts';
import { DomainError, scalCsvLayout, scalExportLayout, type ScalExportRow, type ScalExportSheet, type ScalExportSourceSheet } from '@pairline/domain';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { csvRow } from '../audit/csv';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import { ScalEntity } from './scal.entity';
import { evidenceLine, ScalEvidenceReferences } from './scal-evidence-references';
import { ScalSnapshotsService } from './scal-snapshots.service';
import { currentScalRows } from './scal-rows';

export interface ScalExport {
  readonly filename: string;
  readonly format: ScalExportFormat;
  readonly rowCount: number;
  readonly sourceSheets: readonly ScalExportSourceSheet[] | null;
  readonly rows: readonly ScalExportRow[];
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<ScalExportFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

const toExportRow = (r: ScalSnapshotRowDto): ScalExportRow => ({ ...r, evidence: r.evidence.map(evidenceLine) });

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scal';

/** How many rows are written between yields to the event loop, so a long export never stalls other requests. */
const ROWS_PER_TURN = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Exports a SCAL, live or as a snapshot froze it. Reading and auditing happen in one transaction
 * that ends before the file is written: the rows are one consistent reading, and no transaction
 * (nor, with the embedded database, the only connection) is held while a slow client downloads.
 * The file itself is generated row by row into the response stream, never built whole.
 */
@Injectable()
export class ScalExportService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly evidence: ScalEvidenceReferences,
    private readonly snapshots: ScalSnapshotsService,
  ) {}

  prepare(actor: Actor, scalId: string, format: ScalExportFormat, snapshotId: string | null): Promise<ScalExport> {
    return this.db.transaction(async (manager) => {
      let prepared: Omit<ScalExport, 'format' | 'rowCount'> & { templateLabel: string };
      if (snapshotId) {
        const snapshot = await this.snapshots.load(manager, actor.organisationId, scalId, snapshotId);
        prepared = {
          filename: `${safeName(snapshot.template.key)}-v${snapshot.template.version}-snapshot-${snapshot.number}-${snapshot.stage.replace(/_/g, '-')}.${format}`,
          sourceSheets: snapshot.sourceSheets,
          rows: snapshot.rows.map(toExportRow),
          templateLabel: `${snapshot.template.key} v${snapshot.template.version}`,
        };
      } else {
        const scal = await manager.getRepository(ScalEntity).findOne({ where: { organisationId: actor.organisationId, id: scalId } });
        if (!scal) throw new DomainError('not_found', 'scal_not_found', 'No such SCAL in this organisation.');
        const template = await manager.getRepository(ScalTemplateEntity).findOneByOrFail({ id: scal.templateId });
        const rows = await currentScalRows(manager, this.evidence, scal);
        prepared = {
          filename: `${safeName(template.key)}-v${template.version}-${new Date().toISOString().slice(0, 10)}.${format}`,
          sourceSheets: template.sourceSheets,
          rows: rows.map(toExportRow),
          templateLabel: `${template.key} v${template.version}`,
        };
      }
      await this.audit.record(manager, authorOf(actor), {
        action: 'scal.exported',
        entityType: snapshotId ? 'scal_snapshot' : 'scal',
        entityId: snapshotId ?? scalId,
        changes: { scalId: { after: scalId }, format: { after: format }, rows: { after: prepared.rows.length }, template: { after: prepared.templateLabel } },
      });
      return { filename: prepared.filename, sourceSheets: prepared.sourceSheets, rows: prepared.rows, format, rowCount: prepared.rows.length };
    }, tenantOf(actor));
  }

  /** Writes the file into `out` and ends it; rejects (having destroyed `out`) if writing fails. */
  async write(file: ScalExport, out: Writable): Promise<void> {
    try {
      if (file.format === 'xlsx') await writeXlsx(scalExportLayout(file), out);
      else await writeCsv(scalCsvLayout(file), out);
    } catch (error) {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }
}

async function writeXlsx(sheets: readonly ScalExportSheet[], out: Writable): Promise<void> {
  // Inline strings, no styles: nothing is held back for a shared-strings table at the end.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  let written = 0;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const { row, cells } of sheet.rows) {
      const target = worksheet.getRow(row);
      cells.forEach((text, index) => {
        // Text is written as text, never as a formula or a number, so it comes back as it went in.
        if (text !== '') target.getCell(index + 1).value = text;
      });
      target.commit();
      if (++written % ROWS_PER_TURN === 0) await nextTurn();
    }
    worksheet.commit();
  }
  await workbook.commit();
}

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
