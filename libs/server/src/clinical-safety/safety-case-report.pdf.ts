import {
  acceptabilityOf,
  LIKELIHOODS,
  linkedMechanismKeys,
  mechanismName,
  RISK_RATINGS,
  SEVERITIES,
  type ClinicalRiskManagementPlan,
  type Control,
  type ControlType,
  type Hazard,
  type ResidualRiskProfile,
} from '@pairline/domain';
import { PDF_COLOURS, PdfReport } from '../documents/pdf-document';

/**
 * The Clinical Safety Case Report for one approved hazard log version, laid out as DCB0129 expects
 * it: scope, approach, the plan's matrix and criteria, the hazards by rating, residual risks,
 * what is transferred to deploying organisations, controls, the log itself and the approvals.
 */
export interface SafetyCaseReportData {
  readonly organisation: string;
  readonly product: { readonly name: string; readonly version: string | null; readonly useCase: string; readonly intendedUsers: string; readonly medicalDeviceStatus: string };
  readonly cso: { readonly name: string; readonly profession: string; readonly registrationNumber: string } | null;
  readonly version: { readonly version: string; readonly changeSummary: string; readonly issuedAt: string };
  readonly hazards: readonly Hazard[];
  readonly controls: readonly Control[];
  readonly plan: ClinicalRiskManagementPlan & { readonly approvedAt: string | null };
  readonly approvals: readonly { readonly version: string; readonly approverName: string; readonly professionalRegistration: string; readonly approvedAt: string; readonly statement: string; readonly residualRiskProfile: ResidualRiskProfile }[];
  readonly generatedAt: string;
}

const CONTROL_TYPE_NAMES: Readonly<Record<ControlType, string>> = { design: 'Design', test: 'Test', training: 'Training', business_process_change: 'Business process change' };
const RATING_COLOURS: Readonly<Record<number, string>> = { 1: PDF_COLOURS.on_track, 2: PDF_COLOURS.on_track, 3: PDF_COLOURS.at_risk, 4: PDF_COLOURS.late, 5: PDF_COLOURS.late };
const day = (iso: string) => iso.slice(0, 10);

