import type { BlockingItemDto, JourneyDto } from '@pairline/contracts';
import { BLOCKER_PARTIES, BLOCKER_STATUSES } from '@pairline/contracts';
import { Datagrid, FunctionField, List, ReferenceField, ReferenceInput, AutocompleteInput, SelectInput, TextField } from 'react-admin';
import { formatCivilDate } from '../common/format';
import { BLOCKER_PARTY_LABELS } from '../journeys/labels';
import { BlockingItemStatusChip } from './BlockingItemsPanel';

const journeyLabel = (journey: JourneyDto) => `${journey.productName} · ${journey.mechanismName}${journey.providerName ? ` · ${journey.providerName}` : ''}`;

const filters = [
  <SelectInput key="status" source="status" label="Status" choices={BLOCKER_STATUSES.map((id) => ({ id, name: id === 'open' ? 'Open' : 'Resolved' }))} alwaysOn />,
  <SelectInput key="owedBy" source="owedBy" label="Owed by" choices={BLOCKER_PARTIES.map((id) => ({ id, name: BLOCKER_PARTY_LABELS[id] }))} alwaysOn />,
  <ReferenceInput key="journeyId" source="journeyId" reference="journeys" sort={{ field: 'productName', order: 'ASC' }}>
    <AutocompleteInput label="Journey" optionText={journeyLabel} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 280 }} />
  </ReferenceInput>,
];

/** Every blocking item across journeys; open one's journey to resolve or edit it. */
export const BlockingItemList = () => (
  <List<BlockingItemDto>
    title="Blocking items"
    filters={filters}
    filterDefaultValues={{ status: 'open' }}
    sort={{ field: 'raisedOn', order: 'DESC' }}
    perPage={25}
    exporter={false}
  >
    <Datagrid rowClick={(_id, _resource, record) => `/journeys/${encodeURIComponent(String(record.journeyId))}/show`} bulkActionButtons={false} data-testid="blocking-items-list">
      <TextField<BlockingItemDto> source="title" sortable={false} />
      <ReferenceField<BlockingItemDto> source="journeyId" reference="journeys" label="Journey" link="show" sortable={false}>
        <FunctionField<JourneyDto> render={journeyLabel} />
      </ReferenceField>
      <FunctionField<BlockingItemDto> source="owedBy" label="Owed by" render={(record) => BLOCKER_PARTY_LABELS[record.owedBy]} />
      <FunctionField<BlockingItemDto> source="raisedOn" label="Raised" render={(record) => formatCivilDate(record.raisedOn)} />
      <FunctionField<BlockingItemDto> source="dueOn" label="Due" render={(record) => formatCivilDate(record.dueOn)} />
      <FunctionField<BlockingItemDto> source="status" label="Status" render={(record) => <BlockingItemStatusChip item={record} />} />
    </Datagrid>
  </List>
);
