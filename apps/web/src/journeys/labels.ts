import type { BlockerParty } from '@pairline/contracts';
import type { Availability, JourneyStatus, StageAction, StageStatus, StatusColour } from '@pairline/domain';
import { JOURNEY_STATUSES, STAGE_STATUSES } from '@pairline/domain';

export const STAGE_STATUS_LABELS: Record<StageStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  waiting_nhs_england: 'Waiting on NHS England',
  waiting_provider: 'Waiting on provider',
  blocked: 'Blocked',
  done: 'Done',
  skipped: 'Skipped',
};

export const JOURNEY_STATUS_LABELS: Record<JourneyStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  blocked: 'Blocked',
  live: 'Live',
  withdrawn: 'Withdrawn',
};

export const STATUS_COLOUR_LABELS: Record<StatusColour, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  late: 'Late',
};

export const STAGE_ACTION_LABELS: Record<StageAction, string> = {
  start: 'Start',
  complete: 'Complete',
  wait_nhs_england: 'Wait on NHS England',
  wait_provider: 'Wait on provider',
  block: 'Block',
  resume: 'Resume',
  skip: 'Skip',
  reopen: 'Reopen',
};

export const BLOCKER_PARTY_LABELS: Record<BlockerParty, string> = {
  us: 'Us',
  nhs_england: 'NHS England',
  provider: 'Provider supplier',
};

export const AVAILABILITY_LABELS: Record<Availability, string> = {
  offered: 'Offered',
  not_offered: 'Not offered',
  unconfirmed: 'Unconfirmed',
};

export const journeyStatusChoices = JOURNEY_STATUSES.map((id) => ({ id, name: JOURNEY_STATUS_LABELS[id] }));
export const stageStatusChoices = STAGE_STATUSES.map((id) => ({ id, name: STAGE_STATUS_LABELS[id] }));
