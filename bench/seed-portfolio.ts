/**
 * A realistic portfolio inserted in bulk as the database owner, shared by the benchmarks: products
 * with four journeys each, at every stage, with blocking items and change freezes.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  addDays,
  civilDateAt,
  deriveJourneyStatus,
  instantiateStages,
  latestTemplateFor,
  WorkingDayCalendar,
  type MechanismKey,
  type ProviderSupplierKey,
  type StageState,
  type StageStatus,
} from '@pairline/domain';

// Data: products, journeys, stages, blocking items and change freezes, inserted in bulk as the
// database owner. Stage rows come from the template exactly as the app instantiates them, then
// are moved along (back-dated) as the stage engine would; statuses are derived by the domain.

/** What products pair on: IM1 as Optum, TPP and Medicus offer it (one unconfirmed Cegedim API), and each GP Connect capability. */
const COMBINATIONS: { mechanism: MechanismKey; provider: ProviderSupplierKey | null }[] = [
  { mechanism: 'im1_patient', provider: 'optum' },
  { mechanism: 'im1_transaction', provider: 'tpp' },
  { mechanism: 'gpc_access_record_structured', provider: null },
  { mechanism: 'im1_bulk', provider: 'medicus' },
  { mechanism: 'im1_transaction', provider: 'optum' },
  { mechanism: 'gpc_send_document', provider: null },
  { mechanism: 'im1_patient', provider: 'tpp' },
  { mechanism: 'im1_patient', provider: 'medicus' },
  { mechanism: 'gpc_access_record_html', provider: null },
  { mechanism: 'im1_bulk', provider: 'optum' },
  { mechanism: 'im1_bulk', provider: 'tpp' },
  { mechanism: 'gpc_access_document', provider: null },
  { mechanism: 'im1_transaction', provider: 'medicus' },
  { mechanism: 'im1_partner', provider: 'optum' },
  { mechanism: 'gpc_update_record', provider: null },
  { mechanism: 'im1_patient', provider: 'cegedim' },
  { mechanism: 'gpc_appointment_management', provider: null },
];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same portfolio. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), chance: (p: number) => next() < p };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SeedCounts {
  products: number;
  journeys: number;
  stages: number;
  blockers: number;
  freezes: number;
  colours?: Record<string, number>;
}

