import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeListeners } from '../database/change-listeners';

/**
 * Dated things that belong to no journey's own rows, named by the features that write them. The
 * names are the reminder kinds their sources report, so a listener can hand them on unchanged.
 */
export type DatedItemKind = 'scal_requirement' | 'evidence_expiry' | 'hazard_review';

/**
 * Told of every write that may move the due date, owner or status of SCAL requirements, evidence
 * or hazards, by id. Journeys have their own (`JourneyChanges`): a journey's write touches all of
 * its stages.
 */
@Injectable()
export class DatedItemChanges extends ChangeListeners<[organisationId: string, kind: DatedItemKind, ids: readonly string[]]> {
  override async changed(manager: EntityManager, organisationId: string, kind: DatedItemKind, ids: readonly string[]): Promise<void> {
    if (ids.length) await super.changed(manager, organisationId, kind, ids);
  }
}
