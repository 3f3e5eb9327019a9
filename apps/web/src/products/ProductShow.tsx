import { Box, Stack, Typography } from '@mui/material';
import type { ProductDto } from '@pairline/contracts';
import { MEDICAL_DEVICE_STATUS_LABELS } from '@pairline/domain';
import {
  CreateButton,
  DateField,
  EditButton,
  FunctionField,
  Pagination,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { useCan } from '../auth';
import { JourneyDatagrid } from '../journeys/JourneyList';

const ProductTitle = () => {
  const record = useRecordContext<ProductDto>();
  return <span>{record ? `Product: ${record.name}` : 'Product'}</span>;
};

const ProductShowActions = () => {
  const can = useCan();
  return <TopToolbar>{can('journeys.write') ? <EditButton data-testid="edit-product" /> : null}</TopToolbar>;
};

/** "Add journey" opens the journey form with this product chosen. */
const AddJourneyButton = () => {
  const record = useRecordContext<ProductDto>();
  const can = useCan();
  if (!record || !can('journeys.write')) return null;
  return (
    <CreateButton
      resource="journeys"
      label="Add journey"
      state={{ record: { productId: record.id } }}
      data-testid="add-journey"
      variant="outlined"
    />
  );
};

const ProductJourneys = () => (
  <Box sx={{ mt: 3 }} data-testid="product-journeys">
    <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
      <Typography variant="h6" component="h2">
        Journeys
      </Typography>
      <AddJourneyButton />
    </Stack>
    <ReferenceManyField
      reference="journeys"
      target="productId"
      sort={{ field: 'createdAt', order: 'ASC' }}
      perPage={25}
      pagination={<Pagination />}
      empty={
        <Typography variant="body2" color="text.secondary">
          No journeys yet. Add one for each IM1 pairing (per provider supplier) or GP Connect capability.
        </Typography>
      }
    >
      <JourneyDatagrid hideProduct />
    </ReferenceManyField>
  </Box>
);

export const ProductShow = () => (
  <Show<ProductDto> title={<ProductTitle />} actions={<ProductShowActions />}>
    <SimpleShowLayout>
      <TextField<ProductDto> source="name" label="Product name" />
      <TextField<ProductDto> source="productVersion" label="Product version" emptyText="—" />
      <TextField<ProductDto> source="useCase" label="Use case" sx={{ whiteSpace: 'pre-wrap' }} />
      <TextField<ProductDto> source="intendedUsers" label="Intended users" sx={{ whiteSpace: 'pre-wrap' }} />
      <FunctionField<ProductDto>
        label="Medical device status"
        render={(record) => MEDICAL_DEVICE_STATUS_LABELS[record.medicalDeviceStatus] ?? record.medicalDeviceStatus}
      />
      <TextField<ProductDto> source="ownerName" label="Owner" emptyText="Nobody yet" />
      <DateField<ProductDto> source="updatedAt" label="Updated" locales="en-GB" showTime />
    </SimpleShowLayout>
    <Box sx={{ px: 2, pb: 2 }}>
      <ProductJourneys />
    </Box>
  </Show>
);
