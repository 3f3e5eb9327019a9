import ExcelJS from 'exceljs';

/**
 * A SCAL workbook laid out as NHS England's are: a cover tab, a title block above each table, the
 * header on row 15 on one tab and row 20 on another (under a key block that reads more like a
 * header than the header does), sub-heading rows merged across the table, the tab's dropdown list
 * below its table, a tab without a level column, a hidden lists tab, and an identifier (SHR-01)
 * that two tabs use. With `returned`, NHS England's verdicts and the supplier's answers are filled in.
 */

export const VERDICTS = {
  satisfactory: 'Evidence Satisfactory – No Further Action Required',
  witness: 'Evidence Demonstration Required – Witness Testing',
  insufficient: 'Evidence Incomplete or Insufficient Evidence Provided',
  notApplicable: 'Not Applicable',
};

export const FOUNDATION_HEADERS = ['Requirement ID', 'Requirement', 'Evidence Required', 'MUST/SHOULD', 'Supplier Response', 'Supplier Justification', 'NHS England Review', 'Review Comments'];
export const CROSS_CAP_HEADERS = ['Req', 'Wording', 'Evidence Required', 'Supplier Response', 'NHS England Review'];

interface Answers {
  response?: string;
  justification?: string;
  verdict?: string;
  comment?: string;
}

export interface ReturnedAnswers {
  foundation?: Record<string, Answers>;
  crossCap?: Record<string, Answers>;
  /** Rows NHS England added that no requirement has: [identifier, response]. */
  extraFoundationRows?: [string, string][];
}

function title(sheet: ExcelJS.Worksheet, text: string, width: number) {
  sheet.getCell('A1').value = 'Supplier Conformance Assessment List (SCAL)';
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell('A1').font = { bold: true, size: 16 };
  sheet.getCell('A2').value = text;
  sheet.mergeCells(2, 1, 2, width);
}

export async function nhsScalWorkbook(returned?: ReturnedAnswers): Promise<Buffer> {
  const book = new ExcelJS.Workbook();

  const cover = book.addWorksheet('Cover');
  cover.getCell('A1').value = 'Supplier Conformance Assessment List (SCAL)';
  cover.getCell('A3').value = 'Version 2.1 · IM1 Transaction';
  cover.getCell('A5').value = 'Complete every tab and return this workbook to NHS England.';

  const foundation = book.addWorksheet('Foundation');
  title(foundation, 'Foundation requirements: answer every MUST', FOUNDATION_HEADERS.length);
  for (let r = 4; r <= 12; r++) foundation.getCell(`A${r}`).value = `Instruction ${r - 3}: read the guidance before answering.`;
  foundation.getRow(15).values = FOUNDATION_HEADERS;
  foundation.getRow(15).font = { bold: true };
  const f = returned?.foundation ?? {};
  const fRow = (id: string, description: string, evidence: string, level: string) => [id, description, evidence, level, f[id]?.response ?? null, f[id]?.justification ?? null, f[id]?.verdict ?? null, f[id]?.comment ?? null];
  foundation.getRow(16).values = ['1. Information Governance'];
  foundation.mergeCells('A16:H16');
  foundation.getRow(17).values = fRow('FND-01', 'The supplier holds a current DSPT assessment at Standards Met.', 'DSPT status page', 'MUST');
  foundation.getRow(18).values = fRow('FND-02', 'Every access to a patient record is written to an audit trail.', 'Audit trail screenshots', 'MUST');
  foundation.getRow(19).values = ['2. Security'];
  foundation.mergeCells('A19:H19');
  foundation.getRow(20).values = fRow('FND-03', 'An independent penetration test of the product as it is deployed.', 'Penetration test report', 'SHOULD');
  foundation.getRow(21).values = fRow('SHR-01', 'Clinical users sign in with an NHS smartcard.', 'Test evidence', 'MUST');
  (returned?.extraFoundationRows ?? []).forEach(([id, response], i) => (foundation.getRow(22 + i).values = [id, 'A row added to the returned copy', '', 'MUST', response]));
  // The tab's own dropdown entries, below the table, as NHS workbooks keep them.
  ['Compliant', 'Non-Compliant', 'Not Applicable'].forEach((entry, i) => (foundation.getCell(`E${25 + i}`).value = entry));
  // Validations cover the requirement rows, not the sub-heading on row 16 (the dropdown is found below it).
  for (let r = 17; r <= 23; r++) {
    foundation.getCell(`E${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['$E$25:$E$27'] };
    foundation.getCell(`G${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['Lists!$A$2:$A$5'] };
  }
  foundation.getColumn(2).width = 60;

  const crossCap = book.addWorksheet('Cross Cap');
  title(crossCap, 'Cross-capability requirements', CROSS_CAP_HEADERS.length);
  // A key block that names more known headers than the real header row does.
  crossCap.getRow(6).values = ['Key', 'Description', 'Level', 'Response', 'Status'];
  crossCap.getRow(7).values = ['', 'What the requirement asks', 'Every requirement here is a SHOULD', 'Your answer', 'NHS England fills this in'];
  crossCap.getRow(20).values = CROSS_CAP_HEADERS;
  crossCap.getRow(20).font = { bold: true };
  const c = returned?.crossCap ?? {};
  const cRow = (id: string, description: string, evidence: string) => [id, description, evidence, c[id]?.response ?? null, c[id]?.verdict ?? null];
  crossCap.getRow(21).values = cRow('SHR-01', 'Smartcard sessions end when the card is removed.', 'Test evidence');
  crossCap.getRow(22).values = cRow('CC-01', 'Errors from the GP system are shown to the user in plain words.', 'Screenshots');
  crossCap.getRow(23).values = cRow('CC-02', 'The product retries a failed request at most three times.', 'Test log');
  crossCap.getCell('A26').value = 'Notes:';
  crossCap.getCell('A27').value = 'Send the completed workbook to NHS England.';

  const lists = book.addWorksheet('Lists', { state: 'hidden' });
  lists.getColumn(1).values = ['Review outcomes', VERDICTS.satisfactory, VERDICTS.witness, VERDICTS.insufficient, VERDICTS.notApplicable];
  lists.getColumn(2).values = ['Responses', 'Compliant', 'Non-Compliant', 'Not Applicable'];

  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function readXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}
