import { SCAL_IMPORT_FIELDS, SCAL_LEVELS, SCAL_REQUIREMENT_STATUSES, SCAL_RESPONSES, type ScalMappingTarget, type ScalRequirementStatus, type ScalResponse, type ScalReviewVerdict } from '@pairline/domain';

export const SCAL_STATUS_LABELS: Record<ScalRequirementStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  ready_for_review: 'Ready for review',
  submitted: 'Submitted',
  accepted: 'Accepted by NHS England',
  rejected: 'Rejected',
};

/** One colour per status, used by the chips and the stacked progress bars alike. */
export const SCAL_STATUS_COLOURS: Record<ScalRequirementStatus, string> = {
  not_started: '#D8DDE0',
  in_progress: '#41B6E6',
  ready_for_review: '#005EB8',
  submitted: '#330072',
  accepted: '#007F3B',
  rejected: '#DA291C',
};

export const SCAL_RESPONSE_LABELS: Record<ScalResponse, string> = {
  compliant: 'Compliant',
  non_compliant: 'Non-compliant',
  not_applicable: 'Not applicable',
};

export const SCAL_FIELD_LABELS: Record<ScalMappingTarget, string> = {
  identifier: 'Identifier',
  section: 'Section',
  description: 'Description',
  useCase: 'Use case',
  type: 'Type',
  link: 'Link to specification',
  testCases: 'Test cases',
  evidenceRequired: 'Evidence required',
  environment: 'Environment',
  level: 'Level (MUST/SHOULD/MAY)',
  response: 'Response',
  justification: 'Justification',
  evidence: 'Evidence references',
  status: 'Status (ours, written on export)',
  review: 'NHS England review',
  reviewComment: 'NHS England review comment',
};

/** NHS England's verdicts in a few words, where the workbook's full wording does not fit (the full one is the tooltip). */
export const SCAL_VERDICT_SHORT_LABELS: Record<ScalReviewVerdict, string> = {
  satisfactory: 'Satisfactory',
  witness_testing: 'Witness testing',
  insufficient: 'Insufficient evidence',
  not_applicable: 'Not applicable',
};

export const SCAL_VERDICT_COLOURS: Record<ScalReviewVerdict, 'success' | 'warning' | 'error' | 'default'> = {
  satisfactory: 'success',
  witness_testing: 'warning',
  insufficient: 'error',
  not_applicable: 'default',
};

export const scalStatusChoices = SCAL_REQUIREMENT_STATUSES.map((id) => ({ id, name: SCAL_STATUS_LABELS[id] }));
export const scalResponseChoices = SCAL_RESPONSES.map((id) => ({ id, name: SCAL_RESPONSE_LABELS[id] }));
export const scalLevelChoices = SCAL_LEVELS.map((id) => ({ id, name: id }));

/** The response filter's choices: each answer, and rows nobody has answered ("none" to the API). */
export const scalResponseFilterChoices = [...scalResponseChoices, { id: 'none', name: 'Not answered' }];
export const scalFieldChoices = SCAL_IMPORT_FIELDS.map((id) => ({ id, name: SCAL_FIELD_LABELS[id] }));

export const BASELINE_NOTE = 'Starting point, not NHS England’s document';
