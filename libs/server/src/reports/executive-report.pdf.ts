import type { PortfolioDto, TimelineDto, TimelineJourneyDto } from '@pairline/contracts';
import { addDays, parseCivilDate, type CivilDate } from '@pairline/domain';
import { PDF_COLOURS, PdfReport } from '../documents/pdf-document';

export interface ExecutiveReportData {
  readonly organisation: string;
  readonly period: string;
  readonly portfolio: PortfolioDto;
  /** Today's plan, compared with the previous report's baseline when there is one. */
  readonly timeline: TimelineDto;
}

const colourName = { on_track: 'on track', at_risk: 'at risk', late: 'late' } as const;
const colourOf = (j: Pick<TimelineJourneyDto, 'status' | 'statusColour'>) => (j.status === 'live' ? PDF_COLOURS.live : j.statusColour ? PDF_COLOURS[j.statusColour] : PDF_COLOURS.none);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const dayNumber = (d: CivilDate) => {
  const { year, month, day } = parseCivilDate(d);
  return Date.UTC(year, month - 1, day) / 86_400_000;
};

/**
 * The monthly board pack: where every pairing stands, the plan on one page, what slipped since the
 * last report and why (the open blocking items), and what lands in the next 90 days.
 */
export function renderExecutiveReport(data: ExecutiveReportData): Promise<Buffer> {
  const { timeline, portfolio } = data;
  const pdf = new PdfReport({ title: `Executive report: ${data.period}`, subtitle: `as of ${timeline.asOf}`, organisation: data.organisation, landscape: true });
  const journeys = timeline.products.flatMap((p) => p.journeys.map((j) => ({ product: p.productName, ...j })));

  // Summary
  const count = (predicate: (j: TimelineJourneyDto) => boolean) => journeys.filter(predicate).length;
  const horizon = addDays(timeline.asOf, 90);
  pdf.heading('Summary');
  pdf.paragraph(
    `${journeys.length} active pairing journeys across ${timeline.products.length} products: ${count((j) => j.status === 'live')} live, ` +
      `${count((j) => j.statusColour === 'on_track')} on track, ${count((j) => j.statusColour === 'at_risk')} at risk, ${count((j) => j.statusColour === 'late')} late. ` +
      `${count((j) => j.status !== 'live' && !!j.forecastGoLive && j.forecastGoLive <= horizon)} forecast to go live in the next 90 days.`,
  );
  pdf.paragraph(
    timeline.baseline
      ? `Slips are measured in working days in England against the plan of the previous report (${timeline.baseline.asOf}).`
      : 'This is the first report: the next one will measure slips against the plan saved with this one.',
    PDF_COLOURS.muted,
  );

  // Portfolio matrix
  pdf.heading('Portfolio: current stage per provider supplier and GP Connect capability');
  const providerColumns = portfolio.columns.filter((c) => c.kind === 'provider');
  const gpConnect = portfolio.columns.filter((c) => c.kind === 'gp_connect').map((c) => c.id);
  pdf.table(
    ['Product', ...providerColumns.map((c) => c.label), 'GP Connect'],
    portfolio.rows.map((row) => [
      row.productName,
      ...[...providerColumns.map((c) => row.cells[c.id] ?? []), gpConnect.flatMap((id) => row.cells[id] ?? [])].map((cells) =>
        cells.length === 0
          ? { text: '—', colour: PDF_COLOURS.muted }
          : {
              text: cells.map((c) => `${c.mechanismName}: ${c.status === 'live' ? 'Live' : c.stageName}${c.statusColour ? ` (${colourName[c.statusColour]})` : ''}`).join('\n'),
              colour: cells.some((c) => c.statusColour === 'late') ? PDF_COLOURS.late : PDF_COLOURS.ink,
            },
      ),
    ]),
    ([110, '*', '*', '*', '*', '*'] as const).slice(0, providerColumns.length + 2),
  );

  // Timeline snapshot
  pdf.heading('Timeline: each journey from its first stage to go-live', 200);
  drawTimeline(pdf, journeys, timeline.asOf);

  // Slips since the last report
  pdf.heading('Slips since the last report');
  const slipped = journeys.filter((j) => (j.goLiveSlip ?? 0) !== 0).sort((a, b) => (b.goLiveSlip ?? 0) - (a.goLiveSlip ?? 0));
  if (!timeline.baseline) pdf.paragraph('No previous report to compare with.', PDF_COLOURS.muted);
  else if (slipped.length === 0) pdf.paragraph('No go-live date moved since the last report.', PDF_COLOURS.muted);
  else
    pdf.table(
      ['Product', 'Journey', 'Go-live then', 'Go-live now', 'Slip (wd)', 'Stage that slipped most', 'Open blocking items'],
      slipped.map((j) => {
        const live = j.stages.find((s) => s.milestone === 'live');
        return [
          j.product,
          j.label,
          live?.baselineEnd ?? '—',
          j.forecastGoLive ?? '—',
          { text: signed(j.goLiveSlip!), colour: j.goLiveSlip! > 0 ? PDF_COLOURS.late : PDF_COLOURS.on_track },
          j.stages.find((s) => s.key === j.worstStageKey)?.name ?? '—',
          j.blockers.map((b) => `${b.title}${b.dueOn ? ` (due ${b.dueOn})` : ''}`).join('\n') || '—',
        ];
      }),
      [90, 110, 58, 58, 40, 110, '*'],
    );

  // Upcoming milestones
  pdf.heading('Milestones in the next 90 days');
  const milestones = journeys
    .flatMap((j) => j.stages.filter((s) => s.milestone && s.status !== 'done' && s.forecastEnd && s.forecastEnd >= timeline.asOf && s.forecastEnd <= horizon).map((s) => ({ j, s })))
    .sort((a, b) => a.s.forecastEnd!.localeCompare(b.s.forecastEnd!));
  if (milestones.length === 0) pdf.paragraph('None forecast.', PDF_COLOURS.muted);
  else
    pdf.table(
      ['Forecast', 'Milestone', 'Product', 'Journey', 'Status'],
      milestones.map(({ j, s }) => [s.forecastEnd!, s.milestone === 'live' ? 'Live' : 'Recommended to Connect', j.product, j.label, { text: j.statusColour ? colourName[j.statusColour] : '—', colour: colourOf(j) }]),
      [70, 130, 130, '*', 70],
    );
  return pdf.finish();
}

