import type {
  ClinicalSafetyOfficerDto,
  HazardDto,
  HazardLibraryImportResultDto,
  HazardLibraryPreviewDto,
  HazardLogDiffDto,
  HazardLogVersionDetailDto,
  HazardLogVersionDto,
  RiskPlanDto,
} from '@pairline/contracts';
import { LIST_MAX_PAGE_SIZE } from '@pairline/contracts';
import type { HazardStatus } from '@pairline/domain';
import { ApiError } from '../auth/errors';
import { apiHeaders, httpClient } from '../auth/httpClient';

const API_URL = '/api';
const json = async <T,>(path: string, init?: { method: string; body?: unknown }): Promise<T> =>
  (await httpClient(`${API_URL}${path}`, init ? { method: init.method, body: init.body === undefined ? undefined : JSON.stringify(init.body) } : { cache: 'no-store' })).json as T;

/** The plan a hazard was rated under, or the product's current one for a hazard not yet rated. */
export const fetchRiskPlan = (riskPlanId: string | null | undefined, productId: string | undefined) =>
  riskPlanId ? json<RiskPlanDto>(`/risk-plans/${encodeURIComponent(riskPlanId)}`) : json<RiskPlanDto>(`/risk-plans/current?${new URLSearchParams(productId ? { productId } : {})}`);

/** Every plan version of the organisation, its own and its products', newest first. */
export const fetchRiskPlans = () => json<RiskPlanDto[]>(`/risk-plans?${new URLSearchParams({ range: JSON.stringify([0, 99]), sort: JSON.stringify(['version', 'DESC']) })}`);

export type RiskPlanSettings = Pick<RiskPlanDto, 'severities' | 'likelihoods' | 'matrix' | 'acceptability' | 'source'>;
export const createRiskPlan = (body: RiskPlanSettings & { productId: string | null }) => json<RiskPlanDto>('/risk-plans', { method: 'POST', body });
export const approveRiskPlan = (id: string) => json<RiskPlanDto>(`/risk-plans/${encodeURIComponent(id)}/approve`, { method: 'POST', body: {} });

/** 404 until someone records the product's CSO: that is an empty state, not an error. */
export async function fetchCso(productId: string): Promise<ClinicalSafetyOfficerDto | null> {
  try {
    return await json<ClinicalSafetyOfficerDto>(`/clinical-safety-officers/${encodeURIComponent(productId)}`);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

export const putCso = (productId: string, body: { name: string; profession: string; registrationNumber: string; userId?: string | null; version?: number }) =>
  json<ClinicalSafetyOfficerDto>(`/clinical-safety-officers/${encodeURIComponent(productId)}`, { method: 'PUT', body });

/** Every live hazard of a product (the heat map counts them all, not one page). */
export async function fetchProductHazards(productId: string): Promise<HazardDto[]> {
  const query = new URLSearchParams({
    filter: JSON.stringify({ productId, withdrawn: false }),
    range: JSON.stringify([0, LIST_MAX_PAGE_SIZE - 1]),
    sort: JSON.stringify(['number', 'ASC']),
  });
  return json<HazardDto[]>(`/hazards?${query}`);
}

export const fetchVersions = (productId: string) =>
  json<HazardLogVersionDto[]>(`/hazard-log-versions?${new URLSearchParams({ filter: JSON.stringify({ productId }), range: JSON.stringify([0, 99]), sort: JSON.stringify(['version', 'DESC']) })}`);

export const issueVersion = (body: { productId: string; changeSummary: string; kind: 'minor' | 'major' }) =>
  json<HazardLogVersionDetailDto>('/hazard-log-versions', { method: 'POST', body });

export const approveVersion = (id: string, body: { statement: string; password?: string; totp?: string }) =>
  json<HazardLogVersionDetailDto>(`/hazard-log-versions/${encodeURIComponent(id)}/approve`, { method: 'POST', body });

export const fetchDiff = (id: string, against: string | null) =>
  json<HazardLogDiffDto>(against ? `/hazard-log-versions/${encodeURIComponent(id)}/diff?${new URLSearchParams({ against })}` : `/hazard-log-versions/${encodeURIComponent(id)}/diff-live`);

export const changeHazardStatus = (id: string, body: { status: HazardStatus; deployingOrganisationActions?: string; residualAcceptanceJustification?: string; version: number }) =>
  json<HazardDto>(`/hazards/${encodeURIComponent(id)}/status`, { method: 'POST', body });

export const withdrawHazard = (id: string, body: { reason: string; version: number }) => json<HazardDto>(`/hazards/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body });

export interface LibraryUpload {
  filename: string;
  contentBase64: string;
  sheet?: string;
  source?: string;
}
export const previewLibraryImport = (body: LibraryUpload) => json<HazardLibraryPreviewDto>('/hazard-library/import/preview', { method: 'POST', body });
export const importLibrary = (body: LibraryUpload) => json<HazardLibraryImportResultDto>('/hazard-library/import', { method: 'POST', body });
export const adoptSuggestion = (id: string, productId: string) => json<HazardDto>(`/hazard-library/${encodeURIComponent(id)}/adopt`, { method: 'POST', body: { productId } });

/** Downloads a document the API serves as an attachment; an error answer keeps its message. */
export async function fetchDocument(path: string): Promise<{ blob: Blob; filename: string }> {
  const response = await fetch(`${API_URL}${path}`, { credentials: 'same-origin', headers: apiHeaders({ Accept: '*/*' }) });
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new ApiError(body?.message ?? response.statusText, response.status, body);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  return { blob: await response.blob(), filename: /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'download' };
}

/** A file's bytes as base64 (the import endpoints take JSON, not multipart). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
