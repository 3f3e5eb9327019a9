import { Injectable } from '@nestjs/common';
import { permissionsOf } from '@pairline/contracts';
import { addDays, BASELINE_SCAL_TEMPLATE, templateRequirements, WorkingDayCalendar, type MechanismKey, type MedicalDeviceStatus, type ProviderSupplierKey, type StageAction } from '@pairline/domain';
import type { Actor } from '../auth/actor';
import { BlockingItemsService } from '../blocking-items/blocking-items.service';
import { Clock } from '../calendar/calendar.module';
import { ChangeFreezesService } from '../change-freezes/change-freezes.service';
import { JourneysService } from '../journeys/journeys.service';
import { ProductsService } from '../products/products.service';
import { DemoHazardLog } from './demo-hazard-log';
import { ScalTemplatesService } from '../scal-templates/scal-templates.service';
import { ScalsService } from '../scals/scals.service';

interface DemoJourney {
  mechanism: MechanismKey;
  provider?: ProviderSupplierKey;
  /** Target go-live, in working days from today (negative: already past). */
  targetIn: number;
  /** Stages to complete, in order, and how many working days ago the first one started. */
  done: number;
  startedAgo: number;
  /** What the next stage is doing now. */
  then?: Extract<StageAction, 'start' | 'wait_nhs_england' | 'wait_provider' | 'block'>;
  blocker?: { title: string; owedBy: 'us' | 'nhs_england' | 'provider'; dueIn: number };
}

const PRODUCTS: { name: string; productVersion: string; useCase: string; intendedUsers: string; medicalDeviceStatus: MedicalDeviceStatus; journeys: DemoJourney[] }[] = [
  {
    name: 'CarePlan Connect',
    productVersion: '3.2',
    useCase: 'Patients view their care plan and book follow-ups; the practice sees what was booked in the GP record.',
    intendedUsers: 'Patients; practice reception staff',
    medicalDeviceStatus: 'not_a_medical_device',
    journeys: [
      { mechanism: 'im1_transaction', provider: 'optum', targetIn: -20, done: 9, startedAgo: 230 },
      { mechanism: 'im1_transaction', provider: 'tpp', targetIn: 125, done: 4, startedAgo: 150, then: 'wait_provider' },
      { mechanism: 'im1_patient', provider: 'medicus', targetIn: 40, done: 2, startedAgo: 70, then: 'start' },
    ],
  },
  {
    name: 'Practice Insights',
    productVersion: '1.8',
    useCase: 'Population-health dashboards for practices from a nightly extract of coded records.',
    intendedUsers: 'GPs; practice managers; PCN analysts',
    medicalDeviceStatus: 'class_i',
    journeys: [
      {
        mechanism: 'im1_bulk',
        provider: 'optum',
        targetIn: 75,
        done: 5,
        startedAgo: 180,
        then: 'wait_nhs_england',
        blocker: { title: 'Penetration-test mitigation report for two medium findings', owedBy: 'us', dueIn: 15 },
      },
      { mechanism: 'im1_bulk', provider: 'tpp', targetIn: 240, done: 0, startedAgo: 0 },
      { mechanism: 'gpc_access_record_structured', targetIn: 170, done: 4, startedAgo: 90, then: 'start' },
    ],
  },
  {
    name: 'Referral Hub',
    productVersion: '0.9',
    useCase: 'Sends discharge and referral letters into the GP record.',
    intendedUsers: 'Hospital and community clinicians',
    medicalDeviceStatus: 'undetermined',
    journeys: [
      { mechanism: 'gpc_send_document', targetIn: 120, done: 3, startedAgo: 60, then: 'start' },
      { mechanism: 'im1_partner', provider: 'optum', targetIn: 240, done: 0, startedAgo: 10, then: 'start' },
    ],
  },
];

/**
 * Demo journeys across EMIS, TPP and Medicus at different stages (one live, some late, one held by
 * an information request), made through the same services and audit trail as real work, with
 * back-dated stage dates so forecasts and colours look like a real portfolio on any day.
 */
@Injectable()
export class DemoJourneys {
  constructor(
    private readonly products: ProductsService,
    private readonly journeys: JourneysService,
    private readonly blockers: BlockingItemsService,
    private readonly freezes: ChangeFreezesService,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly scalTemplates: ScalTemplatesService,
    private readonly scals: ScalsService,
    private readonly hazardLogs: DemoHazardLog,
  ) {}