export async function safetyCaseReportPdf(data: SafetyCaseReportData): Promise<Buffer> {
  const live = data.hazards.filter((h) => h.withdrawnReason === null);
  const pdf = new PdfReport({ title: `Clinical Safety Case Report: ${data.product.name}`, subtitle: `hazard log v${data.version.version}, generated ${day(data.generatedAt)}`, organisation: data.organisation });
  const scale = (keys: readonly string[], defs: readonly { key: string; name: string }[]) => (key: string | undefined) => defs.find((d) => d.key === key)?.name ?? (key && keys.includes(key) ? key : '');
  const severity = scale(SEVERITIES, data.plan.severities);
  const likelihood = scale(LIKELIHOODS, data.plan.likelihoods);
  const rated = (r: Hazard['initial']) => (r ? { text: `${r.rating} (${severity(r.severity)} / ${likelihood(r.likelihood)})`, colour: RATING_COLOURS[r.rating] } : 'not rated');

  pdf.heading('1. Scope and intended use');
  pdf.table(
    ['Item', 'Detail'],
    [
      ['Product', `${data.product.name}${data.product.version ? ` ${data.product.version}` : ''}`],
      ['Intended use', data.product.useCase || 'Not recorded'],
      ['Intended users', data.product.intendedUsers || 'Not recorded'],
      ['Medical device status', data.product.medicalDeviceStatus.replace(/_/g, ' ')],
      ['Hazard log version', `v${data.version.version}, issued ${day(data.version.issuedAt)}: ${data.version.changeSummary}`],
      ['Clinical safety officer', data.cso ? `${data.cso.name}, ${data.cso.profession} (${data.cso.registrationNumber})` : 'Not recorded'],
    ],
    [140, '*'],
  );

  pdf.heading('2. Clinical risk management approach');
  pdf.paragraph(
    'Clinical risk is managed under DCB0129. Each hazard is assessed for the severity of its worst credible harm and the likelihood of that harm, before (initial) and after (residual) the additional controls; the risk rating is read from the Clinical Risk Management Plan\'s matrix, never typed. Controls are of four kinds (design, test, training, business process change) and each is verified with evidence. The clinical safety officer approves every issued version of the hazard log; any later change makes the approval stale until a new version is approved.',
  );

  pdf.heading(`3. Risk matrix and acceptability criteria (plan v${data.plan.version})`, 220);
  pdf.paragraph(`Source: ${data.plan.source}${data.plan.approvedAt ? `. Plan approved ${day(data.plan.approvedAt)}.` : '. Plan not yet approved.'}`, PDF_COLOURS.muted);
  pdf.table(
    ['Likelihood \\ Severity', ...SEVERITIES.map((s) => severity(s))],
    [...LIKELIHOODS].reverse().map((l) => [likelihood(l), ...SEVERITIES.map((s) => ({ text: String(data.plan.matrix[l][s]), colour: RATING_COLOURS[data.plan.matrix[l][s]] }))]),
    [100, '*', '*', '*', '*', '*'],
  );
  pdf.table(['Rating', 'Acceptability'], [...RISK_RATINGS].reverse().map((r) => [String(r), acceptabilityOf(data.plan, r).description]), [60, '*']);

  pdf.heading('4. Hazard summary by rating');
  const count = (phase: 'initial' | 'residual', rating: number) => String(live.filter((h) => h[phase]?.rating === rating).length);
  pdf.table(
    ['Rating', 'Initial', 'Residual'],
    [...[...RISK_RATINGS].reverse().map((r) => [String(r), count('initial', r), count('residual', r)]), ['Not rated', String(live.filter((h) => !h.initial).length), String(live.filter((h) => !h.residual).length)]],
    [80, 80, 80],
  );
  pdf.paragraph(`${live.length} hazard(s) in the log${data.hazards.length > live.length ? `, and ${data.hazards.length - live.length} withdrawn` : ''}.`);

  pdf.heading('5. Residual risks and operational constraints');
  const remaining = live.filter((h) => (h.residual?.rating ?? 0) >= 3);
  if (remaining.length === 0) pdf.paragraph('No hazard has a residual risk rated 3 or above.');
  else pdf.table(['Hazard', 'Name', 'Residual', 'Justification and constraints'], remaining.map((h) => [h.number, h.name, rated(h.residual), [h.residualAcceptanceJustification, h.residualIncreaseJustification, h.actionSummary].filter(Boolean).join('\n') || '-']), [50, 140, 110, '*']);

  pdf.heading('6. Hazards transferred to the deploying organisation');
  const transferred = live.filter((h) => h.status === 'transferred');
  if (transferred.length === 0) pdf.paragraph('No hazard is transferred.');
  else pdf.table(['Hazard', 'Name', 'What the deploying organisation must do'], transferred.map((h) => [h.number, h.name, h.deployingOrganisationActions ?? '']), [50, 160, '*']);

  pdf.heading('7. Controls and their verification');
  if (data.controls.length === 0) pdf.paragraph('No additional controls.');
  else {
    const byControl = new Map<string, string[]>();
    for (const h of data.hazards) for (const id of h.controlIds) byControl.set(id, [...(byControl.get(id) ?? []), h.number]);
    const mitigates = (c: Control) => (byControl.get(c.id) ?? []).join(', ');
    pdf.table(
    ['Type', 'Control', 'Hazards', 'Status', 'Evidence'],
      data.controls.map((c) => [CONTROL_TYPE_NAMES[c.type], c.description, mitigates(c), { text: c.status, colour: c.status === 'verified' ? PDF_COLOURS.on_track : PDF_COLOURS.at_risk }, c.verificationEvidence.join(', ') || '-']),
      [70, '*', 70, 55, 110],
    );
  }

  pdf.heading('Appendix A. Hazard log', 200);
  // The GP Connect capabilities and IM1 APIs a hazard arises through: what an assurer reads the log against.
  const through = (h: Hazard) => {
    const names = linkedMechanismKeys(h.links).map(mechanismName);
    return names.length ? `\nThrough: ${names.join(', ')}` : '';
  };
  pdf.table(
    ['No.', 'Hazard', 'Initial', 'Residual', 'Status'],
    data.hazards.map((h) => [h.number, `${h.name}\n${h.description}${through(h)}`, rated(h.initial), rated(h.residual), h.withdrawnReason !== null ? `withdrawn: ${h.withdrawnReason}` : h.status]),
    [40, '*', 95, 95, 60],
  );

  pdf.heading('Appendix B. Approvals');
  pdf.table(
    ['Hazard log', 'Approved by', 'Registration', 'Date', 'Statement'],
    data.approvals.map((a) => [`v${a.version}`, a.approverName, a.professionalRegistration, day(a.approvedAt), a.statement]),
    [60, 100, 90, 60, '*'],
  );
  return pdf.finish();
}

declare module '../documents/document-workers' {
  interface DocumentTaskRegistry {
    safetyCaseReportPdf: typeof safetyCaseReportPdf;
  }
}
