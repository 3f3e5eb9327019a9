import type {
  AuditVerificationDto,
  InvitationPreviewDto,
  LoginRequest,
  MfaSetupDto,
  OrganisationDto,
  SessionDto,
} from '@pairline/contracts';
import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider } from 'react-admin';
import { journeyMethods, type JourneyDataProvider } from '../journeys/journeysApi';
import { evidenceMethods, type EvidenceDataProvider } from '../evidence/evidenceApi';
import { scalMethods, type ScalDataProvider } from '../scals/scalsApi';
import { timelineMethods, type TimelineDataProvider } from '../timeline/timelineApi';
import { ApiError } from './errors';
import { apiHeaders, httpClient } from './httpClient';
import { setSession } from './session';

export const API_URL = '/api';

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface AcceptInvitationRequest {
  token: string;
  /** New users only. */
  name?: string;
  /** New users choose one; existing users confirm their current one. */
  password?: string;
}

export interface UpdateOrganisationRequest {
  name: string;
  odsCode: string | null;
  mfaRequired: boolean;
  /** Status colour thresholds, in working days. */
  atRiskWithinWorkingDays?: number;
  lateAfterWorkingDays?: number;
  version: number;
}

/** Audit list filters, as the list sends them (ISO date-times for `from` / `to`). */
export type AuditFilter = Record<string, unknown>;

/** The RPC-style actions next to the CRUD resources; use them with react-query (see the pages). */
export interface PairlineDataProvider extends DataProvider, JourneyDataProvider, ScalDataProvider, EvidenceDataProvider, TimelineDataProvider {
  getSession(): Promise<SessionDto>;
  switchOrganisation(organisationId: string): Promise<SessionDto>;
  changePassword(request: ChangePasswordRequest): Promise<void>;
  mfaSetup(): Promise<MfaSetupDto>;
  mfaEnable(code: string): Promise<void>;
  mfaDisable(password: string): Promise<void>;
  verifyAudit(): Promise<AuditVerificationDto>;
  exportAuditCsv(filter: AuditFilter): Promise<{ blob: Blob; filename: string }>;
  getOrganisation(): Promise<OrganisationDto>;
  updateOrganisation(request: UpdateOrganisationRequest): Promise<OrganisationDto>;
  lookupInvitation(token: string): Promise<InvitationPreviewDto>;
  acceptInvitation(request: AcceptInvitationRequest): Promise<SessionDto>;
}

const post = (path: string, body?: unknown) =>
  httpClient(`${API_URL}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

/** Reads a non-JSON error response (or a JSON one) into the same error shape fetchJson produces. */
async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: { message?: string } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(
    body?.message ?? response.statusText,
    response.status,
    body as ApiError['body'],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/**
 * POST /api/auth/login with plain fetch (not fetchJson) so a 429's `Retry-After` reaches the login
 * page. Stores the new session.
 */
export async function login(request: LoginRequest): Promise<SessionDto> {
  const response = await fetch(`${API_URL}/auth/login`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: apiHeaders({ 'Content-Type': 'application/json' }, 'POST'),
    body: JSON.stringify(request),
  });
  if (!response.ok) throw await toApiError(response);
  const session = (await response.json()) as SessionDto;
  setSession(session);
  return session;
}

/** GET /api/auth/session; rejects with a 401 `HttpError` when there is no session. */
export async function fetchSession(): Promise<SessionDto> {
  const { json } = await httpClient(`${API_URL}/auth/session`, { cache: 'no-store' });
  setSession(json as SessionDto);
  return json as SessionDto;
}

export async function logout(): Promise<void> {
  await post('/auth/logout');
}

export async function acceptInvitation(request: AcceptInvitationRequest): Promise<SessionDto> {
  const { json } = await post('/invitations/accept', request);
  setSession(json as SessionDto);
  return json as SessionDto;
}

const restProvider = simpleRestProvider(API_URL, httpClient);

/**
 * ra-data-simple-rest against /api, with the session cookie and CSRF header, plus the custom
 * methods. DELETE answers may have no body (204): fall back to the deleted record so react-admin's
 * cache update has something to work with.
 */
export const dataProvider: PairlineDataProvider = {
  ...restProvider,
  delete: async (resource, params) => {
    const result = await restProvider.delete(resource, params);
    return { data: result.data ?? params.previousData ?? { id: params.id } };
  },
  deleteMany: async (resource, params) => {
    await Promise.all(params.ids.map((id) => restProvider.delete(resource, { id })));
    return { data: params.ids };
  },

  getSession: fetchSession,
  switchOrganisation: async (organisationId) => {
    const { json } = await post('/auth/switch-organisation', { organisationId });
    setSession(json as SessionDto);
    return json as SessionDto;
  },
  changePassword: async (request) => {
    await post('/auth/password', request);
    // Other sessions are revoked; re-read ours in case the API rotated anything on it.
    await fetchSession().catch(() => undefined);
  },
  mfaSetup: async () => (await post('/auth/mfa/setup')).json as MfaSetupDto,
  mfaEnable: async (code) => {
    await post('/auth/mfa/enable', { code });
    await fetchSession();
  },
  mfaDisable: async (password) => {
    await post('/auth/mfa/disable', { password });
    await fetchSession();
  },
  verifyAudit: async () => (await httpClient(`${API_URL}/audit-events/verify`)).json as AuditVerificationDto,
  exportAuditCsv: async (filter) => {
    const query = new URLSearchParams({ filter: JSON.stringify(filter ?? {}) });
    const response = await fetch(`${API_URL}/audit-events/export.csv?${query}`, {
      credentials: 'same-origin',
      headers: { Accept: 'text/csv' },
    });
    if (!response.ok) throw await toApiError(response);
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? `audit-events-${new Date().toISOString().slice(0, 10)}.csv`;
    return { blob: await response.blob(), filename };
  },
  getOrganisation: async () => (await httpClient(`${API_URL}/organisation`)).json as OrganisationDto,
  updateOrganisation: async (request) => {
    const { json } = await httpClient(`${API_URL}/organisation`, { method: 'PUT', body: JSON.stringify(request) });
    return json as OrganisationDto;
  },
  lookupInvitation: async (token) =>
    (await httpClient(`${API_URL}/invitations/lookup?${new URLSearchParams({ token })}`)).json as InvitationPreviewDto,
  acceptInvitation,
  ...journeyMethods,
  ...scalMethods,
  ...evidenceMethods,
  ...timelineMethods,
};