export async function seedPortfolio(ownerUrl: string, organisationId: string, ownerUserId: string, journeyCount: number, seed: number): Promise<SeedCounts> {
  const rnd = random(seed);
  const calendar = new WorkingDayCalendar();
  const today = civilDateAt(new Date());
  let lastWorkingDay = today;
  while (!calendar.isWorkingDay(lastWorkingDay)) lastWorkingDay = addDays(lastWorkingDay, -1);
  const day = (workingDays: number) => calendar.addWorkingDays(lastWorkingDay, workingDays);

  const products: Record<string, unknown>[] = [];
  const journeys: Record<string, unknown>[] = [];
  const stageRows: Record<string, unknown>[] = [];
  const blockers: Record<string, unknown>[] = [];
  const productCount = Math.ceil(journeyCount / 4);
  for (let p = 0; p < productCount; p++) {
    const productId = randomUUID();
    products.push({ id: productId, organisation_id: organisationId, name: `Bench product ${String(p + 1).padStart(3, '0')}`, product_version: `${rnd.int(0, 4)}.${rnd.int(0, 9)}`, owner_user_id: rnd.chance(0.5) ? ownerUserId : null });
    for (let k = 0; k < 4 && journeys.length < journeyCount; k++) {
      const { mechanism, provider } = COMBINATIONS[(p * 4 + k) % COMBINATIONS.length];
      const template = latestTemplateFor(mechanism);
      const stages = instantiateStages(template).map((s) => ({ ...s, checklist: s.checklist.map((i) => ({ ...i })) })) as Mutable<StageState>[];
      const journeyId = randomUUID();
      // Where the journey is: not started, live, or somewhere in between doing one thing.
      const roll = rnd.next();
      const done = roll < 0.1 ? 0 : roll < 0.22 ? stages.length : rnd.int(0, stages.length - 1);
      const started = roll >= 0.1;
      const live = done === stages.length;
      const current: StageStatus = (['in_progress', 'in_progress', 'in_progress', 'waiting_nhs_england', 'waiting_provider', 'blocked'] as const)[rnd.int(0, 5)];
      const spans = stages.map((s) => Math.max(1, Math.round(s.durationWorkingDays * (0.7 + rnd.next() * 0.7))));
      const skipped = stages.map((_, i) => i < done && template.stages[i].skippable !== false && rnd.chance(0.15));
      const elapsed = started && !live ? rnd.int(0, Math.round(stages[done].durationWorkingDays * 1.6)) : 0;
      const sinceLive = live ? rnd.int(0, 60) : 0;
      const doneSpan = spans.slice(0, done).reduce((n, s, i) => n + (skipped[i] ? 0 : s), 0);
      let cursor = -(doneSpan + elapsed + sinceLive);
      for (let i = 0; i < done; i++) {
        const stage = stages[i];
        const spec = template.stages[i];
        if (skipped[i]) {
          Object.assign(stage, { status: 'skipped', actualEnd: day(cursor), skipReason: 'Not needed for this product (bench data).' });
          continue;
        }
        const route = spec.routes?.[rnd.int(0, spec.routes.length - 1)].key ?? null;
        const end = cursor + spans[i];
        Object.assign(stage, {
          status: 'done',
          actualStart: day(cursor),
          actualEnd: day(end),
          route,
          checklist: stage.checklist.map((item) => (!item.route || item.route === route ? { ...item, done: true, doneOn: day(end) } : item)),
        });
        cursor = end;
      }
      if (started && !live) {
        const stage = stages[done];
        const spec = template.stages[done];
        const waiting = current === 'waiting_nhs_england' || current === 'waiting_provider';
        Object.assign(stage, {
          status: current,
          actualStart: day(cursor),
          waitingSince: waiting ? day(cursor + Math.floor(elapsed / 2)) : null,
          route: spec.routes ? spec.routes[0].key : null,
        });
        // Some journeys have the next stage's dates agreed with NHS England or the provider.
        const next = stages[done + 1];
        if (next && rnd.chance(0.15)) {
          const start = rnd.int(5, 60);
          Object.assign(next, { plannedStart: day(start), plannedEnd: day(start + next.durationWorkingDays), pinned: true });
        }
        // Blocked stages, and some others, owe something with a due date (some already past).
        if (current === 'blocked' || rnd.chance(0.2)) {
          const raisedOn = day(cursor + Math.floor(elapsed / 3));
          const dueOn = day(rnd.int(-10, 30));
          blockers.push({
            id: randomUUID(), organisation_id: organisationId, journey_id: journeyId, stage_key: stage.key, title: `Evidence owed for ${stage.name}`,
            owed_by: (['us', 'nhs_england', 'provider'] as const)[rnd.int(0, 2)], raised_on: raisedOn, due_on: dueOn < raisedOn ? raisedOn : dueOn, status: 'open', resolved_on: null,
            owner_user_id: rnd.chance(0.5) ? ownerUserId : null,
          });
        }
      }
      // And some were blocked earlier and resolved.
      if (done > 1 && rnd.chance(0.15)) {
        const earlier = stages.slice(0, done).find((s) => s.status === 'done');
        if (earlier) blockers.push({ id: randomUUID(), organisation_id: organisationId, journey_id: journeyId, stage_key: earlier.key, title: `Clarification for ${earlier.name}`, owed_by: 'provider', raised_on: earlier.actualStart, due_on: earlier.actualEnd, status: 'resolved', resolved_on: earlier.actualEnd, owner_user_id: null });
      }
      const targetGoLive = rnd.chance(0.1) ? null : live ? day(-sinceLive + rnd.int(-20, 20)) : day(rnd.int(-30, 260));
      const createdAt = new Date(Date.now() - (doneSpan + elapsed + sinceLive + rnd.int(1, 10)) * 1.4 * 86_400_000).toISOString();
      journeys.push({
        id: journeyId, organisation_id: organisationId, product_id: productId, mechanism_key: mechanism, provider_key: provider,
        template_key: template.key, template_version: template.version, owner_user_id: rnd.chance(0.6) ? ownerUserId : null,
        target_go_live: targetGoLive, status: deriveJourneyStatus(template, { withdrawn: false, stages }), notes: '', created_at: createdAt, updated_at: createdAt,
      });
      stages.forEach((s, position) =>
        stageRows.push({
          organisation_id: organisationId, journey_id: journeyId, key: s.key, position, name: s.name, status: s.status, planned_start: s.plannedStart, planned_end: s.plannedEnd,
          pinned: s.pinned, actual_start: s.actualStart, actual_end: s.actualEnd, waiting_since: s.waitingSince, duration_working_days: s.durationWorkingDays,
          sla_working_days: s.slaWorkingDays, route: s.route, skip_reason: s.skipReason, owner_user_id: null, checklist: s.checklist, links: [],
        }),
      );
    }
  }
  const freezes = [
    { organisation_id: organisationId, provider_key: null, starts_on: day(20), ends_on: day(30), reason: 'NHS England year-end change freeze' },
    { organisation_id: organisationId, provider_key: 'optum', starts_on: day(8), ends_on: day(14), reason: 'Optum release window' },
    { organisation_id: organisationId, provider_key: 'tpp', starts_on: day(-40), ends_on: day(-30), reason: 'TPP release window (over)' },
  ];

  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const insert = (table: string, columns: string, rows: unknown[]) =>
      client.query(`INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`, [JSON.stringify(rows)]);
    await insert('product', `"id", "organisation_id", "name", "product_version", "owner_user_id"`, products);
    await insert('journey', `"id", "organisation_id", "product_id", "mechanism_key", "provider_key", "template_key", "template_version", "owner_user_id", "target_go_live", "status", "notes", "created_at", "updated_at"`, journeys);
    await insert(
      'journey_stage',
      `"organisation_id", "journey_id", "key", "position", "name", "status", "planned_start", "planned_end", "pinned", "actual_start", "actual_end", "waiting_since", "duration_working_days", "sla_working_days", "route", "skip_reason", "owner_user_id", "checklist", "links"`,
      stageRows,
    );
    await insert('blocking_item', `"id", "organisation_id", "journey_id", "stage_key", "title", "owed_by", "raised_on", "due_on", "status", "resolved_on", "owner_user_id"`, blockers);
    await insert('change_freeze', `"organisation_id", "provider_key", "starts_on", "ends_on", "reason"`, freezes);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return { products: products.length, journeys: journeys.length, stages: stageRows.length, blockers: blockers.length, freezes: freezes.length };
}
