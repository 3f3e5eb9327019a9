import fc from 'fast-check';
import { addDays } from '../calendar/civil-date';
import { WorkingDayCalendar } from '../calendar/working-days';
import { journeyOutlook, type OutlookContext } from './outlook';
import { instantiateStages, type StageState } from './stage-state';
import { DEFAULT_STATUS_THRESHOLDS } from './status-colour';
import { findTemplate, predecessorsOf, type JourneyTemplate } from './templates';

const calendar = new WorkingDayCalendar();
const TODAY = '2026-11-23'; // a Monday
const IM1 = findTemplate('im1', 1)!;
const THREE_GATES = findTemplate('gpc_three_gates', 1)!;
const STRUCTURED = findTemplate('gpc_structured', 1)!;

const context = (extra: Partial<OutlookContext> = {}): OutlookContext => ({
  today: TODAY,
  calendar,
  thresholds: DEFAULT_STATUS_THRESHOLDS,
  targetGoLive: null,
  freezes: [],
  blockers: [],
  ...extra,
});
const fresh = (template: JourneyTemplate) => ({ withdrawn: false, stages: instantiateStages(template) });
const sumOfDurations = (template: JourneyTemplate, keys = template.stages.map((s) => s.key)) =>
  template.stages.filter((s) => keys.includes(s.key)).reduce((sum, s) => sum + s.durationWorkingDays, 0);

/** Every stage done, one after the other, from `from`, each taking its default duration. */
function allDone(template: JourneyTemplate, from: string) {
  let day = from;
  const stages = instantiateStages(template).map((s): StageState => {
    const start = day;
    day = calendar.addWorkingDays(start, s.durationWorkingDays);
    return { ...s, status: 'done', actualStart: start, actualEnd: day };
  });
  return { withdrawn: false, stages };
}

