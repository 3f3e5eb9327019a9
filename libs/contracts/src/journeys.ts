import type {
  AssuranceRoute,
  Availability,
  ChecklistItem,
  CivilDate,
  JourneyStatus,
  MechanismKey,
  MedicalDeviceStatus,
  ProviderSupplierKey,
  ScalRequirementStatus,
  SlaClock,
  StageAction,
  StageStatus,
  StatusColour,
  UnmetCriterion,
} from '@pairline/domain';

/** GET /api/mechanisms item. */
export interface MechanismDto {
  id: MechanismKey;
  family: 'im1' | 'gp_connect';
  name: string;
  notice: string | null;
  source: string;
  /** The template (newest version) its journeys start from. */
  templateKey: string;
  templateVersion: number;
}

/** GET /api/im1-availability item: provider supplier × IM1 API. */
export interface Im1AvailabilityDto {
  id: string;
  providerSupplierId: ProviderSupplierKey;
  mechanismId: MechanismKey;
  availability: Availability;
  note: string | null;
}

export interface ProductDto {
  id: string;
  name: string;
  /** The product's own version (e.g. "2.3"), not the record's. */
  productVersion: string | null;
  useCase: string;
  intendedUsers: string;
  medicalDeviceStatus: MedicalDeviceStatus;
  ownerUserId: string | null;
  ownerName: string | null;
  journeyCount: number;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency version: send it back on update; a stale one gets 409. */
  version: number;
}

export interface ProductInput {
  name: string;
  productVersion?: string | null;
  useCase: string;
  intendedUsers: string;
  medicalDeviceStatus: MedicalDeviceStatus;
  ownerUserId?: string | null;
}

