import type { ExecutiveReportDto } from '@pairline/contracts';
import { escapeHtml } from '../mail/mailer';

export interface ExecutiveReportEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * The email that tells an executive the month's report is ready. It links to the stored PDF
 * (behind sign-in) rather than attaching it: a board pack names products, dates and problems, and a
 * link keeps access with the organisation's membership, not with whoever the email is forwarded to.
 */
export function executiveReportEmail(report: ExecutiveReportDto, organisation: string, periodLabel: string, publicUrl: string): ExecutiveReportEmail {
  const link = `${publicUrl}/api/executive-reports/${report.id}/pdf`;
  const since = report.comparedWithAsOf ? `It measures slips against the plan of the previous report (${report.comparedWithAsOf}).` : 'It is the first report: the next one will measure slips against it.';
  const subject = `Pairline executive report: ${periodLabel} (${organisation})`;
  const text = [`The executive report for ${organisation}, ${periodLabel}, is ready.`, '', since, '', `Download it (sign-in required): ${link}`, '', `SHA-256 of the PDF: ${report.sha256}`].join('\n');
  const html = `<p>The executive report for <strong>${escapeHtml(organisation)}</strong>, ${escapeHtml(periodLabel)}, is ready.</p>
<p>${escapeHtml(since)}</p>
<p><a href="${escapeHtml(link)}">Download the report</a> (sign-in required).</p>
<p style="color:#616e7c;font-size:12px">SHA-256 of the PDF: ${escapeHtml(report.sha256)}</p>`;
  return { subject, text, html };
}
