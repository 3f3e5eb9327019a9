import { CONTROL_STATUSES, CONTROL_TYPES, HAZARD_STATUSES, MECHANISMS, type ControlStatus, type ControlType, type HazardStatus } from '@pairline/domain';

export const HAZARD_STATUS_LABELS: Record<HazardStatus, string> = { open: 'Open', transferred: 'Transferred', closed: 'Closed' };
export const CONTROL_TYPE_LABELS: Record<ControlType, string> = { design: 'Design', test: 'Test', training: 'Training', business_process_change: 'Business process change' };
export const CONTROL_STATUS_LABELS: Record<ControlStatus, string> = { planned: 'Planned', implemented: 'Implemented', verified: 'Verified' };
export const hazardStatusChoices = HAZARD_STATUSES.map((id) => ({ id, name: HAZARD_STATUS_LABELS[id] }));
export const controlTypeChoices = CONTROL_TYPES.map((id) => ({ id, name: CONTROL_TYPE_LABELS[id] }));
export const controlStatusChoices = CONTROL_STATUSES.map((id) => ({ id, name: CONTROL_STATUS_LABELS[id] }));
/** GP Connect capabilities first, then IM1 APIs, as a hazard names them. */
export const mechanismChoices = [...MECHANISMS].sort((a, b) => a.family.localeCompare(b.family) || a.name.localeCompare(b.name)).map((m) => ({ id: m.key, name: m.name }));
export { mechanismName } from '@pairline/domain';
export const ratingChoices = [1, 2, 3, 4, 5].map((id) => ({ id, name: String(id) }));
