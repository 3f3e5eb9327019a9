import { Injectable } from '@nestjs/common';
import { ChangeListeners } from '../database/change-listeners';

/**
 * Told of every write that moves journeys' dated things, owners or status (journey ids, or null
 * for all of the organisation's), so features that follow journeys (deadline reminders) can react.
 */
@Injectable()
export class JourneyChanges extends ChangeListeners<[organisationId: string, journeyIds: readonly string[] | null]> {}
