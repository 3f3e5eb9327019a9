import type { ProductDto } from '@pairline/contracts';
import { MEDICAL_DEVICE_STATUS_LABELS } from '@pairline/domain';
import {
  CreateButton,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  TextField,
  TopToolbar,
} from 'react-admin';
import { useCan } from '../auth';
import { useMemberChoices } from '../common/OwnerInput';

const ProductListActions = () => {
  const can = useCan();
  return <TopToolbar>{can('journeys.write') ? <CreateButton label="New product" data-testid="create-product" /> : null}</TopToolbar>;
};

const OwnerFilter = (props: { source: string; label: string; alwaysOn?: boolean }) => {
  const { choices, isPending } = useMemberChoices();
  return <SelectInput {...props} choices={choices} isPending={isPending} />;
};

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search products" />,
  <OwnerFilter key="ownerUserId" source="ownerUserId" label="Owner" alwaysOn />,
];

/** The organisation's products: what is being paired with GP systems. */
export const ProductList = () => (
  <List<ProductDto>
    title="Products"
    filters={filters}
    actions={<ProductListActions />}
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    exporter={false}
  >
    <Datagrid rowClick="show" bulkActionButtons={false} data-testid="products-list">
      <TextField<ProductDto> source="name" />
      <TextField<ProductDto> source="productVersion" label="Version" emptyText="—" sortable={false} />
      <FunctionField<ProductDto>
        source="medicalDeviceStatus"
        label="Medical device status"
        render={(record) => MEDICAL_DEVICE_STATUS_LABELS[record.medicalDeviceStatus] ?? record.medicalDeviceStatus}
      />
      <TextField<ProductDto> source="ownerName" label="Owner" emptyText="—" sortable={false} />
      <NumberField<ProductDto> source="journeyCount" label="Journeys" sortable={false} />
      <DateField<ProductDto> locales="en-GB" source="updatedAt" label="Updated" />
    </Datagrid>
  </List>
);
