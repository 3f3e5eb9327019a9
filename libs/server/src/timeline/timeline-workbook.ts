import type { TimelineDto } from '@pairline/contracts';
import ExcelJS from 'exceljs';

const COLUMNS = [
  { header: 'Product', key: 'product', width: 28 },
  { header: 'Journey', key: 'journey', width: 40 },
  { header: 'Status', key: 'status', width: 12 },
  { header: 'Colour', key: 'colour', width: 10 },
  { header: 'Stage', key: 'stage', width: 44 },
  { header: 'Stage status', key: 'stageStatus', width: 18 },
  { header: 'Planned start', key: 'plannedStart', width: 14 },
  { header: 'Planned end', key: 'plannedEnd', width: 14 },
  { header: 'Actual start', key: 'actualStart', width: 14 },
  { header: 'Actual end', key: 'actualEnd', width: 14 },
  { header: 'Forecast start', key: 'forecastStart', width: 14 },
  { header: 'Forecast end', key: 'forecastEnd', width: 14 },
  { header: 'Baseline start', key: 'baselineStart', width: 14 },
  { header: 'Baseline end', key: 'baselineEnd', width: 14 },
  { header: 'Slip (working days)', key: 'slip', width: 12 },
] as const;

/** Civil dates as real Excel dates (midnight UTC), so filters and formulas work on them. */
const excelDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

/**
 * The timeline's dates as one row per stage: what an executive pastes into a board pack. A few
 * thousand rows at most (200 journeys × 12 stages), so the workbook is built in memory.
 */
export async function timelineWorkbook(timeline: TimelineDto): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pairline';
  const sheet = workbook.addWorksheet('Timeline', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ ...c }));
  sheet.getRow(1).font = { bold: true };
  for (const product of timeline.products) {
    for (const journey of product.journeys) {
      for (const stage of journey.stages) {
        sheet.addRow({
          product: product.productName,
          journey: journey.label,
          status: journey.status,
          colour: journey.statusColour ?? '',
          stage: stage.name,
          stageStatus: stage.status,
          plannedStart: excelDate(stage.plannedStart),
          plannedEnd: excelDate(stage.plannedEnd),
          actualStart: excelDate(stage.actualStart),
          actualEnd: excelDate(stage.actualEnd),
          forecastStart: excelDate(stage.forecastStart),
          forecastEnd: excelDate(stage.forecastEnd),
          baselineStart: excelDate(stage.baselineStart),
          baselineEnd: excelDate(stage.baselineEnd),
          slip: stage.slip,
        });
      }
    }
  }
  for (const column of COLUMNS.filter((c) => /start|end/i.test(c.key))) sheet.getColumn(column.key).numFmt = 'yyyy-mm-dd';
  const info = workbook.addWorksheet('About');
  info.addRows([
    ['As of', timeline.asOf],
    ['Baseline', timeline.baseline ? `${timeline.baseline.name} (${timeline.baseline.asOf})` : 'none'],
    ['Slip', 'Working days in England the stage finish moved against the baseline; positive is later.'],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
