import type { ApiErrorBody, DashboardDto, ForecastHistoryDto, TimelineBaselineDto, TimelineBaselineInput, TimelineDto } from '@pairline/contracts';
import { ApiError } from '../auth/errors';
import { httpClient } from '../auth/httpClient';

const API_URL = '/api';

/** The timeline's filters, as the URL and GET /api/timeline name them. */
export interface TimelineFilter {
  productId?: string;
  providerSupplierId?: string;
  mechanismId?: string;
  statusColour?: string;
  baselineId?: string;
}

export const TIMELINE_FILTER_KEYS = ['productId', 'providerSupplierId', 'mechanismId', 'statusColour', 'baselineId'] as const;

export function timelineQuery(filter: TimelineFilter): string {
  const query = new URLSearchParams();
  for (const key of TIMELINE_FILTER_KEYS) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export interface TimelineDataProvider {
  getTimeline(filter: TimelineFilter): Promise<TimelineDto>;
  getTimelineBaselines(): Promise<TimelineBaselineDto[]>;
  createTimelineBaseline(input: TimelineBaselineInput): Promise<TimelineBaselineDto>;
  /** The xlsx of the dates behind the current view, with the file name the API chose. */
  exportTimelineXlsx(filter: TimelineFilter): Promise<{ blob: Blob; filename: string }>;
  getForecastHistory(journeyId: string): Promise<ForecastHistoryDto>;
  getDashboard(): Promise<DashboardDto>;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | undefined;
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    body = undefined;
  }
  return new ApiError(body?.message ?? response.statusText, response.status, body);
}

const getJson = async <T>(url: string): Promise<T> => (await httpClient(`${API_URL}/${url}`, { cache: 'no-store' })).json as T;

export const timelineMethods: TimelineDataProvider = {
  getTimeline: (filter) => getJson(`timeline${timelineQuery(filter)}`),
  getTimelineBaselines: async () => {
    // The newest hundred, newest first: the latest board baseline is the usual pick.
    return getJson<TimelineBaselineDto[]>(`timeline-baselines?${new URLSearchParams({ sort: '["createdAt","DESC"]', range: '[0,99]' })}`);
  },
  createTimelineBaseline: async (input) =>
    (await httpClient(`${API_URL}/timeline-baselines`, { method: 'POST', body: JSON.stringify(input) })).json as TimelineBaselineDto,
  exportTimelineXlsx: async (filter) => {
    const response = await fetch(`${API_URL}/timeline/export.xlsx${timelineQuery(filter)}`, { credentials: 'same-origin' });
    if (!response.ok) throw await errorFrom(response);
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? 'pairline-timeline.xlsx';
    return { blob: await response.blob(), filename };
  },
  getForecastHistory: (journeyId) => getJson(`journeys/${encodeURIComponent(journeyId)}/forecast-history`),
  getDashboard: () => getJson('dashboard'),
};
