import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { DomainError, inspectZipEnd, SCAL_IMPORT_MAX_ROWS, type ImportSheet, type ZipLimits } from '@pairline/domain';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * Reading an uploaded workbook or CSV (a SCAL, the NHS hazard log) into sheets of text cells. Everything here distrusts the file: the
 * extension must agree with the content, and a damaged file is a 4xx the user can act on, never a 500.
 */

/** Real SCAL workbooks are a few hundred kilobytes; the HTTP body limit caps the base64 text too. */
export const SCAL_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export type ScalFileKind = 'xlsx' | 'csv';

export function decodeUpload(filename: string, contentBase64: string): { kind: ScalFileKind; bytes: Buffer } {
  const extension = /\.([a-z0-9]+)$/i.exec(filename.trim())?.[1]?.toLowerCase();
  if (extension !== 'xlsx' && extension !== 'csv') throw new UnsupportedMediaTypeException('Upload a .xlsx workbook or a .csv file.');
  // Estimated before decoding so an oversized upload costs no decode.
  if (Math.floor((contentBase64.length * 3) / 4) > SCAL_IMPORT_MAX_BYTES + 3) throw tooLarge();
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length > SCAL_IMPORT_MAX_BYTES) throw tooLarge();
  if (bytes.length === 0) throw new DomainError('unprocessable', 'scal_file_empty', 'The file is empty.');
  if (extension === 'xlsx' && !bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) throw new UnsupportedMediaTypeException('The file is named .xlsx but is not an xlsx workbook.');
  return { kind: extension, bytes };
}

const tooLarge = () => new PayloadTooLargeException(`The file is larger than ${SCAL_IMPORT_MAX_BYTES / (1024 * 1024)} MB; a SCAL file is far smaller.`);

const tooManyRows = (rows: number) =>
  new DomainError('unprocessable', 'scal_import_too_large', `The file has more than ${SCAL_IMPORT_MAX_ROWS} rows; a SCAL import takes at most ${SCAL_IMPORT_MAX_ROWS}.`, { rows, limit: SCAL_IMPORT_MAX_ROWS });

export async function readSheets(filename: string, kind: ScalFileKind, bytes: Buffer): Promise<ImportSheet[]> {
  return kind === 'csv' ? [readCsv(filename, bytes)] : readXlsx(bytes);
}

function readCsv(filename: string, bytes: Buffer): ImportSheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnsupportedMediaTypeException('The file is named .csv but is not UTF-8 text.');
  }
  if (text.includes('\u0000')) throw new UnsupportedMediaTypeException('The file is named .csv but is not text.');
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  // Some SCALs are exported pipe-separated because their descriptions are full of commas.
  const delimiter = count(header, '|') > count(header, ',') ? '|' : ',';
  let records: string[][];
  try {
    // Stops one record past the limit, so a million-row file is not read to the end to be refused.
    records = parse(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: false, to: SCAL_IMPORT_MAX_ROWS + 2 });
  } catch (error) {
    throw new DomainError('unprocessable', 'scal_csv_malformed', `The CSV could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (records.length - 1 > SCAL_IMPORT_MAX_ROWS) throw tooManyRows(records.length - 1);
  return { name: filename.trim(), rows: records };
}

const count = (text: string, char: string) => text.split(char).length - 1;

/** Real workbooks are a few megabytes once inflated; these leave room and refuse bombs. */
const XLSX_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 100 * 1024 * 1024, maxRatio: 200, ratioAppliesAbove: 1024 * 1024, maxEntries: 2_000 };

const unreadableWorkbook = () => new DomainError('unprocessable', 'scal_workbook_unreadable', 'The workbook could not be read: it is truncated or damaged. Save it again from Excel and re-upload it.');

async function readXlsx(bytes: Buffer): Promise<ImportSheet[]> {
  // Checked from the zip's central directory before anything is inflated (the evidence vault's
  // check): a cut-off file has no directory, and a zip bomb declares sizes no workbook has.
  const problem = inspectZipEnd(bytes, bytes.length, XLSX_ZIP_LIMITS, 'workbook');
  if (problem?.code === 'evidence_file_truncated') throw unreadableWorkbook();
  if (problem) throw new DomainError('unprocessable', 'workbook_too_large_uncompressed', problem.message);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadableWorkbook();
  }
  const total = workbook.worksheets.reduce((n, sheet) => n + Math.max(sheet.rowCount - 1, 0), 0);
  if (total > SCAL_IMPORT_MAX_ROWS) throw tooManyRows(total);
  return workbook.worksheets
    .filter((sheet) => sheet.state === 'visible' || sheet.state === undefined)
    .map((sheet) => {
      const width = sheet.columnCount;
      const rows: string[][] = [];
      for (let r = 1; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const cells: string[] = [];
        for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
        rows.push(cells);
      }
      return { name: sheet.name, rows };
    });
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return cell.text ?? '';
  } catch {
    return String(cell.value ?? '');
  }
}
