import {
  STAGE_ACTION_PATHS,
  type AuditEventDto,
  type BlockerParty,
  type BlockerStatus,
  type JourneyDetailDto,
  type JourneyFollowStateDto,
  type PortfolioDto,
  type StageActionRequest,
  type StageLink,
} from '@pairline/contracts';
import type { CivilDate, StageAction } from '@pairline/domain';
import { httpClient } from '../auth/httpClient';

const API_URL = '/api';

/** PUT /api/journeys/:id: what can change on a journey after it is created. */
export interface JourneyUpdateRequest {
  ownerUserId: string | null;
  targetGoLive: CivilDate | null;
  notes: string;
  version: number;
}

/** PUT /api/journeys/:id/stages/:key: a stage's plan or its route; only the fields sent change. */
export interface StageUpdateRequest {
  plannedStart?: CivilDate | null;
  plannedEnd?: CivilDate | null;
  pinned?: boolean;
  durationWorkingDays?: number;
  slaWorkingDays?: number | null;
  ownerUserId?: string | null;
  route?: string | null;
  links?: StageLink[];
  /** The stage's version, as loaded. */
  version: number;
}

/** POST /api/blocking-items. */
export interface BlockingItemInput {
  journeyId: string;
  stageKey: string | null;
  title: string;
  description: string;
  owedBy: BlockerParty;
  raisedOn: CivilDate;
  dueOn: CivilDate | null;
  ownerUserId: string | null;
}

/** PUT /api/blocking-items/:id. */
export interface BlockingItemUpdate extends BlockingItemInput {
  status: BlockerStatus;
  resolvedOn: CivilDate | null;
  version: number;
}

/** The journey actions next to the CRUD resources; each answers with the updated journey. */
export interface JourneyDataProvider {
  getPortfolio(): Promise<PortfolioDto>;
  getJourneyHistory(journeyId: string): Promise<AuditEventDto[]>;
  updateJourney(journeyId: string, request: JourneyUpdateRequest): Promise<JourneyDetailDto>;
  withdrawJourney(journeyId: string, request: { reason: string; version: number }): Promise<JourneyDetailDto>;
  reinstateJourney(journeyId: string, request: { version: number }): Promise<JourneyDetailDto>;
  applyJourneyTemplate(journeyId: string, request: { templateVersion: number; version: number }): Promise<JourneyDetailDto>;
  stageAction(journeyId: string, stageKey: string, action: StageAction, request: StageActionRequest): Promise<JourneyDetailDto>;
  updateStage(journeyId: string, stageKey: string, request: StageUpdateRequest): Promise<JourneyDetailDto>;
  setChecklistItem(journeyId: string, stageKey: string, itemKey: string, done: boolean): Promise<JourneyDetailDto>;
  /** The member's own following, not a change to the journey: it answers with the new state only. */
  getJourneyFollow(journeyId: string): Promise<JourneyFollowStateDto>;
  setJourneyFollow(journeyId: string, following: boolean): Promise<JourneyFollowStateDto>;
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

const send = async <T>(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<T> =>
  (await httpClient(`${API_URL}/${url}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json as T;

export const journeyMethods: JourneyDataProvider = {
  getPortfolio: async () => (await httpClient(`${API_URL}/portfolio`, { cache: 'no-store' })).json as PortfolioDto,
  getJourneyHistory: async (journeyId) => (await httpClient(`${API_URL}/${path('journeys', journeyId, 'history')}`)).json as AuditEventDto[],
  updateJourney: (journeyId, request) => send('PUT', path('journeys', journeyId), request),
  withdrawJourney: (journeyId, request) => send('POST', `${path('journeys', journeyId)}/withdraw`, request),
  reinstateJourney: (journeyId, request) => send('POST', `${path('journeys', journeyId)}/reinstate`, request),
  applyJourneyTemplate: (journeyId, request) => send('POST', `${path('journeys', journeyId)}/template`, request),
  stageAction: (journeyId, stageKey, action, request) =>
    send('POST', `${path('journeys', journeyId, 'stages', stageKey)}/${STAGE_ACTION_PATHS[action]}`, request),
  updateStage: (journeyId, stageKey, request) => send('PUT', path('journeys', journeyId, 'stages', stageKey), request),
  setChecklistItem: (journeyId, stageKey, itemKey, done) =>
    send('PUT', path('journeys', journeyId, 'stages', stageKey, 'checklist', itemKey), { done }),
  getJourneyFollow: async (journeyId) => (await httpClient(`${API_URL}/${path('journeys', journeyId, 'follow')}`, { cache: 'no-store' })).json as JourneyFollowStateDto,
  setJourneyFollow: (journeyId, following) =>
    following ? send('PUT', path('journeys', journeyId, 'follow'), {}) : send('DELETE', path('journeys', journeyId, 'follow')),
};
