import { assertValidScalTemplate, type ScalEnvironment, type ScalLevel, type ScalRequirement, type ScalSection, type ScalTemplate } from './requirements';

/**
 * A small baseline SCAL written by us from the public onboarding facts, so an organisation can start
 * gathering baseline evidence before it has NHS England's workbook. It is not NHS England's SCAL: the
 * wording, identifiers and levels are ours, and a journey's real SCAL is imported from the workbook
 * NHS England or the provider supplies.
 */

interface Row {
  readonly id: string;
  readonly description: string;
  readonly evidence: string;
  readonly level?: ScalLevel;
  readonly environment?: ScalEnvironment;
  readonly type?: string;
}

function section(key: string, name: string, rows: readonly Row[]): ScalSection {
  return {
    key,
    name,
    requirements: rows.map(
      (row): ScalRequirement => ({
        identifier: row.id,
        section: key,
        description: row.description,
        useCase: null,
        type: row.type ?? null,
        link: null,
        testCases: null,
        evidenceRequired: row.evidence,
        environment: row.environment ?? 'ENVNA',
        level: row.level ?? 'MUST',
      }),
    ),
  };
}

export const BASELINE_SCAL_TEMPLATE: ScalTemplate = assertValidScalTemplate({
  key: 'baseline',
  version: 1,
  name: 'Baseline assurance (starting point)',
  baseline: true,
  note: "A starting point written from public guidance, not NHS England's SCAL. Import the SCAL workbook you are given for the journey and answer that.",
  sections: [
    section('organisation', 'Organisation and product information', [
      { id: 'BASE-ORG-01', description: 'Identify the organisation supplying the product: legal name, registered address and company number.', evidence: 'Company registration details.' },
      { id: 'BASE-ORG-02', description: "State the organisation's ODS code.", evidence: 'ODS code as published by the Organisation Data Service.' },
      { id: 'BASE-ORG-03', description: 'Describe the product: name, version, what it does and who uses it.', evidence: 'Product description and the version to be assured.' },
      {
        id: 'BASE-ORG-04',
        description: 'Confirm the use case: which GP data the product reads or writes, for whom and why. A change of functionality or use case after go-live needs a Request for Change.',
        evidence: 'Use case statement (and the NHS England approval reference, for GP Connect).',
      },
      {
        id: 'BASE-ORG-05',
        description: 'Confirm the HSCN connection the integration uses, or why none is needed (e.g. internet-based Send Document for online consultation).',
        evidence: 'HSCN connection confirmation or justification.',
      },
      { id: 'BASE-ORG-06', description: 'User interfaces meet WCAG 2.1 AA.', evidence: 'Accessibility audit or statement.', level: 'SHOULD' },
    ]),
    section('information_governance', 'Information governance', [
      {
        id: 'BASE-IG-01',
        description: 'Data Security and Protection Toolkit (DSPT) assessment published with status "Standards Met". The assessment is renewed every year by 30 June; a status not renewed by then lapses.',
        evidence: 'DSPT status page showing "Standards Met" and the date of the current assessment.',
      },
      { id: 'BASE-IG-02', description: 'The IM1 clinical and information-governance prerequisites form is completed and confirmed.', evidence: 'Completed prerequisites form and its confirmation.', type: 'IM1' },
      { id: 'BASE-IG-03', description: 'A data-sharing agreement with the GP practices whose data the product uses.', evidence: 'Data-sharing agreement (template or signed copy).' },
      { id: 'BASE-IG-04', description: 'Patient data is held in the UK, or a risk assessment covers where it is held.', evidence: 'Hosting locations, or the data-residency risk assessment.' },
    ]),
    section('clinical_safety', 'Clinical safety', [
      { id: 'BASE-CS-01', description: 'A named Clinical Safety Officer: a registered clinician trained in clinical risk management.', evidence: 'CSO name, professional registration and training certificate.' },
      { id: 'BASE-CS-02', description: 'A clinical risk management plan compliant with DCB0129, approved by the CSO.', evidence: 'Clinical risk management plan with CSO approval.' },
      { id: 'BASE-CS-03', description: 'A hazard log for the product, every version approved by the CSO.', evidence: 'Current hazard log with its CSO approval.' },
      { id: 'BASE-CS-04', description: 'A clinical safety case report for the version to be assured, approved by the CSO.', evidence: 'Clinical safety case report with CSO approval.' },
      {
        id: 'BASE-CS-05',
        description: 'Deploying organisations receive what they need for their own DCB0160 clinical risk management.',
        evidence: 'The safety information given to deploying organisations.',
        level: 'SHOULD',
      },
      { id: 'BASE-CS-06', description: 'State whether the product is a medical device and, if it is, its classification and registration.', evidence: 'Medical device status statement (and registration, if a device).' },
    ]),
    section('information_security', 'Information security and testing', [
      { id: 'BASE-SEC-01', description: 'An independent penetration test of the product as it will be deployed.', evidence: 'Penetration test report (or its executive summary) with its date and scope.' },
      { id: 'BASE-SEC-02', description: 'Every medium and high penetration-test finding is fixed or has a mitigation.', evidence: 'Mitigation report for medium and high findings.' },
      {
        id: 'BASE-SEC-03',
        description: "Technical test evidence of the integration against the provider's test environment, or a completed witness-test script with actual results.",
        evidence: 'Test evidence or witness-test scripts with actual results.',
        environment: 'INT(PROVIDER)',
      },
    ]),
    section('service_desk', 'Service desk', [
      { id: 'BASE-SD-01', description: 'The product is registered with the service desk that handles incidents for the integration.', evidence: 'Service desk registration confirmation.' },
      { id: 'BASE-SD-02', description: 'Practices know how to raise incidents with the supplier and how they are escalated.', evidence: 'Support and incident escalation procedure.', level: 'SHOULD' },
    ]),
  ],
});

export const BUILT_IN_SCAL_TEMPLATES: readonly ScalTemplate[] = [BASELINE_SCAL_TEMPLATE];

export function findScalTemplate(key: string, version: number): ScalTemplate | undefined {
  return BUILT_IN_SCAL_TEMPLATES.find((t) => t.key === key && t.version === version);
}