describe('journeyOutlook', () => {
  it('forecasts a fresh IM1 journey live the sum of its default durations in working days from today', () => {
    const outlook = journeyOutlook(IM1, fresh(IM1), context());
    expect(sumOfDurations(IM1)).toBe(205);
    expect(outlook.forecastGoLive).toBe(calendar.addWorkingDays(TODAY, 205));
    expect(outlook).toMatchObject({ status: 'not_started', currentStageKey: 'prerequisites', statusColour: null });
    // One stage after another, each starting where the previous one ends.
    let cursor = TODAY;
    outlook.stages.forEach((stage, i) => {
      expect(stage).toEqual({ key: IM1.stages[i].key, forecastStart: cursor, forecastEnd: calendar.addWorkingDays(cursor, IM1.stages[i].durationWorkingDays), actual: false, sla: null });
      cursor = stage.forecastEnd!;
    });
  });

  it('colours the forecast against the target', () => {
    const goLive = calendar.addWorkingDays(TODAY, 205);
    expect(journeyOutlook(IM1, fresh(IM1), context({ targetGoLive: calendar.addWorkingDays(goLive, 30) })).statusColour).toBe('on_track');
    expect(journeyOutlook(IM1, fresh(IM1), context({ targetGoLive: calendar.addWorkingDays(goLive, 5) })).statusColour).toBe('at_risk');
    expect(journeyOutlook(IM1, fresh(IM1), context({ targetGoLive: calendar.addWorkingDays(goLive, -1) })).statusColour).toBe('late');
    expect(journeyOutlook(IM1, fresh(IM1), context({ targetGoLive: goLive, thresholds: { atRiskWithinWorkingDays: 0, lateAfterWorkingDays: 0 } })).statusColour).toBe('on_track');
  });

  it('gives a live journey its actual live date and no colour', () => {
    const journey = allDone(IM1, '2025-06-02');
    const live = journey.stages[journey.stages.length - 1];
    const outlook = journeyOutlook(IM1, journey, context({ targetGoLive: '2025-01-06' }));
    expect(outlook).toMatchObject({ status: 'live', forecastGoLive: live.actualEnd, statusColour: null, currentStageKey: 'live' });
    expect(outlook.stages.every((s, i) => s.actual && s.forecastStart === journey.stages[i].actualStart && s.forecastEnd === journey.stages[i].actualEnd)).toBe(true);
  });

  it('gives a withdrawn journey no forecast and no colour', () => {
    const outlook = journeyOutlook(IM1, { ...fresh(IM1), withdrawn: true }, context({ targetGoLive: '2027-01-04' }));
    expect(outlook).toMatchObject({ status: 'withdrawn', forecastGoLive: null, statusColour: null });
    // The stage forecasts are still there for the timeline.
    expect(outlook.stages[0].forecastStart).toBe(TODAY);
  });

  it('keeps the actuals of finished stages and forecasts the rest from today', () => {
    const stages = instantiateStages(IM1).map((s): StageState => {
      if (s.key === 'prerequisites') return { ...s, status: 'done', actualStart: '2026-09-01', actualEnd: '2026-09-22' };
      if (s.key === 'stage_one_scal') return { ...s, status: 'in_progress', actualStart: '2026-09-22' };
      return s;
    });
    const outlook = journeyOutlook(IM1, { withdrawn: false, stages }, context());
    expect(outlook.status).toBe('in_progress');
    expect(outlook.currentStageKey).toBe('stage_one_scal');
    expect(outlook.stages[0]).toMatchObject({ forecastStart: '2026-09-01', forecastEnd: '2026-09-22', actual: true });
    // 20 working days from 22 September ends before today: it ends today at the earliest.
    expect(outlook.stages[1]).toMatchObject({ forecastStart: '2026-09-22', forecastEnd: TODAY, actual: false });
    expect(outlook.forecastGoLive).toBe(calendar.addWorkingDays(TODAY, sumOfDurations(IM1) - 15 - 20));
  });

  it('holds the go-live for change freezes and open blocking items', () => {
    const goLive = calendar.addWorkingDays(TODAY, 205);
    const frozen = journeyOutlook(IM1, fresh(IM1), context({ freezes: [{ from: addDays(goLive, -3), to: addDays(goLive, 10) }] }));
    expect(frozen.forecastGoLive).toBe(calendar.addWorkingDays(addDays(goLive, 11), 0));
    const held = journeyOutlook(IM1, fresh(IM1), context({ blockers: [{ stageKey: 'prerequisites', dueDate: calendar.addWorkingDays(TODAY, 25) }] }));
    expect(held.stages[0].forecastEnd).toBe(calendar.addWorkingDays(TODAY, 25));
    expect(held.forecastGoLive).toBe(calendar.addWorkingDays(TODAY, 215));
  });

  it('shows the SLA clock of a stage waiting on NHS England', () => {
    const stages = instantiateStages(THREE_GATES).map((s): StageState => {
      if (['use_case', 'prerequisites', 'development', 'gate_1'].includes(s.key)) return { ...s, status: 'done', actualStart: '2026-06-01', actualEnd: '2026-11-02' };
      if (s.key === 'gate_2') return { ...s, status: 'waiting_nhs_england', actualStart: '2026-11-02', waitingSince: '2026-11-16' };
      return s;
    });
    const outlook = journeyOutlook(THREE_GATES, { withdrawn: false, stages }, context());
    expect(outlook.stages.find((s) => s.key === 'gate_2')!.sla).toMatchObject({ label: 'INT access', slaWorkingDays: 5, elapsedWorkingDays: 5, state: 'due_today', dueOn: TODAY });
    expect(outlook.stages.filter((s) => s.sla).map((s) => s.key)).toEqual(['gate_2']);
  });

  it('runs the Structured clinical track in parallel with the gates', () => {
    const outlook = journeyOutlook(STRUCTURED, fresh(STRUCTURED), context());
    const byKey = new Map(outlook.stages.map((s) => [s.key, s]));
    const clinical = ['clinical_initial_meeting', 'clinical_readiness_review', 'clinical_deployment_evaluation'];
    const clinicalDays = sumOfDurations(STRUCTURED, clinical);
    expect(clinicalDays).toBe(45);
    // The clinical track starts once the use case is approved (15 working days), beside the prerequisites.
    expect(byKey.get('clinical_initial_meeting')!.forecastStart).toBe(calendar.addWorkingDays(TODAY, 15));
    expect(byKey.get('clinical_deployment_evaluation')!.forecastEnd).toBe(calendar.addWorkingDays(TODAY, 15 + 45));
    // Technical Conformance starts when the longer branch (the gates) ends.
    expect(byKey.get('technical_conformance')!.forecastStart).toBe(byKey.get('gate_4')!.forecastEnd);
    expect(outlook.forecastGoLive).toBe(calendar.addWorkingDays(TODAY, sumOfDurations(STRUCTURED) - clinicalDays));
    expect(outlook.forecastGoLive).not.toBe(calendar.addWorkingDays(TODAY, sumOfDurations(STRUCTURED)));
  });

  it('waits for the clinical track when it is the longer branch', () => {
    const stages = instantiateStages(STRUCTURED).map((s) => (s.key === 'clinical_readiness_review' ? { ...s, durationWorkingDays: 200 } : s));
    const outlook = journeyOutlook(STRUCTURED, { withdrawn: false, stages }, context());
    const byKey = new Map(outlook.stages.map((s) => [s.key, s]));
    expect(byKey.get('technical_conformance')!.forecastStart).toBe(byKey.get('clinical_deployment_evaluation')!.forecastEnd);
    expect(outlook.forecastGoLive).toBe(calendar.addWorkingDays(TODAY, 15 + 10 + 200 + 15 + 10 + 10 + 10));
  });
});

