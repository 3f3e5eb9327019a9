import type {
  RequirementEvidenceDto,
  ScalCommentDto,
  ScalCommentThreadDto,
  ScalDetailDto,
  ScalDto,
  ScalExportFormat,
  ScalImportPreviewDto,
  ScalImportRunDto,
  ScalImportSettingsDto,
  ScalRequirementAnswerDto,
  ScalRequirementDto as ScalTemplateRequirementDto,
  ScalSnapshotDto,
  ScalTemplateDetailDto,
  ScalWorkbookImportDto,
} from '@pairline/contracts';
import type {
  CivilDate,
  ScalMappingTarget,
  ScalLevel,
  ScalRequirementStatus,
  ScalResponse,
  ScalSheetSettings,
  ScalStage,
} from '@pairline/domain';
import { HttpError } from 'react-admin';
import { httpClient } from '../auth/httpClient';

/**
 * The SCAL endpoints (libs/server/src/scal-templates and libs/server/src/scals). Answers are typed by
 * libs/contracts; the request shapes the web builds are declared here.
 */

export type { ScalDetailDto, ScalImportPreviewDto, ScalImportRunDto, ScalImportSheetPreview, ScalWorkbookImportDto, ScalRequirementAnswerDto, ScalTemplateDetailDto, ScalTemplateDto, ScalTemplateListItemDto } from '@pairline/contracts';
/** A requirement of a template (the server's `ScalRequirementDto`), as the template pages name it. */
export type { ScalRequirementDto as ScalTemplateRequirementDto } from '@pairline/contracts';

const API_URL = '/api';

/** Header → requirement field or answer column (where the export writes answers), or null to ignore it. */
export type ColumnMapping = Record<string, ScalMappingTarget | null>;

/** Per tab name: its header row, the level of a tab without a level column, and whether it holds requirements. */
export type SheetSettings = Record<string, ScalSheetSettings>;

/** An uploaded file imported with the mapping and tab settings the wizard settled. */
export interface ScalImportRequest {
  fileId: string;
  mapping: ColumnMapping;
  sheets?: SheetSettings;
  name: string;
  key: string;
  sourceNote?: string | null;
}

/** A page item of GET /api/scals/:id/requirements: the answer with its linked evidence. */
export type ScalRequirementRowDto = ScalRequirementAnswerDto & RequirementEvidenceDto;

/** PUT /api/scals/:id/requirements/:identifier: only the fields sent change. */
export interface ScalRequirementUpdate {
  response?: ScalResponse | null;
  justification?: string | null;
  ownerUserId?: string | null;
  dueOn?: CivilDate | null;
  status?: ScalRequirementStatus;
  rejectionReason?: string;
  version: number;
}

/** The filters GET /api/scals/:id/requirements and the bulk endpoint both understand. */
export interface ScalRequirementFilter {
  section?: string;
  status?: ScalRequirementStatus;
  /** "none": not answered yet. */
  response?: ScalResponse | 'none';
  /** Linked evidence has lapsed (its latest approved revision expired). */
  needsAttention?: boolean;
  ownerUserId?: string;
  level?: ScalLevel;
  q?: string;
}

export interface ScalBulkRequest {
  identifiers?: string[];
  filter?: ScalRequirementFilter;
  set: { ownerUserId?: string | null; dueOn?: CivilDate | null; status?: ScalRequirementStatus; rejectionReason?: string };
}

export interface Paged<T> {
  data: T[];
  total: number;
}

export interface ListRequest {
  page: number;
  perPage: number;
  sort?: { field: string; order: 'ASC' | 'DESC' };
  filter?: object;
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

const send = async <T>(method: 'POST' | 'PUT', url: string, body: unknown): Promise<T> =>
  (await httpClient(`${API_URL}/${url}`, { method, body: JSON.stringify(body) })).json as T;

/**
 * One file as multipart/form-data in a part named `file`, as the import endpoints stream it. fetchJson
 * leaves Content-Type alone for FormData, so the browser sets the boundary.
 */
const upload = async <T>(url: string, file: File): Promise<T> => {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await httpClient(`${API_URL}/${url}`, { method: 'POST', body: form })).json as T;
};

