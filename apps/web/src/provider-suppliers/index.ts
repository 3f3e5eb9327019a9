import BusinessIcon from '@mui/icons-material/Business';
import type { ProviderSupplierDto } from '@pairline/contracts';
import { ProviderSupplierList } from './ProviderSupplierList';
import { ProviderSupplierShow } from './ProviderSupplierShow';

/**
 * GP clinical system suppliers (reference data). The API is read-only for this resource, so there is
 * no create or edit view.
 */
export default {
  list: ProviderSupplierList,
  show: ProviderSupplierShow,
  icon: BusinessIcon,
  recordRepresentation: (record: ProviderSupplierDto) => record.name,
  options: { label: 'Provider suppliers' },
};