/** One bar per journey (actual part solid, forecast part light), go-live diamonds and a today line. */
function drawTimeline(pdf: PdfReport, journeys: (TimelineJourneyDto & { product: string })[], today: CivilDate): void {
  const { doc } = pdf;
  const rows = journeys
    .map((j) => ({ j, start: j.stages.find((s) => s.forecastStart)?.forecastStart ?? null, end: j.forecastGoLive, actualEnd: j.stages.filter((s) => s.actualEnd).map((s) => s.actualEnd!).sort().pop() ?? null }))
    .filter((r): r is typeof r & { start: CivilDate; end: CivilDate } => !!r.start && !!r.end);
  if (rows.length === 0) return pdf.paragraph('No journey has dates yet.', PDF_COLOURS.muted);
  const from = dayNumber(rows.reduce((m, r) => (r.start < m ? r.start : m), today)) - 7;
  const to = dayNumber(rows.reduce((m, r) => (r.end > m ? r.end : m), today)) + 7;
  const labelWidth = 200;
  const left = doc.page.margins.left + labelWidth;
  const width = pdf.contentWidth - labelWidth;
  const x = (d: CivilDate) => left + ((dayNumber(d) - from) / (to - from)) * width;
  const rowHeight = 11;
  const axis = () => {
    const y = doc.y;
    doc.font('body').fontSize(6.5).fillColor(PDF_COLOURS.muted);
    // Month ticks: the first of each month in range.
    const start = new Date((from + 1) * 86_400_000);
    for (let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); m.getTime() / 86_400_000 < to; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
      const d = m.toISOString().slice(0, 10);
      doc.text(m.toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }), x(d) + 1, y, { lineBreak: false });
    }
    doc.y = y + 10;
  };
  axis();
  let top = doc.y;
  for (const [i, r] of rows.entries()) {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) {
      doc.moveTo(x(today), top).lineTo(x(today), doc.y).lineWidth(0.8).strokeColor(PDF_COLOURS.late).stroke();
      doc.addPage();
      axis();
      top = doc.y;
    }
    const y = doc.y;
    if (i % 2 === 0) doc.rect(doc.page.margins.left, y, pdf.contentWidth, rowHeight).fill('#f7f9fb');
    doc.font('body').fontSize(7).fillColor(PDF_COLOURS.ink).text(`${r.j.product} · ${r.j.label}`, doc.page.margins.left + 2, y + 2, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    const colour = colourOf(r.j);
    doc.rect(x(r.start), y + 2.5, Math.max(1, x(r.end) - x(r.start)), rowHeight - 5).fillOpacity(0.3).fill(colour).fillOpacity(1);
    if (r.actualEnd) doc.rect(x(r.start), y + 2.5, Math.max(1, x(r.actualEnd) - x(r.start)), rowHeight - 5).fill(colour);
    const cx = x(r.end);
    const cy = y + rowHeight / 2;
    doc.polygon([cx, cy - 4], [cx + 4, cy], [cx, cy + 4], [cx - 4, cy]).fill(colour);
    doc.y = y + rowHeight;
  }
  doc.moveTo(x(today), top).lineTo(x(today), doc.y).lineWidth(0.8).strokeColor(PDF_COLOURS.late).stroke();
  doc.fillColor(PDF_COLOURS.muted).fontSize(6.5).text('today', x(today) - 8, doc.y + 1, { lineBreak: false });
  doc.x = doc.page.margins.left;
  doc.y += 12;
  doc.fillColor(PDF_COLOURS.ink);
}

declare module '../documents/document-workers' {
  interface DocumentTaskRegistry {
    executiveReportPdf: typeof renderExecutiveReport;
  }
}