/** Drops empty filter values: the API refuses a filter on "" where it expects an enum or a UUID. */
const cleanFilter = (filter: object | undefined) =>
  Object.fromEntries(Object.entries(filter ?? {}).filter(([, value]) => value !== undefined && value !== null && value !== ''));

/** A page in the ra-data-simple-rest dialect: `range`, `sort`, `filter`; the total from `Content-Range`. */
async function getPage<T>(url: string, request: ListRequest): Promise<Paged<T>> {
  const start = (request.page - 1) * request.perPage;
  const query = new URLSearchParams({ range: JSON.stringify([start, start + request.perPage - 1]), filter: JSON.stringify(cleanFilter(request.filter)) });
  if (request.sort) query.set('sort', JSON.stringify([request.sort.field, request.sort.order]));
  const { json, headers } = await httpClient(`${API_URL}/${url}?${query}`);
  const total = Number(/\/(\d+)$/.exec(headers.get('Content-Range') ?? '')?.[1]);
  const data = json as T[];
  return { data, total: Number.isFinite(total) ? total : data.length };
}

export interface ScalDataProvider {
  getScalTemplate(id: string): Promise<ScalTemplateDetailDto>;
  getScalTemplateRequirements(id: string, request: ListRequest): Promise<Paged<ScalTemplateRequirementDto>>;
  copyBaselineScalTemplate(): Promise<ScalTemplateDetailDto>;
  /** Uploads a workbook or CSV once (multipart); the answer previews it with the suggested header rows and mapping. */
  uploadScalFile(file: File): Promise<ScalImportPreviewDto>;
  /** Reads the uploaded file again with other settings; stores nothing. */
  previewScalFile(fileId: string, settings: ScalImportSettingsDto): Promise<ScalImportPreviewDto>;
  /** Checks the file (refusals answer here) and starts storing it; poll the run for progress. */
  startScalImportRun(request: ScalImportRequest): Promise<ScalImportRunDto>;
  getScalImportRun(id: string): Promise<ScalImportRunDto>;
  getScal(id: string): Promise<ScalDetailDto>;
  /** Applies a returned workbook (NHS England's verdicts written in) to the SCAL. */
  importScalWorkbook(scalId: string, file: File): Promise<ScalWorkbookImportDto>;
  /** The SCAL attached to a journey, or null when it has none. */
  findJourneyScal(journeyId: string): Promise<ScalDetailDto | null>;
  createScal(request: { templateId: string; journeyIds: string[] }): Promise<ScalDetailDto>;
  /** The SCALs a product's journeys answer (a product may keep more than one). */
  findProductScals(productId: string): Promise<ScalDto[]>;
  /** A journey without a SCAL starts sharing one of its product's. */
  joinScal(scalId: string, journeyId: string): Promise<ScalDetailDto>;
  getScalRequirements(scalId: string, request: ListRequest): Promise<Paged<ScalRequirementRowDto>>;
  updateScalRequirement(scalId: string, identifier: string, request: ScalRequirementUpdate): Promise<ScalRequirementAnswerDto>;
  bulkUpdateScalRequirements(scalId: string, request: ScalBulkRequest): Promise<{ updated: number; identifiers: string[] }>;
  getScalComments(scalId: string, identifier: string): Promise<ScalCommentThreadDto[]>;
  addScalComment(scalId: string, identifier: string, request: { body: string; parentId?: string }): Promise<ScalCommentDto>;
  setScalThreadResolved(scalId: string, commentId: string, resolved: boolean): Promise<ScalCommentThreadDto>;
  getScalSnapshots(scalId: string): Promise<ScalSnapshotDto[]>;
  recordScalStage(scalId: string, stage: ScalStage, request: { note?: string }): Promise<ScalSnapshotDto>;
  /** The SCAL (or one snapshot of it) as a file, in the imported workbook's layout for xlsx. */
  exportScal(scalId: string, format: ScalExportFormat, snapshotId?: string): Promise<{ blob: Blob; filename: string }>;
}

