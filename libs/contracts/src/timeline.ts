import type { CivilDate, GoLiveAccuracy, JourneyStatus, MechanismKey, ProviderSupplierKey, StageStatus, StatusColour } from '@pairline/domain';

/** One stage bar of a timeline row: what was planned, what happened, what is forecast. */
export interface TimelineStageDto {
  key: string;
  name: string;
  /** `rtc` (Recommended to Connect) and `live` draw as diamonds. */
  milestone: 'rtc' | 'live' | null;
  status: StageStatus;
  plannedStart: CivilDate | null;
  plannedEnd: CivilDate | null;
  actualStart: CivilDate | null;
  actualEnd: CivilDate | null;
  /** Actual dates for finished stages, else the forecast (see libs/domain forecastJourney). */
  forecastStart: CivilDate | null;
  forecastEnd: CivilDate | null;
  /** Present when a baseline is selected: the dates the baseline expected. */
  baselineStart: CivilDate | null;
  baselineEnd: CivilDate | null;
  /** Working days the stage's finish moved against the baseline (positive = later); null without one. */
  slip: number | null;
}

export interface TimelineMarkerDto {
  id: string;
  title: string;
  stageKey: string | null;
  raisedOn: CivilDate;
  dueOn: CivilDate | null;
}

export interface TimelineJourneyDto {
  journeyId: string;
  mechanismId: MechanismKey;
  mechanismName: string;
  providerSupplierId: ProviderSupplierKey | null;
  /** The row label: provider system (e.g. "EMIS Web") or the GP Connect capability. */
  label: string;
  status: JourneyStatus;
  statusColour: StatusColour | null;
  targetGoLive: CivilDate | null;
  forecastGoLive: CivilDate | null;
  /** Go-live slip against the selected baseline, in working days. */
  goLiveSlip: number | null;
  /** The stage whose own finish slipped most against the baseline: where to look first. */
  worstStageKey: string | null;
  /** True when the journey did not exist when the baseline was saved. */
  notInBaseline: boolean;
  stages: TimelineStageDto[];
  /** Open blocking items, drawn as markers on their stage. */
  blockers: TimelineMarkerDto[];
}

export interface TimelineProductDto {
  productId: string;
  productName: string;
  journeys: TimelineJourneyDto[];
}

export interface TimelineFreezeDto {
  id: string;
  /** Null: applies to every provider. */
  providerSupplierId: ProviderSupplierKey | null;
  from: CivilDate;
  to: CivilDate;
  reason: string;
}

/** GET /api/timeline?productId=&providerSupplierId=&mechanismId=&statusColour=&baselineId= */
export interface TimelineDto {
  asOf: CivilDate;
  baseline: TimelineBaselineDto | null;
  products: TimelineProductDto[];
  freezes: TimelineFreezeDto[];
  /** First and last date any bar or marker needs, so the client can fit the view. */
  range: { from: CivilDate; to: CivilDate } | null;
}

/** GET /api/timeline-baselines item; POST /api/timeline-baselines { name, note? } saves one. */
export interface TimelineBaselineDto {
  id: string;
  name: string;
  note: string | null;
  /** The day the baseline froze the plan. */
  asOf: CivilDate;
  journeyCount: number;
  createdAt: string;
  createdByName: string | null;
}

export interface TimelineBaselineInput {
  name: string;
  note?: string | null;
}

/** GET /api/journeys/:id/forecast-history: one stored point per day, compacted to the changes. */
export interface ForecastHistoryDto {
  journeyId: string;
  points: { asOf: CivilDate; forecastGoLive: CivilDate | null; drift: number | null }[];
  totalDrift: number | null;
  maxAbsDrift: number;
  changes: number;
}

/** GET /api/dashboard: the home page's figures, scoped to what the caller may read. */
export interface DashboardDto {
  asOf: CivilDate;
  journeysByStage: { stageName: string; count: number }[];
  journeysByColour: { on_track: number; at_risk: number; late: number; live: number; unknown: number };
  goLivesNext90Days: { journeyId: string; productName: string; label: string; forecastGoLive: CivilDate; statusColour: StatusColour | null }[];
  overdue: {
    stages: number;
    blockingItems: number;
    /** Null when the feature is not available to this organisation yet. */
    scalRequirements: number | null;
    evidenceExpiring: number | null;
  };
  /** Live journeys: planned (target) vs actual go-live. */
  forecastAccuracy: { journeyId: string; label: string; productName: string; planned: CivilDate; actual: CivilDate; errorWorkingDays: number; verdict: GoLiveAccuracy }[];
  /** Open journeys: how far the forecast moved over the last 90 days of snapshots. */
  forecastDrift: { journeyId: string; label: string; productName: string; totalDrift: number; changes: number }[];
  /** Share of each journey's SCAL requirements accepted or not applicable; null without SCALs. */
  scalCompletion: { journeyId: string; label: string; productName: string; done: number; total: number }[] | null;
  /** Hazards not closed or withdrawn, counted by residual rating 1–5 (CSO view; unrated ones left out). */
  hazardsByResidualRating: { rating: number; count: number }[] | null;
  /** Hazard log versions issued and not yet approved by the CSO. */
  pendingApprovals: number | null;
  /** Hazards (not withdrawn) whose next review date has passed. */
  hazardReviewsDue: number;
  /** The caller's own overdue and due-soon items (compliance lead view). */
  /** `title` of a SCAL requirement is its identifier; `journeyId` one journey its SCAL belongs to. */
  myItems: { kind: 'stage' | 'blocking_item' | 'scal_requirement'; id: string; journeyId: string | null; title: string; dueOn: CivilDate; overdue: boolean }[];
}

/** GET /api/executive-reports item; POST /api/executive-reports generates one now. */
export interface ExecutiveReportDto {
  id: string;
  /** The month reported on, "YYYY-MM". */
  period: string;
  asOf: CivilDate;
  trigger: 'on_demand' | 'scheduled';
  generatedByName: string | null;
  /** When the previous report's plan was saved: the slips in this one are measured from it. */
  comparedWithAsOf: CivilDate | null;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}
