import { PASSWORD_MIN_CHARS } from '@pairline/domain';
import type { Permission, Role } from './permissions';

export const SESSION_COOKIE = 'pairline_session';
/** Cookie-authenticated writes must echo the session's CSRF token in this header. */
export const CSRF_HEADER = 'x-csrf-token';
/** Personal API tokens start with this, so a leaked one is recognisable (and scannable). */
export const API_TOKEN_PREFIX = 'plt_';
export const PASSWORD_MIN_LENGTH = PASSWORD_MIN_CHARS;

export interface OrganisationSummary {
  id: string;
  name: string;
  odsCode: string | null;
  role: Role;
}

/** GET /api/auth/session, and the body of a successful login or organisation switch. */
export interface SessionDto {
  user: { id: string; email: string; name: string; mfaEnabled: boolean };
  organisation: { id: string; name: string; odsCode: string | null; mfaRequired: boolean };
  role: Role;
  permissions: Permission[];
  organisations: OrganisationSummary[];
  csrfToken: string;
  /** True when the organisation requires MFA and the user has not set it up yet. */
  mfaSetupRequired: boolean;
}

export interface LoginRequest {
  email: string;
  password: string;
  /** Six-digit TOTP code; required when the user has MFA on. */
  totp?: string;
  organisationId?: string;
}

export interface MemberDto {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  version: number;
}

export interface InvitationDto {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
}

/** GET /api/invitations/lookup?token=… (public): what the invitee is about to join. */
export interface InvitationPreviewDto {
  organisationName: string;
  email: string;
  role: Role;
  expiresAt: string;
  existingUser: boolean;
}

export interface ApiTokenDto {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** POST /api/api-tokens answer: the only time the secret is shown. */
export interface CreatedApiTokenDto extends ApiTokenDto {
  token: string;
}

export interface OrganisationDto {
  id: string;
  name: string;
  odsCode: string | null;
  mfaRequired: boolean;
  /** Status colour thresholds, in working days (see StatusThresholdsDto). */
  atRiskWithinWorkingDays: number;
  lateAfterWorkingDays: number;
  createdAt: string;
  version: number;
}

export interface AuditEventDto {
  id: string;
  seq: number;
  occurredAt: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: Record<string, { before?: unknown; after?: unknown }> | null;
  requestId: string | null;
  ip: string | null;
  hash: string;
}

export interface AuditVerificationDto {
  ok: boolean;
  checked: number;
  /** First event whose hash or link does not match, when the chain is broken. */
  firstBroken: { seq: number; id: string; reason: string } | null;
  /** The newest signed checkpoint the chain was held against; null before the first one. */
  latestCheckpoint: { id: string; seq: number; hash: string; signedAt: string; keyId: string } | null;
  /** The first checkpoint the chain contradicts: cut short, rewritten, or not signed by a trusted key. */
  contradictedCheckpoint: { checkpointId: string; seq: number; signedAt: string; reason: string } | null;
}

/** A signed head of an organisation's audit chain. */
export interface AuditCheckpointDto {
  id: string;
  organisationId: string;
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

export interface MfaSetupDto {
  secret: string;
  otpauthUrl: string;
}
