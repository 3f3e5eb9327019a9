import type { TimelineDto, TimelineJourneyDto, TimelineStageDto } from '@pairline/contracts';
import type { StageStatus } from '@pairline/domain';
import { formatCivilDate } from '../common/format';
import { STAGE_STATUS_LABELS, STATUS_COLOUR_LABELS } from '../journeys/labels';
import { dayNumber, type TimeScale } from './scale';

/**
 * Everything the timeline draws, worked out once per data set and zoom as plain numbers, so the SVG
 * is a flat list of elements without any per-bar component or state. Hover and click find their
 * target through the `tip` key each shape carries (see `describeTip`).
 */

export const PRODUCT_ROW_HEIGHT = 28;
export const JOURNEY_ROW_HEIGHT = 30;
/** Inside a journey row: blocker markers on top, the bar in the middle, the plan or baseline underneath. */
export const BAR_TOP = 8;
export const BAR_HEIGHT = 12;
export const PLAN_TOP = 22;
export const PLAN_HEIGHT = 5;

export const COLOURS = {
  text: '#212B32',
  muted: '#4C6272',
  grid: '#E8EDEE',
  gridMajor: '#AEB7BD',
  productRow: '#F0F4F5',
  today: '#D5281B',
  plan: '#4C6272',
  baseline: '#330072',
  freeze: '#FFB81C',
  blocker: '#D5281B',
  live: '#007F3B',
  late: '#D5281B',
  atRisk: '#ED8B00',
  onTrack: '#007F3B',
  early: '#007F3B',
  none: '#768692',
} as const;

/** Solid bars by stage status: what happened. Forecasts use the lighter hatched fill of the same hue. */
export const STATUS_FILL: Record<StageStatus, string> = {
  done: '#005EB8',
  in_progress: '#005EB8',
  waiting_nhs_england: '#7C2855',
  waiting_provider: '#7C2855',
  blocked: '#D5281B',
  not_started: '#005EB8',
  skipped: '#AEB7BD',
};

export type RowModel =
  | { kind: 'product'; y: number; productId: string; name: string; count: number }
  | { kind: 'journey'; y: number; productName: string; journey: TimelineJourneyDto };

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  tip: string;
}
export interface FillRect extends Rect {
  fill: string;
}
export interface Point {
  x: number;
  y: number;
  tip: string;
}

export interface TimelineLayout {
  rows: RowModel[];
  height: number;
  /** Journey row index → row, for tooltips and clicks. */
  journeyRows: Extract<RowModel, { kind: 'journey' }>[];
  plans: Rect[];
  actuals: FillRect[];
  forecasts: FillRect[];
  /** Milestones (RTC, Live): filled once reached, hollow while forecast. */
  milestones: (Point & { reached: boolean; kind: 'rtc' | 'live' })[];
  baselineMilestones: Point[];
  targets: Point[];
  blockers: Point[];
  freezes: Rect[];
  today: number;
  /** One path for every journey row's bottom line, and one for every plan bar: thousands fewer elements. */
  rowLines: (width: number) => string;
  planPath: string;
}

/** The dates a bar spans, end inclusive, as pixel edges: [x of start, x of the day after end). */
function span(scale: TimeScale, start: string, end: string): { x: number; w: number } {
  const x = scale.x(dayNumber(start));
  const x2 = scale.x(dayNumber(end) + 1);
  // One pixel apart so consecutive stages stay distinguishable; never thinner than a hairline.
  return { x, w: Math.max(1.5, x2 - x - 1) };
}

const forecastFill = (stage: TimelineStageDto) => (stage.status === 'blocked' ? 'blocked' : stage.status.startsWith('waiting') ? 'waiting' : 'forecast');

