import type { EvidenceItemDto } from '@pairline/contracts';
import { Box, Typography } from '@mui/material';
import { CreateButton, Datagrid, DateField, FunctionField, List, NumberField, SearchInput, TextField, TopToolbar } from 'react-admin';
import { useCan } from '../auth';
import { formatCivilDate, todayInEngland } from '../common/format';
import { EvidenceStatusChip } from './EvidenceStatusChip';

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Search titles" />];

const Actions = () => {
  const can = useCan();
  return <TopToolbar>{can('evidence.write') ? <CreateButton label="New evidence" data-testid="create-evidence" /> : null}</TopToolbar>;
};

const Empty = () => {
  const can = useCan();
  return (
    <Box sx={{ textAlign: 'center', py: 6, width: '100%' }} data-testid="evidence-empty">
      <Typography variant="h6" gutterBottom>
        No evidence yet
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 560, mx: 'auto' }}>
        Evidence is what NHS England reads behind a SCAL answer: the DSPT status page, a penetration test report, the clinical safety case. Each item
        keeps every revision with the date it speaks for and when it expires.
      </Typography>
      {can('evidence.write') ? <CreateButton label="New evidence" variant="contained" data-testid="create-evidence" /> : null}
    </Box>
  );
};

/** The organisation's evidence items, newest change first. */
export const EvidenceList = () => (
  <List<EvidenceItemDto> title="Evidence" filters={filters} actions={<Actions />} empty={<Empty />} sort={{ field: 'updatedAt', order: 'DESC' }} perPage={25} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false} size="small" data-testid="evidence-list">
      <TextField<EvidenceItemDto> source="title" label="Title" />
      <FunctionField<EvidenceItemDto> label="Status" sortable={false} render={(record) => <EvidenceStatusChip status={record.status} />} />
      <FunctionField<EvidenceItemDto> label="Revision" sortable={false} render={(record) => (record.latestRevision ? `#${record.latestRevision}` : '—')} />
      <FunctionField<EvidenceItemDto>
        label="Expires"
        sortable={false}
        render={(record) => (
          <Typography variant="body2" color={record.expiresOn && record.expiresOn < todayInEngland() ? 'error' : undefined}>
            {formatCivilDate(record.expiresOn)}
          </Typography>
        )}
      />
      <NumberField<EvidenceItemDto> source="linkCount" label="SCAL rows" sortable={false} />
      <DateField<EvidenceItemDto> source="updatedAt" label="Updated" locales="en-GB" showTime />
    </Datagrid>
  </List>
);
