import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Dated things that belong to no journey's own rows, named by the features that write them. The
 * names are the reminder kinds their sources report, so a listener can hand them on unchanged.
 */
export type DatedItemKind = 'scal_requirement' | 'evidence_expiry' | 'hazard_review';

/** Told, inside the writing transaction, which items of one kind may have a new due date, owner or status. */
export type DatedItemChangeListener = (manager: EntityManager, organisationId: string, kind: DatedItemKind, ids: readonly string[]) => Promise<unknown>;

/**
 * Lets features that follow due dates (deadline reminders) react to every write that moves one, in
 * the same transaction, without the SCAL, evidence and clinical safety features depending on them.
 * Journeys have their own hub (`JourneyChanges`): a journey's write touches all of its stages.
 */
@Injectable()
export class DatedItemChanges {
  private readonly listeners: DatedItemChangeListener[] = [];

  subscribe(listener: DatedItemChangeListener): void {
    this.listeners.push(listener);
  }

  async changed(manager: EntityManager, organisationId: string, kind: DatedItemKind, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const listener of this.listeners) await listener(manager, organisationId, kind, ids);
  }
}
