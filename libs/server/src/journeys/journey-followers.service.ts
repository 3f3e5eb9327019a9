import { Injectable } from '@nestjs/common';
import type { JourneyFollowStateDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';

/**
 * Following a journey: any member who can read it may, whatever their role, since it changes
 * nothing of the journey, only what their own calendar feed lists. Both directions are idempotent.
 */
@Injectable()
export class JourneyFollowers {
  constructor(private readonly db: Db) {}

  state(actor: Actor, journeyId: string): Promise<JourneyFollowStateDto> {
    return this.db.transaction(async (manager) => {
      await assertJourney(manager, actor.organisationId, journeyId);
      const rows = await manager.query(`SELECT 1 FROM "journey_follower" WHERE "journey_id" = $1 AND "user_id" = $2`, [journeyId, actor.userId]);
      return { following: rows.length > 0 };
    }, tenantOf(actor));
  }

  set(actor: Actor, journeyId: string, following: boolean): Promise<JourneyFollowStateDto> {
    return this.db.transaction(async (manager) => {
      await assertJourney(manager, actor.organisationId, journeyId);
      if (following) {
        await manager.query(`INSERT INTO "journey_follower" ("journey_id", "user_id", "organisation_id") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [journeyId, actor.userId, actor.organisationId]);
      } else {
        await manager.query(`DELETE FROM "journey_follower" WHERE "journey_id" = $1 AND "user_id" = $2`, [journeyId, actor.userId]);
      }
      return { following };
    }, tenantOf(actor));
  }
}

async function assertJourney(manager: EntityManager, organisationId: string, journeyId: string): Promise<void> {
  const rows = await manager.query(`SELECT 1 FROM "journey" WHERE "organisation_id" = $1 AND "id" = $2`, [organisationId, journeyId]);
  if (rows.length === 0) throw new DomainError('not_found', 'journey_not_found', 'No such journey in this organisation.');
}

/** The journeys a member follows, for their calendar feed. */
export async function followedJourneyIds(manager: EntityManager, organisationId: string, userId: string): Promise<Set<string>> {
  const rows: { journey_id: string }[] = await manager.query(`SELECT "journey_id" FROM "journey_follower" WHERE "organisation_id" = $1 AND "user_id" = $2`, [organisationId, userId]);
  return new Set(rows.map((r) => r.journey_id));
}
