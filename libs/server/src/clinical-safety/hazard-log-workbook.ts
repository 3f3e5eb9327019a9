import { CONTROL_TYPES, DCB0129_LIKELIHOOD_DEFINITIONS, DCB0129_SEVERITY_DEFINITIONS, linkedMechanismKeys, mechanismName, type Control, type ControlType, type Hazard } from '@pairline/domain';
import ExcelJS from 'exceljs';

/**
 * The hazard log as an xlsx workbook: one row per hazard, in the column order of the DCB0129
 * template, with the additional controls in one column per control type. The first columns carry
 * the same headings as NHS England's published logs, so an exported log can be imported again as a
 * library of suggestions.
 */

export const HAZARD_LOG_SHEET = 'Hazard Log';

const CONTROL_HEADINGS: Readonly<Record<ControlType, string>> = {
  design: 'Design controls',
  test: 'Test controls',
  training: 'Training controls',
  business_process_change: 'Business process change controls',
};

const nameOf = (definitions: readonly { key: string; name: string }[], key: string | undefined) => definitions.find((d) => d.key === key)?.name ?? '';

export async function hazardLogWorkbook(input: {
  readonly title: string;
  readonly hazards: readonly Hazard[];
  readonly controls: readonly Control[];
  readonly people: ReadonlyMap<string, string>;
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pairline';
  const sheet = workbook.addWorksheet(HAZARD_LOG_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns: { header: string; width: number; value: (h: Hazard, controls: readonly Control[]) => string | number | null }[] = [
    { header: 'Hazard number', width: 10, value: (h) => h.number },
    { header: 'Hazard type', width: 20, value: (h) => h.hazardType ?? '' },
    { header: 'Hazard name', width: 30, value: (h) => h.name },
    { header: 'Hazard description', width: 50, value: (h) => h.description },
    { header: 'Potential clinical impact', width: 40, value: (h) => h.potentialClinicalImpact },
    { header: 'Possible causes', width: 40, value: (h) => h.possibleCauses.join('\n') },
    { header: 'Effect', width: 30, value: (h) => h.effect },
    { header: 'Harm', width: 30, value: (h) => h.harm },
    { header: 'Existing controls', width: 40, value: (h) => h.existingControls },
    { header: 'GP Connect capabilities and IM1 APIs', width: 30, value: (h) => linkedMechanismKeys(h.links).map(mechanismName).join('\n') },
    { header: 'Initial severity', width: 14, value: (h) => nameOf(DCB0129_SEVERITY_DEFINITIONS, h.initial?.severity) },
    { header: 'Initial likelihood', width: 14, value: (h) => nameOf(DCB0129_LIKELIHOOD_DEFINITIONS, h.initial?.likelihood) },
    { header: 'Initial risk rating', width: 10, value: (h) => h.initial?.rating ?? null },
    ...CONTROL_TYPES.map((type) => ({
      header: CONTROL_HEADINGS[type],
      width: 40,
      value: (_h: Hazard, controls: readonly Control[]) =>
        controls
          .filter((c) => c.type === type)
          .map((c) => `${c.description} [${c.status}${c.verificationEvidence.length ? `; evidence: ${c.verificationEvidence.join(', ')}` : ''}]`)
          .join('\n'),
    })),
    { header: 'Residual severity', width: 14, value: (h) => nameOf(DCB0129_SEVERITY_DEFINITIONS, h.residual?.severity) },
    { header: 'Residual likelihood', width: 14, value: (h) => nameOf(DCB0129_LIKELIHOOD_DEFINITIONS, h.residual?.likelihood) },
    { header: 'Residual risk rating', width: 10, value: (h) => h.residual?.rating ?? null },
    { header: 'Action summary', width: 40, value: (h) => h.actionSummary },
    { header: 'Owner', width: 20, value: (h) => (h.owner ? (input.people.get(h.owner) ?? h.owner) : '') },
    { header: 'Status', width: 12, value: (h) => (h.withdrawnReason !== null ? 'withdrawn' : h.status) },
    { header: 'Deploying organisation actions', width: 40, value: (h) => h.deployingOrganisationActions ?? '' },
    { header: 'Plan version', width: 8, value: (h) => h.planVersion },
    { header: 'Next review', width: 12, value: (h) => h.nextReviewDate ?? '' },
    { header: 'Withdrawn reason', width: 30, value: (h) => h.withdrawnReason ?? '' },
  ];
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const hazard of input.hazards) {
    // In the log's own order (oldest control first), not the order of the ids.
    const mine = new Set(hazard.controlIds);
    const controls = input.controls.filter((c) => mine.has(c.id));
    // Cells are written as text values, never formulas, so "=…" in a description stays text.
    const row = sheet.addRow(columns.map((c) => c.value(hazard, controls)));
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  workbook.title = input.title;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
