import type { ProviderSupplierKey } from './provider-suppliers';

/**
 * Integration mechanisms a consumer supplier can onboard for. IM1 pairings are made with one
 * provider supplier each; GP Connect capabilities are onboarded with NHS England.
 */
export type Im1Api = 'im1_patient' | 'im1_transaction' | 'im1_bulk' | 'im1_partner';
export type GpConnectCapability =
  | 'gpc_access_record_html'
  | 'gpc_access_record_structured'
  | 'gpc_access_document'
  | 'gpc_send_document'
  | 'gpc_appointment_management'
  | 'gpc_update_record';
export type MechanismKey = Im1Api | GpConnectCapability;

export interface Mechanism {
  readonly key: MechanismKey;
  readonly family: 'im1' | 'gp_connect';
  readonly name: string;
  /** Shown wherever the mechanism is chosen: a restriction a supplier must know before starting. */
  readonly notice: string | null;
  readonly source: string;
}

const IM1_GUIDANCE = 'https://digital.nhs.uk/services/gp-it-futures-systems/im1-pairing-integration/interface-mechanisms-guidance';
const GPC = 'https://github.com/nhsconnect/gpc-consumer-support';

export const MECHANISMS: readonly Mechanism[] = [
  { key: 'im1_patient', family: 'im1', name: 'IM1 Patient', notice: null, source: IM1_GUIDANCE },
  { key: 'im1_transaction', family: 'im1', name: 'IM1 Transaction', notice: null, source: IM1_GUIDANCE },
  { key: 'im1_bulk', family: 'im1', name: 'IM1 Bulk', notice: null, source: IM1_GUIDANCE },
  { key: 'im1_partner', family: 'im1', name: 'IM1 Partner', notice: 'Offered by Optum (EMIS Web) only.', source: IM1_GUIDANCE },
  { key: 'gpc_access_record_html', family: 'gp_connect', name: 'GP Connect Access Record: HTML', notice: null, source: GPC },
  { key: 'gpc_access_record_structured', family: 'gp_connect', name: 'GP Connect Access Record: Structured', notice: null, source: GPC },
  { key: 'gpc_access_document', family: 'gp_connect', name: 'GP Connect Access Document', notice: null, source: GPC },
  { key: 'gpc_send_document', family: 'gp_connect', name: 'GP Connect Send Document', notice: 'Needs MESH and ITK3 conformance first.', source: GPC },
  { key: 'gpc_appointment_management', family: 'gp_connect', name: 'GP Connect Appointment Management', notice: 'New supplier development is paused by NHS England.', source: GPC },
  {
    key: 'gpc_update_record',
    family: 'gp_connect',
    name: 'GP Connect Update Record',
    notice: 'For community pharmacy use cases only; only EMIS and TPP are assured as GP systems.',
    source: GPC,
  },
];

/** A mechanism's name for people (documents, exports), or the key itself if it names none. */
export const mechanismName = (key: string): string => MECHANISMS.find((m) => m.key === key)?.name ?? key;

export type Availability = 'offered' | 'not_offered' | 'unconfirmed';

export interface AvailabilityCell {
  readonly availability: Availability;
  readonly note: string | null;
}

const offered = (note: string | null = null): AvailabilityCell => ({ availability: 'offered', note });
const notOffered = (note: string | null = null): AvailabilityCell => ({ availability: 'not_offered', note });
const unconfirmed: AvailabilityCell = { availability: 'unconfirmed', note: 'No public source confirms this API for Vision.' };

/** Which provider supplier offers which IM1 API (NHS England's IM1 pages; Medicus' own docs). */
export const IM1_AVAILABILITY: Readonly<Record<ProviderSupplierKey, Readonly<Record<Im1Api, AvailabilityCell>>>> = {
  optum: { im1_patient: offered(), im1_transaction: offered(), im1_bulk: offered(), im1_partner: offered('IM1 Partner is offered by EMIS only.') },
  tpp: { im1_patient: offered(), im1_transaction: offered(), im1_bulk: offered('As reporting extracts.'), im1_partner: notOffered('IM1 Partner is offered by Optum (EMIS Web) only.') },
  medicus: {
    im1_patient: offered('Patient facing services API.'),
    im1_transaction: offered('"Transactional API" (REST).'),
    im1_bulk: offered('SFTP extract at most once per 24 hours; access within 10 business days of RTC; reviewed every 3 months.'),
    im1_partner: notOffered('IM1 Partner is offered by Optum (EMIS Web) only.'),
  },
  cegedim: { im1_patient: unconfirmed, im1_transaction: unconfirmed, im1_bulk: unconfirmed, im1_partner: notOffered('IM1 Partner is offered by Optum (EMIS Web) only.') },
};

export type CombinationCheck =
  | { readonly allowed: true; readonly warning: string | null }
  | { readonly allowed: false; readonly reason: string };

/**
 * Whether a pairing journey for `api` with `provider` can be started: refused when the provider
 * does not offer it, allowed with a warning when no public source settles it.
 */
export function checkIm1Combination(provider: ProviderSupplierKey, api: Im1Api): CombinationCheck {
  const cell = IM1_AVAILABILITY[provider][api];
  const name = MECHANISMS.find((m) => m.key === api)!.name;
  if (cell.availability === 'not_offered') return { allowed: false, reason: `${name} is not offered by this provider supplier. ${cell.note ?? ''}`.trim() };
  if (cell.availability === 'unconfirmed') return { allowed: true, warning: `${name} availability is unconfirmed for this provider supplier: ${cell.note}` };
  return { allowed: true, warning: null };
}
