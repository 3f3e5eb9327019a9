import { scalWorkbookWrites, type ScalExportRow, type ScalExportSourceSheet } from '@pairline/domain';
import ExcelJS from 'exceljs';
import { writeCells } from '../documents/xlsx/cell-writer';

/**
 * SCAL exports written on the document threads: answers into the workbook the SCAL came from,
 * or, without one, a text workbook of the export layout. Plain data in and out.
 */

/** The original workbook with the answer cells written in the workbook's own dropdown words; every other part as it came. */
export function exportScalWorkbook(input: { readonly bytes: Uint8Array; readonly sourceSheets: readonly ScalExportSourceSheet[]; readonly rows: readonly ScalExportRow[] }): Uint8Array {
  return writeCells(input.bytes, scalWorkbookWrites({ sourceSheets: input.sourceSheets, rows: input.rows }));
}

/** A workbook of text cells at their rows and columns, for a SCAL with no workbook of its own (the baseline, a CSV). */
export async function textScalWorkbook(input: { readonly sheets: readonly { name: string; rows: readonly { row: number; cells: readonly string[] }[] }[] }): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of input.sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const { row, cells } of sheet.rows) {
      const target = worksheet.getRow(row);
      cells.forEach((text, index) => {
        // Text is written as text, never as a formula or a number, so it comes back as it went in.
        if (text !== '') target.getCell(index + 1).value = text;
      });
    }
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

declare module '../documents/document-workers' {
  interface DocumentTaskRegistry {
    scalExportWorkbook: typeof exportScalWorkbook;
    scalTextWorkbook: typeof textScalWorkbook;
  }
}
