import { Box, Button, Typography } from '@mui/material';
import type { HazardDto } from '@pairline/contracts';
import {
  CreateButton,
  Datagrid,
  FilterButton,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useListContext,
  useNotify,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { useCan } from '../auth';
import { OwnerInput, useMemberChoices } from '../common/OwnerInput';
import { errorMessage } from '../auth/errors';
import { downloadBlob, formatCivilDate } from '../common/format';
import { fetchDocument } from './clinicalSafetyApi';
import { HAZARD_STATUS_LABELS, hazardStatusChoices, mechanismChoices, mechanismName, ratingChoices } from './labels';
import { RatingSwatch } from './rating';

const filters = [
  <ReferenceInput key="productId" source="productId" reference="products" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
    <SelectInput label="Product" optionText="name" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <TextInput key="q" source="q" label="Search" alwaysOn />,
  <SelectInput key="status" source="status" label="Status" choices={hazardStatusChoices} alwaysOn />,
  <SelectInput key="residualRating" source="residualRating" label="Residual rating" choices={ratingChoices} alwaysOn />,
  <SelectInput key="initialRating" source="initialRating" label="Initial rating" choices={ratingChoices} />,
  <OwnerInput key="ownerUserId" source="ownerUserId" label="Owner" emptyText="Anyone" parse={(v: string) => v} />,
  <TextInput key="hazardType" source="hazardType" label="Category" />,
  <SelectInput key="mechanismKey" source="mechanismKey" label="Capability or IM1 API" choices={mechanismChoices} sx={{ minWidth: 240 }} />,
];

const Actions = () => {
  const can = useCan();
  const notify = useNotify();
  const { filterValues } = useListContext();
  const productId = filterValues.productId as string | undefined;
  return (
    <TopToolbar>
      {/* The filters that are not always shown (initial rating, owner, category, mechanism) are added here. */}
      <FilterButton />
      {productId ? (
        <Typography component={Link} to={`/clinical-safety/${encodeURIComponent(productId)}`} variant="button" sx={{ alignSelf: 'center', mr: 1, color: 'primary.main', textDecoration: 'none' }} data-testid="hazards-safety-file">
          Safety file
        </Typography>
      ) : null}
      {can('hazards.write') ? <CreateButton state={productId ? { record: { productId } } : undefined} data-testid="hazards-create" /> : null}
      {productId ? (
        <Button size="small" onClick={() => void fetchDocument(`/hazards/export.xlsx?${new URLSearchParams({ productId })}`).then(({ blob, filename }) => downloadBlob(blob, filename), (error) => notify(errorMessage(error), { type: 'error' }))} data-testid="hazards-export">
          Export xlsx
        </Button>
      ) : null}
    </TopToolbar>
  );
};

/** Owners are user ids; the member list (cached once per page) names them. */
export const OwnerName = ({ userId }: { userId: string | null }) => {
  const { choices } = useMemberChoices();
  return <>{userId ? (choices.find((c) => c.id === userId)?.name ?? '…') : '—'}</>;
};

const Empty = () => (
  <Box sx={{ p: 4, textAlign: 'center', color: 'text.secondary' }} data-testid="hazards-empty">
    <Typography variant="subtitle1">No hazards match.</Typography>
    <Typography variant="body2">Choose another product or clear the filters; new hazards are numbered H-001 onward per product.</Typography>
  </Box>
);

/** The hazard log across products; sorting and paging are the API's. */
export const HazardList = () => (
  <List<HazardDto> title="Hazard log" filters={filters} filterDefaultValues={{ withdrawn: false }} sort={{ field: 'number', order: 'ASC' }} perPage={25} exporter={false} actions={<Actions />} empty={false}>
    <Datagrid rowClick="edit" bulkActionButtons={false} size="small" empty={<Empty />} data-testid="hazards-list" sx={{ '& td': { py: 0.5 } }}>
      <TextField source="number" label="No." />
      <TextField source="name" />
      <ReferenceField source="productId" reference="products" label="Product" link={false} sortable={false} />
      <TextField source="hazardType" label="Category" emptyText="—" />
      <FunctionField<HazardDto> label="Capabilities / APIs" render={(h) => (h.mechanismKeys.length ? h.mechanismKeys.map(mechanismName).join(', ') : '—')} />
      <FunctionField<HazardDto> source="initialRating" label="Initial" render={(h) => <RatingSwatch rating={h.initial?.rating} />} />
      <FunctionField<HazardDto> source="residualRating" label="Residual" render={(h) => <RatingSwatch rating={h.residual?.rating} />} />
      <FunctionField<HazardDto> source="status" label="Status" render={(h) => (h.withdrawnReason ? 'Withdrawn' : HAZARD_STATUS_LABELS[h.status])} />
      <FunctionField<HazardDto> label="Owner" render={(h) => <OwnerName userId={h.ownerUserId} />} />
      <FunctionField<HazardDto> source="nextReviewOn" label="Next review" render={(h) => formatCivilDate(h.nextReviewOn)} />
    </Datagrid>
  </List>
);
