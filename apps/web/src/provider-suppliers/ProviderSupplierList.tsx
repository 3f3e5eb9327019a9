import type { ProviderSupplierDto } from '@pairline/contracts';
import { Datagrid, List, SearchInput, TextField, WrapperField } from 'react-admin';
import { StatusUnconfirmedChip } from './StatusUnconfirmedChip';

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Search suppliers" />];

export const ProviderSupplierList = () => (
  <List<ProviderSupplierDto>
    title="Provider suppliers"
    filters={filters}
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    exporter={false}
  >
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField<ProviderSupplierDto> source="name" />
      <TextField<ProviderSupplierDto> source="systemName" label="Clinical system" />
      <TextField<ProviderSupplierDto> source="shortName" label="Short name" />
      <WrapperField label="Status" sortable={false}>
        <StatusUnconfirmedChip />
      </WrapperField>
    </Datagrid>
  </List>
);
