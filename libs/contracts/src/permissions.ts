/**
 * Roles and what each may do: the one permission matrix, used by the API's guards and by the web
 * app to hide actions a user cannot take. A permission names a capability, not an endpoint.
 */
export const ROLES = [
  'org_admin',
  'compliance_lead',
  'clinical_safety_officer',
  'executive',
  'contributor',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  org_admin: 'Organisation admin',
  compliance_lead: 'Compliance lead',
  clinical_safety_officer: 'Clinical safety officer',
  executive: 'Executive',
  contributor: 'Contributor',
  auditor: 'Auditor (read-only)',
};

export const PERMISSIONS = [
  'organisation.read',
  'organisation.manage',
  'members.read',
  'members.manage',
  'audit.read',
  'audit.export',
  'reference.read',
  'journeys.read',
  'journeys.write',
  'journeys.override_gate',
  'scal.read',
  'scal.write',
  'evidence.read',
  'evidence.write',
  'evidence.approve',
  'scal.comment',
  'hazards.read',
  'hazards.write',
  'hazards.approve',
  'reports.read',
  'timeline.baseline',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: Permission[] = [
  'organisation.read',
  'members.read',
  'reference.read',
  'journeys.read',
  'scal.read',
  'hazards.read',
  'reports.read',
];

/**
 * Reviewer comments on SCAL answers. Reviewers are often not the people who write answers (a CSO
 * reviews the clinical-safety rows, an executive signs off what goes to NHS England), so commenting
 * is not tied to scal.write. The auditor is the exception: a read-only, independent role that only
 * observes the record it audits.
 */
const SCAL_REVIEW: Permission[] = ['scal.comment'];

/**
 * Evidence: everyone reads it; those who answer SCALs or keep the hazard log upload it; what goes
 * to NHS England is approved by a compliance lead or an org admin.
 */
const EVIDENCE_BY_ROLE: Record<Role, readonly Permission[]> = {
  org_admin: ['evidence.read', 'evidence.write', 'evidence.approve'],
  compliance_lead: ['evidence.read', 'evidence.write', 'evidence.approve'],
  clinical_safety_officer: ['evidence.read', 'evidence.write'],
  executive: ['evidence.read'],
  contributor: ['evidence.read', 'evidence.write'],
  auditor: ['evidence.read'],
};

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Overriding a journey gate bypasses NHS England's sequence: only an org admin, with a justification.
  org_admin: [...READ_ALL, ...EVIDENCE_BY_ROLE.org_admin, ...SCAL_REVIEW, 'organisation.manage', 'members.manage', 'audit.read', 'audit.export', 'journeys.write', 'scal.write', 'hazards.write', 'journeys.override_gate', 'timeline.baseline'],
  compliance_lead: [...READ_ALL, ...EVIDENCE_BY_ROLE.compliance_lead, ...SCAL_REVIEW, 'journeys.write', 'scal.write', 'hazards.write', 'timeline.baseline'],
  // Approving a hazard log version is the CSO's alone: DCB0129 requires their sign-off.
  clinical_safety_officer: [...READ_ALL, ...EVIDENCE_BY_ROLE.clinical_safety_officer, ...SCAL_REVIEW, 'hazards.write', 'hazards.approve'],
  // A baseline is the plan the board was told: saved by those who report it.
  executive: [...READ_ALL, ...EVIDENCE_BY_ROLE.executive, ...SCAL_REVIEW, 'timeline.baseline'],
  contributor: [...READ_ALL, ...EVIDENCE_BY_ROLE.contributor, ...SCAL_REVIEW, 'journeys.write', 'scal.write', 'hazards.write'],
  auditor: [...READ_ALL, ...EVIDENCE_BY_ROLE.auditor, 'audit.read', 'audit.export'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** How much a role may do, for "a token may not exceed its creator's role" checks. */
export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function roleCovers(holder: Role, requested: Role): boolean {
  return ROLE_PERMISSIONS[requested].every((p) => ROLE_PERMISSIONS[holder].includes(p));
}