describe('journeyOutlook properties', () => {
  const day = fc.integer({ min: 0, max: 900 }).map((n) => addDays('2025-01-01', n));
  const MAIN_BEFORE_TC = ['prerequisites', 'development', 'gate_1', 'gate_2', 'gate_3', 'gate_4'];
  const CLINICAL = ['clinical_initial_meeting', 'clinical_readiness_review', 'clinical_deployment_evaluation'];
  const AFTER = ['technical_conformance', 'connection_agreement', 'live'];

  it('in the Structured template, forecasts go-live along the longer branch, never the sum of all durations', () => {
    const durations = fc.array(fc.integer({ min: 1, max: 60 }), { minLength: STRUCTURED.stages.length, maxLength: STRUCTURED.stages.length });
    fc.assert(
      fc.property(day, durations, (today, days) => {
        const stages = instantiateStages(STRUCTURED).map((s, i) => ({ ...s, durationWorkingDays: days[i] }));
        const d = (keys: string[]) => stages.filter((s) => keys.includes(s.key)).reduce((sum, s) => sum + s.durationWorkingDays, 0);
        const criticalPath = d(['use_case']) + Math.max(d(MAIN_BEFORE_TC), d(CLINICAL)) + d(AFTER);
        const total = d(stages.map((s) => s.key));
        const { forecastGoLive } = journeyOutlook(STRUCTURED, { withdrawn: false, stages }, context({ today }));
        expect(forecastGoLive).toBe(calendar.addWorkingDays(today, criticalPath));
        expect(forecastGoLive! < calendar.addWorkingDays(today, total)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  /** A journey part-way through: stages done in dependency order with actual dates, some started, today after all of it. */
  const progress = fc
    .tuple(
      day,
      fc.array(fc.record({ choice: fc.constantFrom('done', 'done', 'in_progress', 'waiting_provider', 'not_started'), gap: fc.integer({ min: 0, max: 15 }), length: fc.integer({ min: 0, max: 60 }) }), {
        minLength: STRUCTURED.stages.length,
        maxLength: STRUCTURED.stages.length,
      }),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(([origin, picks, wait]) => {
      const stages: StageState[] = [];
      instantiateStages(STRUCTURED).forEach((s, i) => {
        const before = predecessorsOf(STRUCTURED, s.key).map((k) => stages.find((x) => x.key === k)!);
        const pick = picks[i];
        if (!before.every((b) => b.status === 'done') || pick.choice === 'not_started') return stages.push(s);
        const ready = before.reduce((max, b) => (b.actualEnd! > max ? b.actualEnd! : max), origin);
        const actualStart = addDays(ready, pick.gap);
        if (pick.choice === 'done') return stages.push({ ...s, status: 'done', actualStart, actualEnd: addDays(actualStart, pick.length) });
        return stages.push({ ...s, status: pick.choice, actualStart, waitingSince: pick.choice === 'waiting_provider' ? actualStart : null });
      });
      const latest = stages.flatMap((s) => [s.actualStart, s.actualEnd]).reduce<string>((max, d) => (d && d > max ? d : max), origin);
      return { stages, today: addDays(latest, wait) };
    });

  it('never forecasts before the actuals, before today, or before what a stage follows', () => {
    fc.assert(
      fc.property(progress, ({ stages, today }) => {
        const outlook = journeyOutlook(STRUCTURED, { withdrawn: false, stages }, context({ today }));
        const lastActualEnd = stages.reduce((max, s) => (s.actualEnd && s.actualEnd > max ? s.actualEnd : max), '');
        const byKey = new Map(outlook.stages.map((s) => [s.key, s]));
        outlook.stages.forEach((forecast, i) => {
          const stage = stages[i];
          if (stage.status === 'done') {
            expect(forecast).toMatchObject({ actual: true, forecastStart: stage.actualStart, forecastEnd: stage.actualEnd });
            return;
          }
          expect(forecast.actual).toBe(false);
          expect(forecast.forecastEnd! >= today).toBe(true);
          expect(forecast.forecastEnd! >= forecast.forecastStart!).toBe(true);
          expect(forecast.forecastEnd! >= lastActualEnd).toBe(true);
          if (stage.status === 'not_started') {
            expect(forecast.forecastStart! >= lastActualEnd).toBe(true);
            for (const before of predecessorsOf(STRUCTURED, stage.key)) expect(forecast.forecastStart! >= byKey.get(before)!.forecastEnd!).toBe(true);
          } else {
            expect(forecast.forecastStart).toBe(stage.actualStart);
          }
        });
        if (outlook.status === 'live') expect(outlook.forecastGoLive).toBe(stages[stages.length - 1].actualEnd);
        else expect(outlook.forecastGoLive! >= today && outlook.forecastGoLive! >= lastActualEnd).toBe(true);
      }),
    );
  });
});