export function layoutTimeline(data: TimelineDto, scale: TimeScale): TimelineLayout {
  const today = dayNumber(data.asOf);
  const todayX = scale.x(today);
  const rows: RowModel[] = [];
  const journeyRows: TimelineLayout['journeyRows'] = [];
  const plans: Rect[] = [];
  const actuals: FillRect[] = [];
  const forecasts: FillRect[] = [];
  const milestones: TimelineLayout['milestones'] = [];
  const baselineMilestones: Point[] = [];
  const targets: Point[] = [];
  const blockers: Point[] = [];
  const freezes: Rect[] = [];
  const withBaseline = data.baseline !== null;
  let y = 0;

  for (const product of data.products) {
    rows.push({ kind: 'product', y, productId: product.productId, name: product.productName, count: product.journeys.length });
    y += PRODUCT_ROW_HEIGHT;
    for (const journey of product.journeys) {
      const r = journeyRows.length;
      const row = { kind: 'journey' as const, y, productName: product.productName, journey };
      rows.push(row);
      journeyRows.push(row);
      journey.stages.forEach((stage, s) => {
        const tip = `s:${r}:${s}`;
        const planStart = withBaseline ? stage.baselineStart : stage.plannedStart;
        const planEnd = withBaseline ? stage.baselineEnd : stage.plannedEnd;
        if (planStart && planEnd) plans.push({ ...span(scale, planStart, planEnd), y: y + PLAN_TOP, h: PLAN_HEIGHT, tip });
        else if (planEnd) plans.push({ ...span(scale, planEnd, planEnd), y: y + PLAN_TOP, h: PLAN_HEIGHT, tip });
        if (stage.status === 'skipped') return;
        if (stage.actualStart) {
          const end = stage.actualEnd ?? (today >= dayNumber(stage.actualStart) ? data.asOf : stage.actualStart);
          actuals.push({ ...span(scale, stage.actualStart, end), y: y + BAR_TOP, h: BAR_HEIGHT, fill: STATUS_FILL[stage.status], tip });
          // An unfinished stage: what is left of it, from tomorrow to its forecast finish.
          if (!stage.actualEnd && stage.forecastEnd && dayNumber(stage.forecastEnd) > today) {
            const x = todayX + scale.pxPerDay;
            const x2 = scale.x(dayNumber(stage.forecastEnd) + 1);
            forecasts.push({ x, w: Math.max(1.5, x2 - x - 1), y: y + BAR_TOP, h: BAR_HEIGHT, fill: forecastFill(stage), tip });
          }
        } else if (stage.forecastStart && stage.forecastEnd) {
          forecasts.push({ ...span(scale, stage.forecastStart, stage.forecastEnd), y: y + BAR_TOP, h: BAR_HEIGHT, fill: forecastFill(stage), tip });
        }
        if (stage.milestone) {
          const at = stage.actualEnd ?? stage.forecastEnd;
          if (at) milestones.push({ x: scale.x(dayNumber(at) + 1), y: y + BAR_TOP + BAR_HEIGHT / 2, tip, reached: stage.actualEnd !== null, kind: stage.milestone });
          if (withBaseline && stage.baselineEnd) baselineMilestones.push({ x: scale.x(dayNumber(stage.baselineEnd) + 1), y: y + PLAN_TOP + PLAN_HEIGHT / 2, tip });
        }
      });
      if (journey.targetGoLive) targets.push({ x: scale.x(dayNumber(journey.targetGoLive) + 1), y, tip: `t:${r}` });
      journey.blockers.forEach((blocker, b) => {
        const at = blocker.dueOn ?? blocker.raisedOn;
        blockers.push({ x: scale.x(dayNumber(at)) + scale.pxPerDay / 2, y: y + 1, tip: `b:${r}:${b}` });
      });
      y += JOURNEY_ROW_HEIGHT;
    }
  }

  // Change freezes: one band over everything when they bind every provider, else over that provider's rows.
  data.freezes.forEach((freeze, f) => {
    const { x, w } = span(scale, freeze.from, freeze.to);
    const band = { x, w: w + 1, tip: `f:${f}` };
    if (freeze.providerSupplierId === null) {
      freezes.push({ ...band, y: 0, h: y });
      return;
    }
    for (const row of journeyRows) {
      if (row.journey.providerSupplierId === freeze.providerSupplierId) freezes.push({ ...band, y: row.y, h: JOURNEY_ROW_HEIGHT });
    }
  });

  const lineYs = journeyRows.map((row) => row.y + JOURNEY_ROW_HEIGHT - 0.5);
  const rowLines = (width: number) => lineYs.map((ly) => `M0 ${ly}H${width}`).join('');
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const planPath = plans.map((p) => `M${r1(p.x)} ${p.y}h${r1(p.w)}v${p.h}h${r1(-p.w)}Z`).join('');
  return { rows, height: y, journeyRows, plans, actuals, forecasts, milestones, baselineMilestones, targets, blockers, freezes, today: todayX, rowLines, planPath };
}

