import type { ProviderSupplierKey } from '@pairline/domain';

/** GET /api/provider-suppliers item. */
export interface ProviderSupplierDto {
  id: ProviderSupplierKey;
  name: string;
  systemName: string;
  shortName: string;
  statusUnconfirmed: boolean;
  statusNote: string | null;
  source: string;
}
