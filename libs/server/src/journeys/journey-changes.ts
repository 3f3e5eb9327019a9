import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Told, inside the writing transaction, which journeys' dated things may have changed (null: all of the organisation's). */
export type JourneyChangeListener = (manager: EntityManager, organisationId: string, journeyIds: readonly string[] | null) => Promise<unknown>;

/**
 * Lets features that follow journeys (deadline reminders) react to every write that moves their
 * dates, owners or status, in the same transaction, without journeys depending on them.
 */
@Injectable()
export class JourneyChanges {
  private readonly listeners: JourneyChangeListener[] = [];

  subscribe(listener: JourneyChangeListener): void {
    this.listeners.push(listener);
  }

  async changed(manager: EntityManager, organisationId: string, journeyIds: readonly string[] | null): Promise<void> {
    for (const listener of this.listeners) await listener(manager, organisationId, journeyIds);
  }
}
