/**
 * GP clinical system ("foundation system") suppliers that expose IM1 APIs.
 *
 * Pairing is done separately with each of them, so every journey names one. The facts below are
 * public; `statusNote` carries what no public source settles so the UI can show it instead of the
 * product silently assuming it.
 */
export type ProviderSupplierKey = 'optum' | 'tpp' | 'medicus' | 'cegedim';

export interface ProviderSupplier {
  readonly key: ProviderSupplierKey;
  /** The company, as NHS England's IM1 pages name it. */
  readonly name: string;
  /** The clinical system users recognise (what executives call "EMIS", "TPP"...). */
  readonly systemName: string;
  readonly shortName: string;
  /** True when the supplier's current IM1 status cannot be confirmed from public sources. */
  readonly statusUnconfirmed: boolean;
  readonly statusNote: string | null;
  readonly source: string;
}

const IM1_PAGE = 'https://digital.nhs.uk/services/gp-it-futures-systems/im1-pairing-integration';

export const PROVIDER_SUPPLIERS: readonly ProviderSupplier[] = [
  {
    key: 'optum',
    name: 'Optum',
    systemName: 'EMIS Web',
    shortName: 'EMIS',
    statusUnconfirmed: false,
    statusNote: null,
    source: IM1_PAGE,
  },
  {
    key: 'tpp',
    name: 'TPP',
    systemName: 'SystmOne',
    shortName: 'TPP',
    statusUnconfirmed: false,
    statusNote: null,
    source: IM1_PAGE,
  },
  {
    key: 'medicus',
    name: 'Medicus Health',
    systemName: 'Medicus',
    shortName: 'Medicus',
    statusUnconfirmed: false,
    statusNote: null,
    source: 'https://resources.medicus.health/medicus/nhs-im1-bulk-extract',
  },
  {
    key: 'cegedim',
    name: 'Cegedim',
    systemName: 'Vision',
    shortName: 'Vision',
    statusUnconfirmed: true,
    statusNote:
      'Cegedim Healthcare Solutions UK entered administration in December 2024; its current IM1 status is unconfirmed.',
    source: IM1_PAGE,
  },
];

export function findProviderSupplier(key: string): ProviderSupplier | undefined {
  return PROVIDER_SUPPLIERS.find((supplier) => supplier.key === key);
}