export interface JourneyDto {
  id: string;
  productId: string;
  productName: string;
  mechanismId: MechanismKey;
  mechanismName: string;
  /** Null for GP Connect capabilities (onboarded with NHS England). */
  providerSupplierId: ProviderSupplierKey | null;
  providerName: string | null;
  templateKey: string;
  templateVersion: number;
  latestTemplateVersion: number;
  ownerUserId: string | null;
  ownerName: string | null;
  targetGoLive: CivilDate | null;
  status: JourneyStatus;
  statusColour: StatusColour | null;
  currentStageKey: string;
  currentStageName: string;
  forecastGoLive: CivilDate | null;
  notes: string;
  withdrawnReason: string | null;
  /** Set when the provider's offer of this mechanism is unconfirmed. */
  warning: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface JourneyInput {
  productId: string;
  mechanismId: MechanismKey;
  /** Required for IM1 mechanisms; must be absent for GP Connect. */
  providerSupplierId?: ProviderSupplierKey | null;
  ownerUserId?: string | null;
  targetGoLive?: CivilDate | null;
  notes?: string;
}

export interface StageLink {
  title: string;
  url: string;
}

export interface StageDto {
  key: string;
  name: string;
  phase: string;
  description: string;
  track: string | null;
  milestone: 'rtc' | 'live' | null;
  skippable: boolean;
  status: StageStatus;
  plannedStart: CivilDate | null;
  plannedEnd: CivilDate | null;
  pinned: boolean;
  actualStart: CivilDate | null;
  actualEnd: CivilDate | null;
  waitingSince: CivilDate | null;
  forecastStart: CivilDate | null;
  forecastEnd: CivilDate | null;
  durationWorkingDays: number;
  slaWorkingDays: number | null;
  /** What the template's SLA is for (e.g. "INT access"), whose response it waits on, and whether the figure is confirmed. */
  slaLabel: string | null;
  slaWaitingOn: 'nhs_england' | 'provider' | null;
  slaConfirmed: boolean | null;
  /** The running SLA clock, when the stage waits on the party its SLA binds. */
  sla: SlaClock | null;
  routes: AssuranceRoute[];
  route: string | null;
  /** A route the journey's data asks for (NHS England asking for witness testing in the SCAL's review column), or null. */
  routeAdvice: { route: string; reason: string } | null;
  skipReason: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  checklist: ChecklistItem[];
  links: StageLink[];
  /** What would stop the stage starting / completing now (empty when nothing would). */
  unmetToStart: UnmetCriterion[];
  unmetToComplete: UnmetCriterion[];
  version: number;
}

export interface GateOverrideDto {
  id: string;
  stageKey: string;
  stageName: string;
  action: 'start' | 'complete';
  unmet: UnmetCriterion[];
  justification: string;
  userId: string;
  userName: string;
  createdAt: string;
}

export const BLOCKER_PARTIES = ['us', 'nhs_england', 'provider'] as const;
export type BlockerParty = (typeof BLOCKER_PARTIES)[number];
export const BLOCKER_STATUSES = ['open', 'resolved'] as const;
export type BlockerStatus = (typeof BLOCKER_STATUSES)[number];

/** An information request from NHS England or the provider (or owed to them): holds its stage until resolved. */
export interface BlockingItemDto {
  id: string;
  journeyId: string;
  stageKey: string | null;
  title: string;
  description: string;
  /** Who owes the next move. */
  owedBy: BlockerParty;
  raisedOn: CivilDate;
  dueOn: CivilDate | null;
  status: BlockerStatus;
  resolvedOn: CivilDate | null;
  ownerUserId: string | null;
  createdAt: string;
  version: number;
}

/** A provider supplier's change-freeze window (null provider: applies to every journey). */
export interface ChangeFreezeDto {
  id: string;
  providerSupplierId: ProviderSupplierKey | null;
  startsOn: CivilDate;
  endsOn: CivilDate;
  reason: string;
  createdAt: string;
  version: number;
}

export interface JourneyDetailDto extends JourneyDto {
  stages: StageDto[];
  blockers: BlockingItemDto[];
  freezes: ChangeFreezeDto[];
  overrides: GateOverrideDto[];
}

/** GET, PUT and DELETE /api/journeys/:id/follow: whether the signed-in member follows the journey. */
export interface JourneyFollowStateDto {
  following: boolean;
}

/** Shortest accepted gate-override justification and withdrawal reason (the API refuses shorter). */
export const OVERRIDE_JUSTIFICATION_MIN_LENGTH = 10;
export const WITHDRAW_REASON_MIN_LENGTH = 3;

/** POST /api/journeys/:id/stages/:key/:action (action spelt with dashes: wait-nhs-england). */
export interface StageActionRequest {
  /** The day it happened, when back-dating; defaults to today (Europe/London). */
  on?: CivilDate;
  /** Required to skip. */
  reason?: string;
  /** Org admins only: proceed despite unmet criteria; recorded, audited and shown on the journey. */
  override?: { justification: string };
}

export const STAGE_ACTION_PATHS: Record<StageAction, string> = {
  start: 'start',
  complete: 'complete',
  skip: 'skip',
  reopen: 'reopen',
  wait_nhs_england: 'wait-nhs-england',
  wait_provider: 'wait-provider',
  block: 'block',
  resume: 'resume',
};

export interface PortfolioColumn {
  /** A provider supplier key, or a GP Connect mechanism key. */
  id: string;
  kind: 'provider' | 'gp_connect';
  label: string;
  unconfirmed: boolean;
}

export interface PortfolioCell {
  journeyId: string;
  mechanismId: MechanismKey;
  mechanismName: string;
  stageKey: string;
  stageName: string;
  status: JourneyStatus;
  statusColour: StatusColour | null;
  forecastGoLive: CivilDate | null;
  targetGoLive: CivilDate | null;
  /** The journey's SCAL requirements counted by status (untouched rows are not started); null without a SCAL. */
  scal: { total: number; byStatus: Record<ScalRequirementStatus, number> } | null;
}

/** GET /api/portfolio: one row per product, one column per provider supplier and GP Connect capability. */
export interface PortfolioDto {
  asOf: CivilDate;
  columns: PortfolioColumn[];
  rows: { productId: string; productName: string; cells: Record<string, PortfolioCell[]> }[];
}

/** Part of GET/PUT /api/organisation. */
export interface StatusThresholdsDto {
  atRiskWithinWorkingDays: number;
  lateAfterWorkingDays: number;
}
