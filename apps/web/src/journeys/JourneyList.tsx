import type { JourneyDto } from '@pairline/contracts';
import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  FilterButton,
  FunctionField,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  TopToolbar,
} from 'react-admin';
import { useCan } from '../auth';
import { useMemberChoices } from '../common/OwnerInput';
import { formatCivilDate, providerLabel } from '../common/format';
import { journeyStatusChoices } from './labels';
import { JourneyStatusField, StatusColourField } from './StatusChips';

const OwnerFilter = (props: { source: string; label: string }) => {
  const { choices, isPending } = useMemberChoices();
  return <SelectInput {...props} choices={choices} isPending={isPending} />;
};

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search journeys" />,
  <ReferenceInput key="productId" source="productId" reference="products" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <AutocompleteInput label="Product" optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
  </ReferenceInput>,
  <ReferenceInput key="providerSupplierId" source="providerSupplierId" reference="provider-suppliers" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Provider supplier" optionText={providerLabel} />
  </ReferenceInput>,
  <ReferenceInput key="mechanismId" source="mechanismId" reference="mechanisms" alwaysOn perPage={50}>
    <SelectInput label="Mechanism" optionText="name" />
  </ReferenceInput>,
  <SelectInput key="status" source="status" label="Status" choices={journeyStatusChoices} alwaysOn />,
  <OwnerFilter key="ownerUserId" source="ownerUserId" label="Owner" />,
];

/** The journey columns, shared by the journeys list and a product's page. */
export const JourneyDatagrid = ({ hideProduct = false }: { hideProduct?: boolean }) => (
  <Datagrid rowClick="show" bulkActionButtons={false} data-testid="journeys-list">
    {hideProduct ? null : <TextField<JourneyDto> source="productName" label="Product" />}
    <TextField<JourneyDto> source="mechanismName" label="Mechanism" sortBy="mechanismId" />
    <FunctionField<JourneyDto> label="With" sortBy="providerSupplierId" render={(record) => record.providerName ?? 'NHS England'} />
    <TextField<JourneyDto> source="currentStageName" label="Current stage" sortable={false} />
    <JourneyStatusField label="Status" sortBy="status" />
    <StatusColourField label="Outlook" sortable={false} />
    <FunctionField<JourneyDto> source="targetGoLive" label="Target go-live" render={(record) => formatCivilDate(record.targetGoLive)} />
    <FunctionField<JourneyDto> source="forecastGoLive" label="Forecast go-live" sortable={false} render={(record) => formatCivilDate(record.forecastGoLive)} />
    <TextField<JourneyDto> source="ownerName" label="Owner" emptyText="—" sortable={false} />
  </Datagrid>
);

const JourneyListActions = () => {
  const can = useCan();
  return (
    <TopToolbar>
      <FilterButton />
      {can('journeys.write') ? <CreateButton label="New journey" data-testid="create-journey" /> : null}
    </TopToolbar>
  );
};

/** Every pairing journey of the organisation: one per product × mechanism (× provider for IM1). */
export const JourneyList = () => (
  <List<JourneyDto>
    title="Journeys"
    filters={filters}
    actions={<JourneyListActions />}
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    exporter={false}
  >
    <JourneyDatagrid />
  </List>
);
