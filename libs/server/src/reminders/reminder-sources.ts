import { Injectable } from '@nestjs/common';
import type { DatedItem } from '@pairline/domain';
import type { EntityManager } from 'typeorm';

/** A dated item with what an email about it needs to say. */
export interface ReminderItem extends DatedItem {
  /** The journey it belongs to: its owner is told on escalation, and re-planning a journey finds it. */
  readonly journeyId: string | null;
  readonly journeyOwnerUserId: string | null;
  /** e.g. "Stage “Supported testing” planned to finish". */
  readonly title: string;
  readonly productName: string;
  /** e.g. "IM1 Patient with Optum (EMIS)". */
  readonly journeyName: string;
  /** Path in the web app, appended to PUBLIC_URL, e.g. `/#/journeys/<id>/show`. */
  readonly path: string;
}

/** Which items to load: those of some journeys, some items by id, or all of an organisation's. */
export type ReminderScope = { readonly journeyIds: readonly string[] } | { readonly itemIds: readonly string[] } | 'all';

export interface ReminderSource {
  /** The item kinds this source reports (each must be unique across sources). */
  readonly kinds: readonly string[];
  /** Human label per kind, used in emails and in preferences. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Every item in scope whose reminders should exist, plus completed ones (which cancel theirs).
   * An item no longer returned at all (deleted, due date cleared) has its pending reminders
   * cancelled. Runs in the caller's transaction, under the organisation's row-level security.
   */
  load(manager: EntityManager, organisationId: string, scope: ReminderScope): Promise<ReminderItem[]>;
}

/**
 * Where reminders come from. A source is plain SQL over its feature's tables, registered in
 * `RemindersModule` so that the API and the worker have the same ones. After a write that changes
 * an item's due date, owner or status, the feature announces it in the same transaction and the
 * reminders module re-plans there: journeys through `JourneyChanges` (a journey's write can move
 * all of its stages), SCAL requirements, evidence and hazards through `DatedItemChanges` with the
 * changed items' ids. The nightly re-plan of every organisation is the safety net for a write that
 * announces nothing, and a fired reminder always re-reads its item before sending.
 *
 * Registered: journey stages (`stage_due`, `stage_sla`), blocking items (`blocking_item`), SCAL
 * requirement due dates (`scal_requirement`), evidence expiry (`evidence_expiry`) and hazard
 * review dates (`hazard_review`).
 */
@Injectable()
export class ReminderSources {
  private readonly sources: ReminderSource[] = [];
  private readonly byKind = new Map<string, ReminderSource>();

  register(source: ReminderSource): void {
    for (const kind of source.kinds) {
      if (this.byKind.has(kind)) throw new Error(`Reminder kind "${kind}" is registered twice`);
      this.byKind.set(kind, source);
    }
    this.sources.push(source);
  }

  get kinds(): string[] {
    return [...this.byKind.keys()];
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  label(kind: string): string {
    return this.byKind.get(kind)?.labels[kind] ?? kind;
  }

  async load(manager: EntityManager, organisationId: string, scope: ReminderScope): Promise<ReminderItem[]> {
    const items: ReminderItem[] = [];
    for (const source of this.sources) items.push(...(await source.load(manager, organisationId, scope)));
    return items;
  }

  /** Items of one kind by id, asking only the source that owns the kind. */
  async loadItems(manager: EntityManager, organisationId: string, kind: string, ids: readonly string[]): Promise<ReminderItem[]> {
    const source = this.byKind.get(kind);
    if (!source) return [];
    return (await source.load(manager, organisationId, { itemIds: ids })).filter((item) => item.kind === kind);
  }
}