export const scalMethods: ScalDataProvider = {
  getScalTemplate: async (id) => (await httpClient(`${API_URL}/${path('scal-templates', id)}`)).json as ScalTemplateDetailDto,
  getScalTemplateRequirements: (id, request) => getPage(`${path('scal-templates', id)}/requirements`, request),
  copyBaselineScalTemplate: () => send('POST', 'scal-templates/baseline', {}),
  uploadScalFile: (file) => upload('scal-templates/files', file),
  previewScalFile: (fileId, settings) => send('POST', `${path('scal-templates', 'files', fileId)}/preview`, settings),
  startScalImportRun: (request) => send('POST', 'scal-templates/import-runs', request),
  getScalImportRun: async (id) => (await httpClient(`${API_URL}/${path('scal-templates', 'import-runs', id)}`, { cache: 'no-store' })).json as ScalImportRunDto,
  importScalWorkbook: (scalId, file) => upload(`${path('scals', scalId)}/workbook`, file),
  getScal: async (id) => (await httpClient(`${API_URL}/${path('scals', id)}`, { cache: 'no-store' })).json as ScalDetailDto,
  findJourneyScal: async (journeyId) => {
    const found = (await httpClient(`${API_URL}/scals?${new URLSearchParams({ journeyId })}`, { cache: 'no-store' })).json as { id: string }[];
    return found[0] ? scalMethods.getScal(found[0].id) : null;
  },
  createScal: (request) => send('POST', 'scals', request),
  findProductScals: async (productId) => (await httpClient(`${API_URL}/scals?${new URLSearchParams({ productId })}`, { cache: 'no-store' })).json as ScalDto[],
  joinScal: (scalId, journeyId) => send('POST', `${path('scals', scalId)}/journeys`, { journeyId }),
  getScalRequirements: (scalId, request) => getPage(`${path('scals', scalId)}/requirements`, request),
  updateScalRequirement: (scalId, identifier, request) => send('PUT', path('scals', scalId, 'requirements', identifier), request),
  getScalComments: async (scalId, identifier) => (await httpClient(`${API_URL}/${path('scals', scalId, 'requirements', identifier)}/comments`, { cache: 'no-store' })).json as ScalCommentThreadDto[],
  addScalComment: (scalId, identifier, request) => send('POST', `${path('scals', scalId, 'requirements', identifier)}/comments`, request),
  setScalThreadResolved: (scalId, commentId, resolved) => send('POST', `${path('scals', scalId, 'comments', commentId)}/${resolved ? 'resolve' : 'unresolve'}`, {}),
  getScalSnapshots: async (scalId) => (await httpClient(`${API_URL}/${path('scals', scalId)}/snapshots`, { cache: 'no-store' })).json as ScalSnapshotDto[],
  recordScalStage: (scalId, stage, request) => send('POST', path('scals', scalId, 'stages', stage), request),
  exportScal: async (scalId, format, snapshotId) => {
    const url = `${API_URL}/${snapshotId ? path('scals', scalId, 'snapshots', snapshotId) : path('scals', scalId)}/export?${new URLSearchParams({ format })}`;
    // Not fetchJson: the answer is a file. An error still comes back as the API's JSON body.
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) {
      const body = await response.json().catch(() => undefined);
      throw new HttpError(body?.message ?? response.statusText, response.status, body);
    }
    const disposition = response.headers.get('Content-Disposition') ?? '';
    return { blob: await response.blob(), filename: /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? `scal.${format}` };
  },
  bulkUpdateScalRequirements: (scalId, request) => send('POST', `${path('scals', scalId)}/requirements/bulk`, { ...request, filter: request.filter ? cleanFilter(request.filter) : undefined }),
};
