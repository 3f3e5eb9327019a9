import type { ChangeFreezeDto } from '@pairline/contracts';
import { CreateButton, Datagrid, FunctionField, List, ReferenceField, ReferenceInput, SelectInput, TextField, TopToolbar } from 'react-admin';
import { useCan } from '../auth';
import { formatCivilDate, providerLabel } from '../common/format';

const ChangeFreezeListActions = () => {
  const can = useCan();
  return <TopToolbar>{can('journeys.write') ? <CreateButton label="New change freeze" data-testid="create-change-freeze" /> : null}</TopToolbar>;
};

const filters = [
  <ReferenceInput key="providerSupplierId" source="providerSupplierId" reference="provider-suppliers" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Provider supplier" optionText={providerLabel} />
  </ReferenceInput>,
];

/** Provider change-freeze windows: forecasts never put a go-live inside one. */
export const ChangeFreezeList = () => {
  const can = useCan();
  return (
    <List<ChangeFreezeDto>
      title="Change freezes"
      filters={filters}
      actions={<ChangeFreezeListActions />}
      sort={{ field: 'startsOn', order: 'ASC' }}
      perPage={25}
      exporter={false}
    >
      <Datagrid rowClick={can('journeys.write') ? 'edit' : false} bulkActionButtons={false} data-testid="change-freezes-list">
        <FunctionField<ChangeFreezeDto>
          label="Provider supplier"
          sortBy="providerSupplierId"
          render={(record) =>
            record.providerSupplierId ? <ReferenceField source="providerSupplierId" reference="provider-suppliers" link={false} /> : 'Every provider supplier'
          }
        />
        <FunctionField<ChangeFreezeDto> source="startsOn" label="Starts" render={(record) => formatCivilDate(record.startsOn)} />
        <FunctionField<ChangeFreezeDto> source="endsOn" label="Ends" render={(record) => formatCivilDate(record.endsOn)} />
        <TextField<ChangeFreezeDto> source="reason" sortable={false} />
      </Datagrid>
    </List>
  );
};