/** "+12 wd", "−3 wd", "on plan". */
export function formatSlip(slip: number | null): string {
  if (slip === null) return '';
  if (slip === 0) return 'on plan';
  return `${slip > 0 ? '+' : '−'}${Math.abs(slip)} wd`;
}

export const slipColour = (slip: number | null) => (slip === null || slip === 0 ? COLOURS.muted : slip > 0 ? COLOURS.late : COLOURS.early);

/** The API's row label already names the provider system and the mechanism (or the GP Connect capability). */
export const journeyLabel = (journey: TimelineJourneyDto) => journey.label;

export interface TipContent {
  title: string;
  lines: string[];
  /** Where a click goes: the journey, and the stage to open on it. */
  journeyId?: string;
  stageKey?: string;
}

const range = (start: string | null, end: string | null) => (start || end ? `${formatCivilDate(start)} – ${formatCivilDate(end)}` : 'none');

/** The tooltip for a shape's `tip` key: built on hover only, never for all 10,000 shapes up front. */
export function describeTip(data: TimelineDto, layout: TimelineLayout, tip: string): TipContent | null {
  const [kind, a, b] = tip.split(':');
  if (kind === 'f') {
    const freeze = data.freezes[Number(a)];
    return freeze ? { title: `Change freeze${freeze.providerSupplierId ? '' : ' (all providers)'}`, lines: [freeze.reason, range(freeze.from, freeze.to)] } : null;
  }
  const row = layout.journeyRows[Number(a)];
  if (!row) return null;
  const journey = row.journey;
  const heading = `${row.productName} · ${journeyLabel(journey)}`;
  if (kind === 't') {
    return { title: heading, lines: [`Target go-live ${formatCivilDate(journey.targetGoLive)}`, `Forecast go-live ${formatCivilDate(journey.forecastGoLive)}`], journeyId: journey.journeyId };
  }
  if (kind === 'b') {
    const blocker = journey.blockers[Number(b)];
    if (!blocker) return null;
    const stage = journey.stages.find((s) => s.key === blocker.stageKey);
    return {
      title: `Blocking item: ${blocker.title}`,
      lines: [heading, stage ? `Holds ${stage.name}` : 'Holds the journey', `Raised ${formatCivilDate(blocker.raisedOn)}`, `Due ${formatCivilDate(blocker.dueOn, 'not set')}`],
      journeyId: journey.journeyId,
      stageKey: blocker.stageKey ?? undefined,
    };
  }
  const stage = journey.stages[Number(b)];
  if (!stage) return null;
  const lines = [heading, `Status: ${STAGE_STATUS_LABELS[stage.status]}`];
  if (stage.plannedStart || stage.plannedEnd) lines.push(`Planned: ${range(stage.plannedStart, stage.plannedEnd)}`);
  if (stage.actualStart || stage.actualEnd) lines.push(`Actual: ${range(stage.actualStart, stage.actualEnd)}`);
  if (!stage.actualEnd && stage.forecastEnd) lines.push(`Forecast: ${range(stage.forecastStart, stage.forecastEnd)}`);
  if (data.baseline) {
    lines.push(`Baseline “${data.baseline.name}”: ${range(stage.baselineStart, stage.baselineEnd)}`);
    lines.push(stage.slip === null ? 'Slip: not comparable' : `Slip: ${formatSlip(stage.slip)}`);
  }
  if (journey.statusColour && stage.milestone === 'live') lines.push(`Outlook: ${STATUS_COLOUR_LABELS[journey.statusColour]}`);
  return { title: `${stage.name}${stage.milestone ? ` (${stage.milestone === 'rtc' ? 'RTC' : 'Live'} milestone)` : ''}`, lines, journeyId: journey.journeyId, stageKey: stage.key };
}