  /**
   * A journey the demo takes past supported testing needs its SCAL fully completed (and agreed, past
   * assurance), as a real one would: answered from the baseline and, where agreed, accepted row by row.
   */
  private async attachScal(actor: Actor, templateId: string, journeyId: string, agreed: boolean): Promise<void> {
    const scal = await this.scals.create(actor, { templateId, journeyIds: [journeyId] });
    for (const requirement of templateRequirements(BASELINE_SCAL_TEMPLATE)) {
      await this.scals.update(actor, scal.id, requirement.identifier, { response: 'compliant', version: 0 });
    }
    const statuses = agreed ? (['ready_for_review', 'submitted', 'accepted'] as const) : (['ready_for_review'] as const);
    for (const status of statuses) await this.scals.bulk(actor, scal.id, { filter: {}, set: { status } });
  }

  async seed(organisationId: string, lead: { userId: string; email: string }, cso?: { userId: string; email: string; name: string }): Promise<void> {
    const actor: Actor = { ...lead, organisationId, role: 'compliance_lead', permissions: permissionsOf('compliance_lead'), via: 'session', sessionId: null, tokenId: null, requestId: 'demo-seed', ip: null };
    const today = this.clock.today();
    // Counted from the last working day, so "0 working days ago" is never a future Monday at a weekend.
    let lastWorkingDay = today;
    while (!this.calendar.isWorkingDay(lastWorkingDay)) lastWorkingDay = addDays(lastWorkingDay, -1);
    const day = (workingDays: number) => this.calendar.addWorkingDays(lastWorkingDay, workingDays);
    await this.freezes.create(actor, { providerSupplierId: 'tpp', startsOn: day(15), endsOn: day(30), reason: 'TPP year-end change freeze (demo)' });
    let scalTemplateId: string | null = null;
    for (const product of PRODUCTS) {
      const { journeys, ...fields } = product;
      const created = await this.products.create(actor, { ...fields, ownerUserId: lead.userId });
      // Assurance needs the product's hazard log approved by its CSO (IM1 v3, GP Connect Structured v2).
      if (cso && journeys.some((j) => j.done >= 6)) await this.hazardLogs.seed(organisationId, created.id, cso);
      for (const plan of journeys) {
        let journey = await this.journeys.create(actor, { productId: created.id, mechanismId: plan.mechanism, providerSupplierId: plan.provider ?? null, ownerUserId: lead.userId, targetGoLive: day(plan.targetIn) });
        const past = journey.stages.slice(0, plan.done).map((s) => s.key);
        const started = plan.then ? journey.stages[plan.done]?.key : undefined;
        if (past.includes('supported_test') || started === 'supported_test') {
          scalTemplateId ??= (await this.scalTemplates.copyBaseline(actor)).id;
          await this.attachScal(actor, scalTemplateId, journey.id, past.includes('assurance'));
        }
        let cursor = -plan.startedAgo;
        const mainStages = journey.stages.filter((s) => !s.track);
        for (const stage of mainStages.slice(0, plan.done)) {
          const span = Math.max(1, Math.round((stage.durationWorkingDays * plan.startedAgo) / Math.max(1, mainStages.slice(0, plan.done).reduce((n, s) => n + s.durationWorkingDays, 0))));
          journey = await this.journeys.stageAction(actor, journey.id, stage.key, 'start', { on: day(cursor) });
          if (stage.routes.length) journey = await this.journeys.updateStage(actor, journey.id, stage.key, { route: stage.routes[0].key, version: journey.stages.find((s) => s.key === stage.key)!.version });
          for (const item of journey.stages.find((s) => s.key === stage.key)!.checklist) {
            if (!item.route || item.route === (stage.routes[0]?.key ?? null)) journey = await this.journeys.setChecklist(actor, journey.id, stage.key, item.key, true);
          }
          cursor = Math.min(0, cursor + span);
          journey = await this.journeys.stageAction(actor, journey.id, stage.key, 'complete', { on: day(cursor) });
        }
        const next = mainStages[plan.done];
        if (plan.then && next) {
          journey = await this.journeys.stageAction(actor, journey.id, next.key, 'start', { on: day(cursor) });
          if (plan.then !== 'start') journey = await this.journeys.stageAction(actor, journey.id, next.key, plan.then, { on: day(Math.min(0, cursor + 2)) });
        }
        if (plan.blocker && next) {
          await this.blockers.create(actor, { journeyId: journey.id, stageKey: next.key, title: plan.blocker.title, owedBy: plan.blocker.owedBy, raisedOn: day(-3), dueOn: day(plan.blocker.dueIn) });
        }
      }
    }
  }
}
