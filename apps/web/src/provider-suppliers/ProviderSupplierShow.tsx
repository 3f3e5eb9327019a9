import { Chip, Typography } from '@mui/material';
import type { ProviderSupplierDto } from '@pairline/contracts';
import { FunctionField, Show, SimpleShowLayout, TextField, UrlField, useRecordContext } from 'react-admin';

const ProviderSupplierTitle = () => {
  const record = useRecordContext<ProviderSupplierDto>();
  return <span>{record ? `Provider supplier: ${record.name}` : 'Provider supplier'}</span>;
};

export const ProviderSupplierShow = () => (
  <Show<ProviderSupplierDto> title={<ProviderSupplierTitle />}>
    <SimpleShowLayout>
      <TextField<ProviderSupplierDto> source="name" />
      <TextField<ProviderSupplierDto> source="systemName" label="Clinical system" />
      <TextField<ProviderSupplierDto> source="shortName" label="Short name" />
      <TextField<ProviderSupplierDto> source="id" label="Key" />
      <FunctionField<ProviderSupplierDto>
        label="IM1 status"
        render={(record) =>
          record.statusUnconfirmed ? (
            <Chip size="small" color="warning" label="status unconfirmed" />
          ) : (
            <Typography variant="body2">Confirmed from public sources</Typography>
          )
        }
      />
      <TextField<ProviderSupplierDto> source="statusNote" label="Status note" emptyText="None" />
      <UrlField<ProviderSupplierDto> source="source" target="_blank" rel="noopener noreferrer" />
    </SimpleShowLayout>
  </Show>
);
