/**
 * The entry point of the document threads: every task a thread can run, exported by the name the
 * pool calls it by. Only plain-data modules are loaded here (no Nest, no database), so a thread
 * starts in milliseconds and holds only the file it is working on.
 */
import { safetyCaseReportPdf as renderSafetyCaseReport } from './clinical-safety/safety-case-report.pdf';
import { documentTask } from './documents/document-task';
import { renderExecutiveReport } from './reports/executive-report.pdf';
import { prepareScalImport, previewScalImport, readReturnedScal, writeScalAnswers } from './scal-templates/scal-workbook.tasks';
import { exportScalWorkbook, textScalWorkbook } from './scals/scal-export.tasks';

export const scalPreview = documentTask(previewScalImport);
export const scalPrepare = documentTask(prepareScalImport);
export const scalWriteAnswers = documentTask(writeScalAnswers);
export const scalReadReturned = documentTask(readReturnedScal);
export const scalExportWorkbook = documentTask(exportScalWorkbook);
export const scalTextWorkbook = documentTask(textScalWorkbook);
export const safetyCaseReportPdf = documentTask(renderSafetyCaseReport);
export const executiveReportPdf = documentTask(renderExecutiveReport);

/**
 * Every call names its task; the pool loads the default export when a thread starts, so there is
 * one, refusing work that names none.
 */
export default function unnamed(): never {
  throw new Error('A document task must be run by name.');
}
